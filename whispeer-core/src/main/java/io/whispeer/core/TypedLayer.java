package io.whispeer.core;

import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.function.Function;

import io.whispeer.api.AsyncMessageHandler;
import io.whispeer.api.BrokerClosedException;
import io.whispeer.api.Envelope;
import io.whispeer.api.Headers;
import io.whispeer.api.LimitExceededException;
import io.whispeer.api.Message;
import io.whispeer.api.MessageHandler;
import io.whispeer.api.MessageId;
import io.whispeer.api.MessageInfo;
import io.whispeer.api.MessageStream;
import io.whispeer.api.PublishReceipt;
import io.whispeer.api.SubscribeOptions;
import io.whispeer.api.Subscription;
import io.whispeer.api.TopicFilter;
import io.whispeer.api.TypeRef;
import io.whispeer.api.WhispeerException;
import io.whispeer.api.spi.Codec;
import io.whispeer.core.router.PushDispatcher;
import io.whispeer.core.router.Sink;
import io.whispeer.core.router.SubscriptionQueue;

/**
 * The typed layer: values in, sealed envelopes out, and back; it carries out the {@link io.whispeer.api.PubSub}
 * contract for whoever owns it (the embedded broker, and later the remote client). Publishing encodes, compresses, pads and seals on the
 * caller's thread, once, then hands the envelope to the {@link Upstream}. Subscribing creates a queue at the
 * upstream and plugs in a consumer that opens and decodes each envelope for its handler. See the package
 * documentation for who calls whom and on which thread.
 */
final class TypedLayer {
    private final Upstream upstream;
    private final Pipeline pipeline;
    private final CodecRegistry codecs;
    private final TopicDeclarations declarations;
    private final BrokerLimits limits;
    private final Executor defaultExecutor;
    private final InstantSource clock;
    private final ConcurrentHashMap<String, TopicDeclarations.ResolvedTopic> policies = new ConcurrentHashMap<>();
    private final OpenedPayloads opened;
    private final Function<Envelope, MessageInfo> describer;
    /** The policy looked up last; immutable, so racy reads and writes are safe. */
    private volatile TopicDeclarations.ResolvedTopic lastPolicy;
    private final ClassValue<TypeRef<?>> typeRefs = new ClassValue<>() {
        @Override
        protected TypeRef<?> computeValue(Class<?> type) {
            return TypeRef.of(type);
        }
    };

    TypedLayer(Upstream upstream, Pipeline pipeline, CodecRegistry codecs, TopicDeclarations declarations, BrokerLimits limits,
               Executor defaultExecutor, InstantSource clock) {
        this.upstream = upstream;
        this.pipeline = pipeline;
        this.codecs = codecs;
        this.declarations = declarations;
        this.limits = limits;
        this.defaultExecutor = defaultExecutor;
        this.clock = clock;
        this.opened = new OpenedPayloads(pipeline);
        this.describer = pipeline::info;
    }

    // ----------------------------------------------------------------------------------------------- publishing

