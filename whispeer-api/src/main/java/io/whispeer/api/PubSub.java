package io.whispeer.api;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * Publish and subscribe with typed payloads. Implemented by the embedded {@link Broker} and by remote clients, so
 * code written against it runs either way. All methods are thread-safe.
 *
 * <p>Payloads are encoded by a {@link io.whispeer.api.spi.Codec} chosen by type (Protobuf messages by the Protobuf
 * codec, {@code byte[]} as is, everything else JSON) unless the topic's {@link TopicPolicy} names one; the codec id
 * travels in the envelope, so subscribers need no configuration to decode.
 */
public interface PubSub extends AutoCloseable {

    /**
     * Publishes a value with no headers.
     *
     * @param topic   a concrete topic
     * @param payload the value
     * @param <T>     the payload type
     * @return completes when every matching subscription has accepted or refused the message
     * @see #publish(String, Object, Headers)
     */
    default <T> CompletableFuture<PublishReceipt> publish(String topic, T payload) {
        return publish(topic, payload, Headers.empty());
    }

    /**
     * Publishes a value. The value is encoded, compressed, padded and sealed on the caller's thread, once, and the
     * envelope is offered to every subscription whose filter matches. A {@link OverflowPolicy#BLOCK} subscription
     * with a full queue makes this call wait, up to its block timeout.
     *
     * @param topic   a concrete topic (no wildcards)
     * @param payload the value; not null
     * @param headers user headers, authenticated but not encrypted
     * @param <T>     the payload type
     * @return completes with a receipt when every matching subscription has accepted or refused the message (with a
     *     message store: once the store holds it durably); completes exceptionally with {@link PublishTimeoutException}
     *     when a BLOCK subscription stayed full, or with {@link MessageStoreException} when the store refused it
     * @throws InvalidTopicException  when the topic is invalid or has a wildcard
     * @throws TypeMismatchException  when the topic declares another type
     * @throws LimitExceededException when the encoded payload or the headers are too large
     * @throws CodecException         when the value cannot be encoded
     * @throws AuthorizationException when a plugin denies the publish (that publish only)
     * @throws BrokerClosedException  when the broker is closed
     */
    <T> CompletableFuture<PublishReceipt> publish(String topic, T payload, Headers headers);

    /**
     * Subscribes a synchronous handler with default options.
     *
     * @param filter  a topic filter
     * @param type    the payload type
     * @param handler the handler
     * @param <T>     the payload type
     * @return the subscription
     */
    default <T> Subscription subscribe(String filter, Class<T> type, MessageHandler<T> handler) {
        return subscribe(filter, TypeRef.of(type), handler, SubscribeOptions.defaults());
    }

    /**
     * Subscribes a synchronous handler.
     *
     * @param filter  a topic filter
     * @param type    the payload type
     * @param handler the handler
     * @param options queueing, delivery and reporting options
     * @param <T>     the payload type
     * @return the subscription
     */
    default <T> Subscription subscribe(String filter, Class<T> type, MessageHandler<T> handler, SubscribeOptions options) {
        return subscribe(filter, TypeRef.of(type), handler, options);
    }

    /**
     * Subscribes a synchronous handler for a possibly generic type. Messages are delivered in publish order per
     * publisher, one at a time, on the subscription's own thread.
     *
     * @param filter  a topic filter
     * @param type    the payload type
     * @param handler the handler
     * @param options queueing, delivery and reporting options
     * @param <T>     the payload type
     * @return the subscription
     * @throws InvalidTopicException when the filter is invalid
     * @throws TypeMismatchException when a declared topic overlapping the filter carries another type
     * @throws BrokerClosedException when the broker is closed
     */
    <T> Subscription subscribe(String filter, TypeRef<T> type, MessageHandler<T> handler, SubscribeOptions options);

    /**
     * Subscribes an asynchronous handler with default options.
     *
     * @param filter  a topic filter
     * @param type    the payload type
     * @param handler the handler
     * @param <T>     the payload type
     * @return the subscription
     */
    default <T> Subscription subscribeAsync(String filter, Class<T> type, AsyncMessageHandler<T> handler) {
        return subscribeAsync(filter, TypeRef.of(type), handler, SubscribeOptions.defaults());
    }

