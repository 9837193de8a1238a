package io.whispeer.core;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.Function;

import io.whispeer.api.AsyncMessageHandler;
import io.whispeer.api.Headers;
import io.whispeer.api.Message;
import io.whispeer.api.MessageHandler;
import io.whispeer.api.MessageStream;
import io.whispeer.api.PubSub;
import io.whispeer.api.PublishReceipt;
import io.whispeer.api.SubscribeOptions;
import io.whispeer.api.Subscription;
import io.whispeer.api.TopicRules;
import io.whispeer.api.TypeRef;
import io.whispeer.api.spi.BrokerConfig;

/**
 * The typed layer of a remote client: the same codecs, compression, sealing and opening as the embedded broker,
 * over an {@link Upstream} that speaks the protocol instead of a local router. {@code whispeer-client} builds one per
 * client; this package is exported to that module only.
 */
public final class RemoteTypedLayer implements PubSub {
    private final TypedStack stack;
    private final TypedLayer typed;

    /**
     * What a client's upstream needs from the configuration, read once.
     *
     * @param topicRules     topic length and depth, checked before anything is sent
     * @param maxMessageBytes largest encoded payload
     * @param queueCapacity  default capacity of the client-side subscription queues
     * @param blockTimeout   default wait on a full BLOCK queue
     * @param closeTimeout   how long closing lets subscriptions drain
     */
    public record Limits(TopicRules topicRules, int maxMessageBytes, int queueCapacity, Duration blockTimeout, Duration closeTimeout) {
    }

    private RemoteTypedLayer(TypedStack stack, Upstream upstream, BrokerConfig config) {
        this.stack = stack;
        this.typed = new TypedLayer(upstream, stack.pipeline, stack.codecs, stack.declarations, stack.limits, stack.defaultExecutor,
                config.clock());
    }

    /**
     * Builds the typed layer: discovers codecs, compression and engines as the embedded broker does, checks the
     * settings, then asks for the upstream.
     *
     * @param config    the client's typed configuration
     * @param upstreams creates the upstream from the limits
     * @return the typed layer
     * @throws io.whispeer.api.ConfigurationException when a provider is missing or ambiguous, or a setting is bad
     */
    public static RemoteTypedLayer create(BrokerConfig config, Function<Limits, Upstream> upstreams) {
        DiscoveredProviders discovered = DiscoveredProviders.fromServiceLoader();
        KnownSettings.check(config, discovered);
        TypedStack stack = new TypedStack(config, discovered);
        try {
            BrokerLimits l = stack.limits;
            Upstream upstream = upstreams.apply(new Limits(l.topicRules(), l.maxMessageBytes(), l.queueCapacity(), l.blockTimeout(),
                    l.closeTimeout()));
            return new RemoteTypedLayer(stack, upstream, config);
        } catch (RuntimeException e) {
            stack.release();
            throw e;
        }
    }

    @Override
    public <T> CompletableFuture<PublishReceipt> publish(String topic, T payload, Headers headers) {
        return typed.publish(topic, payload, headers);
    }

    @Override
    public <T> Subscription subscribe(String filter, TypeRef<T> type, MessageHandler<T> handler, SubscribeOptions options) {
        return typed.subscribe(filter, type, handler, options);
    }

    @Override
    public <T> Subscription subscribeAsync(String filter, TypeRef<T> type, AsyncMessageHandler<T> handler, SubscribeOptions options) {
        return typed.subscribeAsync(filter, type, handler, options);
    }

    @Override
    public <T> Flow.Publisher<Message<T>> publisher(String filter, TypeRef<T> type, SubscribeOptions options) {
        return typed.publisher(filter, type, options);
    }

    @Override
    public <T> MessageStream<T> stream(String filter, TypeRef<T> type, SubscribeOptions options) {
        return typed.stream(filter, type, options);
    }

    /**
     * Stops the handlers still running (after the close timeout) and releases the engines. Close the upstream
     * first, so that the subscription queues have ended.
     */
    @Override
    public void close() {
        stack.stopHandlers();
        stack.release();
    }
}