    public <T> CompletableFuture<PublishReceipt> publish(String topic, T payload, Headers headers) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(headers, "headers");
        ensureOpen();
        TopicDeclarations.ResolvedTopic policy = policy(topic);
        policy.checkPayload(payload);
        if (!headers.isEmpty() && headers.encodedSize() > limits.maxHeaderBytes()) {
            throw new LimitExceededException("The headers of a message to '" + topic + "' take " + headers.encodedSize()
                    + " bytes and the limit is " + limits.maxHeaderBytes() + ". Send fewer or shorter headers, or raise "
                    + BrokerLimits.MAX_HEADER_BYTES + ".");
        }
        Codec codec = policy.codec().isPresent() ? policy.codec().get() : codecs.forType(payload.getClass());
        byte[] encoded = codec.encode(payload, typeRefs.get(payload.getClass()));
        int limit = policy.maxMessageBytes();
        if (encoded.length > limit) {
            throw new LimitExceededException("The message to '" + topic + "' encodes to " + encoded.length + " bytes ("
                    + codec.name() + ") and the limit is " + limit + ". Send smaller messages, or raise "
                    + BrokerLimits.MAX_MESSAGE_BYTES + " or the topic's TopicPolicy.withMaxMessageBytes.");
        }
        long now = clock.millis();
        Envelope envelope = pipeline.seal(MessageId.generate(now), now, headers, codec, encoded, policy);
        return upstream.publish(envelope);
    }

    /** {@return what applies to a concrete topic: type, codec, compression and limits; validates the topic on first use} */
    TopicDeclarations.ResolvedTopic policy(String topic) {
        TopicDeclarations.ResolvedTopic last = lastPolicy;
        if (last != null && last.topic() == topic) {
            return last; // the same topic object as last time: publishers and deliveries mostly repeat one topic
        }
        TopicDeclarations.ResolvedTopic policy = policies.get(topic);
        if (policy == null) {
            upstream.checkTopic(topic);
            policy = declarations.resolve(topic);
            if (policies.size() >= limits.routeCacheEntries()) {
                policies.clear();
            }
            policies.put(topic, policy);
        }
        lastPolicy = policy;
        return policy;
    }

    // ---------------------------------------------------------------------------------------------- subscribing

    public <T> Subscription subscribe(String filter, TypeRef<T> type, MessageHandler<T> handler, SubscribeOptions options) {
        Objects.requireNonNull(handler, "handler");
        return push(filter, type, options, HandlerSink.sync(this, type, options, handler));
    }

    public <T> Subscription subscribeAsync(String filter, TypeRef<T> type, AsyncMessageHandler<T> handler, SubscribeOptions options) {
        Objects.requireNonNull(handler, "handler");
        return push(filter, type, options, HandlerSink.async(this, type, options, handler));
    }

    private Subscription push(String filter, TypeRef<?> type, SubscribeOptions options, Sink sink) {
        TopicFilter parsed = checkSubscription(filter, type, options);
        SubscriptionQueue queue = upstream.newQueue(parsed, options, type.toString());
        PushDispatcher dispatcher = new PushDispatcher(queue, sink, executorFor(options), options.maxDeliveries());
        boolean attached = upstream.attach(queue);
        dispatcher.start(); // also when refused: the dispatcher then ends the closed queue, which leaves no trace
        if (!attached) {
            throw refused(queue);
        }
        return queue;
    }

    public <T> Flow.Publisher<Message<T>> publisher(String filter, TypeRef<T> type, SubscribeOptions options) {
        TopicFilter parsed = checkSubscription(filter, type, options);
        return subscriber -> {
            Objects.requireNonNull(subscriber, "subscriber"); // Reactive Streams rule 1.9
            SubscriptionQueue queue;
            try {
                queue = upstream.newQueue(parsed, options, type.toString());
            } catch (WhispeerException e) {
                subscriber.onSubscribe(Cancelled.INSTANCE); // rules 1.9 and 1.4: onSubscribe first, then the error
                subscriber.onError(e);
                return;
            }
            FlowSink<T> sink = new FlowSink<>(this, type, subscriber, queue);
            PushDispatcher dispatcher = new PushDispatcher(queue, sink, executorFor(options), options.maxDeliveries());
            sink.dispatcher(dispatcher);
            try {
                subscriber.onSubscribe(sink);
            } catch (RuntimeException | Error e) {
                queue.close(e); // rule 2.13: the subscriber broke the protocol; end the subscription
            }
            upstream.attach(queue); // never throws: a closed broker or a cancel closes the queue, and the end is signalled
            dispatcher.start();
        };
    }

    public <T> MessageStream<T> stream(String filter, TypeRef<T> type, SubscribeOptions options) {
        TopicFilter parsed = checkSubscription(filter, type, options);
        SubscriptionQueue queue = upstream.newQueue(parsed, options, type.toString());
        StreamConsumer<T> stream = new StreamConsumer<>(queue, this, type);
        if (!upstream.attach(queue)) {
            throw refused(queue);
        }
        return stream;
    }

    /** {@return why a queue was not attached: its failure, else the broker closed} */
    static WhispeerException refused(SubscriptionQueue queue) {
        if (queue.failure() instanceof WhispeerException reason) {
            return reason;
        }
        return new BrokerClosedException("The broker is closed; no new subscriptions are accepted.");
    }

    private TopicFilter checkSubscription(String filter, TypeRef<?> type, SubscribeOptions options) {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(options, "options");
        ensureOpen();
        TopicFilter parsed = upstream.parseFilter(filter);
        declarations.checkSubscription(parsed, type);
        return parsed;
    }

    private Executor executorFor(SubscribeOptions options) {
        return options.executor().orElse(defaultExecutor);
    }

    private void ensureOpen() {
        if (upstream.isClosed()) {
            throw new BrokerClosedException("The broker is closed; build a new one to publish or subscribe again.");
        }
    }

    // ------------------------------------------------------------------------------------------------- opening

    /**
     * Opens, decompresses and decodes an envelope for a subscriber of {@code type}. The work of opening is shared by
     * every subscription that receives the same envelope object; each gets its own decoded value.
     *
     * @throws Sink.Rejected when the envelope does not open or decode
     */
    <T> Message<T> open(Envelope envelope, TypeRef<T> type, int deliveryCount) throws Sink.Rejected {
        try {
            TopicDeclarations.ResolvedTopic policy = policy(envelope.topic());
            int max = policy.maxMessageBytes();
            T value;
            if (OpenedPayloads.isShared(envelope)) {
                value = pipeline.decode(envelope, opened.plaintext(envelope, max, policy.allowedCiphers()), type);
            } else {
                // a fresh copy: no one else sees it
                byte[] own = pipeline.open(envelope, envelope.payloadBytes(), max, policy.allowedCiphers());
                value = type.rawType() == byte[].class ? cast(own) : pipeline.decode(envelope, own, type);
            }
            return new DeliveredMessage<>(envelope, deliveryCount, value, describer);
        } catch (WhispeerException e) {
            throw new Sink.Rejected(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(byte[] bytes) {
        return (T) bytes;
    }

    /** A {@link Flow.Subscription} for a subscriber that is refused at once. */
    private enum Cancelled implements Flow.Subscription {
        INSTANCE;

        @Override
        public void request(long n) {
        }

        @Override
        public void cancel() {
        }
    }
}