    /**
     * Subscribes an asynchronous handler with options.
     *
     * @param filter  a topic filter
     * @param type    the payload type
     * @param handler the handler
     * @param options queueing, delivery and reporting options
     * @param <T>     the payload type
     * @return the subscription
     */
    default <T> Subscription subscribeAsync(String filter, Class<T> type, AsyncMessageHandler<T> handler, SubscribeOptions options) {
        return subscribeAsync(filter, TypeRef.of(type), handler, options);
    }

    /**
     * Subscribes an asynchronous handler: each message is acknowledged when the returned stage completes.
     *
     * @param filter  a topic filter
     * @param type    the payload type
     * @param handler the handler
     * @param options queueing, delivery and reporting options
     * @param <T>     the payload type
     * @return the subscription
     * @throws InvalidTopicException when the filter is invalid
     * @throws TypeMismatchException when a declared topic overlapping the filter carries another type
     */
    <T> Subscription subscribeAsync(String filter, TypeRef<T> type, AsyncMessageHandler<T> handler, SubscribeOptions options);

    /**
     * A {@link Flow.Publisher} of the messages matching a filter, with default options.
     *
     * @param filter a topic filter
     * @param type   the payload type
     * @param <T>    the payload type
     * @return the publisher
     */
    default <T> Flow.Publisher<Message<T>> publisher(String filter, Class<T> type) {
        return publisher(filter, TypeRef.of(type), SubscribeOptions.defaults());
    }

    /**
     * A {@link Flow.Publisher} of the messages matching a filter, with options.
     *
     * @param filter  a topic filter
     * @param type    the payload type
     * @param options queueing, delivery and reporting options
     * @param <T>     the payload type
     * @return the publisher
     */
    default <T> Flow.Publisher<Message<T>> publisher(String filter, Class<T> type, SubscribeOptions options) {
        return publisher(filter, TypeRef.of(type), options);
    }

    /**
     * A {@link Flow.Publisher} of the messages matching a filter. Each {@code subscribe} on it creates one broker
     * subscription that honours the subscriber's demand: without demand, messages wait in the subscription's queue
     * and its overflow policy applies. Cancelling closes the broker subscription. The publisher follows the
     * Reactive Streams rules, so {@code FlowAdapters} bridge it to Reactor, Mutiny or RxJava.
     *
     * @param filter  a topic filter
     * @param type    the payload type
     * @param options queueing, delivery and reporting options ({@code maxInFlight} and {@code executor} apply)
     * @param <T>     the payload type
     * @return the publisher
     * @throws InvalidTopicException when the filter is invalid
     * @throws TypeMismatchException when a declared topic overlapping the filter carries another type
     */
    <T> Flow.Publisher<Message<T>> publisher(String filter, TypeRef<T> type, SubscribeOptions options);

    /**
     * A blocking stream of the messages matching a filter, with default options.
     *
     * @param filter a topic filter
     * @param type   the payload type
     * @param <T>    the payload type
     * @return the stream; close it when done
     */
    default <T> MessageStream<T> stream(String filter, Class<T> type) {
        return stream(filter, TypeRef.of(type), SubscribeOptions.defaults());
    }

    /**
     * A blocking stream of the messages matching a filter, with options.
     *
     * @param filter  a topic filter
     * @param type    the payload type
     * @param options queueing and delivery options
     * @param <T>     the payload type
     * @return the stream; close it when done
     */
    default <T> MessageStream<T> stream(String filter, Class<T> type, SubscribeOptions options) {
        return stream(filter, TypeRef.of(type), options);
    }

    /**
     * A blocking stream of the messages matching a filter, read on the caller's thread.
     *
     * @param filter  a topic filter
     * @param type    the payload type
     * @param options queueing and delivery options ({@code executor} and {@code maxInFlight} do not apply)
     * @param <T>     the payload type
     * @return the stream; close it when done
     * @throws InvalidTopicException when the filter is invalid
     * @throws TypeMismatchException when a declared topic overlapping the filter carries another type
     */
    <T> MessageStream<T> stream(String filter, TypeRef<T> type, SubscribeOptions options);

    /** Closes this client or broker; see the implementing type for what is drained. Idempotent. */
    @Override
    void close();
}
