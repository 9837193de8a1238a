package io.whispeer.core;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;

import io.whispeer.api.AsyncMessageHandler;
import io.whispeer.api.Broker;
import io.whispeer.api.BrokerClosedException;
import io.whispeer.api.BrokerStats;
import io.whispeer.api.CompressionDictionary;
import io.whispeer.api.ConfigurationException;
import io.whispeer.api.Envelope;
import io.whispeer.api.EnvelopeHandler;
import io.whispeer.api.Headers;
import io.whispeer.api.Message;
import io.whispeer.api.MessageHandler;
import io.whispeer.api.MessageStream;
import io.whispeer.api.PublishReceipt;
import io.whispeer.api.SubscribeOptions;
import io.whispeer.api.Subscription;
import io.whispeer.api.TopicFilter;
import io.whispeer.api.TypeRef;
import io.whispeer.api.spi.BrokerConfig;
import io.whispeer.api.spi.MessageStore;
import io.whispeer.api.spi.Plugin;
import io.whispeer.api.spi.Settings;
import io.whispeer.core.router.EnvelopeHandlerSink;
import io.whispeer.core.router.EnvelopeRouter;
import io.whispeer.core.router.ListenerFactory;
import io.whispeer.core.router.PushDispatcher;
import io.whispeer.core.router.SubscriptionQueue;

/**
 * The embedded broker: the {@link TypedLayer} over a local {@link EnvelopeRouter}. It builds both from the
 * configuration and the discovered providers, owns the virtual-thread executor that runs subscription handlers, and
 * closes everything in order.
 */
final class CoreBroker implements Broker {
    static final System.Logger LOG = System.getLogger("io.whispeer.core");

    private final TypedStack stack;
    private final BrokerLimits limits;
    private final Optional<MessageStore> store;
    private final EnvelopeRouter router;
    private final TypedLayer typed;
    private final Executor defaultExecutor;
    private final Optional<ListenerFactory.Listeners> listeners;

    CoreBroker(BrokerConfig config, DiscoveredProviders discovered) {
        KnownSettings.check(config, discovered);
        Settings settings = config.settings();
        this.stack = new TypedStack(config, discovered);
        this.limits = stack.limits;
        this.defaultExecutor = stack.defaultExecutor;
        List<Plugin> plugins = new ArrayList<>(discovered.plugins().apply(settings));
        plugins.addAll(config.plugins());
        this.store = StoreRegistry.select(config);
        this.router = new EnvelopeRouter(new EnvelopeRouter.Config(limits.topicRules(), limits.queueCapacity(), limits.blockTimeout(),
                limits.closeTimeout(), limits.routeCacheEntries(), limits.maxTrackedTopics(), settings, config.clock(), plugins, store));
        try {
            router.start();
        } catch (EnvelopeRouter.PluginStartException e) {
            releaseResources();
            Plugin plugin = e.plugin();
            throw new ConfigurationException("Plugin '" + plugin.name() + "' (" + plugin.getClass().getName() + ", "
                    + Providers.origin(plugin.getClass()) + ") failed to start: " + e.getCause(), e.getCause());
        } catch (Exception e) {
            releaseResources();
            throw new ConfigurationException("The plugins failed to start: " + e.getMessage(), e);
        }
        this.typed = new TypedLayer(new LocalUpstream(router), stack.pipeline, stack.codecs, stack.declarations, limits, defaultExecutor,
                config.clock());
        try {
            this.listeners = config.listeners().isEmpty() ? Optional.empty()
                    : Optional.of(ListenerFactory.discover(config.listeners()).start(router, settings, config.listeners()));
        } catch (RuntimeException e) {
            router.close(() -> { });
            releaseResources();
            throw e;
        }
        LOG.log(System.Logger.Level.INFO, () -> selection(stack.codecs, stack.compression, stack.encryption, plugins));
    }

    /**
     * The one line logged when a broker is built: every codec present (a codec is picked per payload type), the
     * default compression engine and why, the sealing cipher and every plugin, each with the artifact, version and
     * location it came from, so that a jar that changed a choice is visible.
     */
    static String selection(CodecRegistry codecs, CompressionRegistry compression, Optional<EncryptionRegistry> encryption,
                            List<Plugin> plugins) {
        return "whispeer broker built with codecs: " + Providers.describeAll(codecs.providers(), io.whispeer.api.spi.CodecProvider::name)
                + "; compression: " + compression.describeDefault()
                + "; cipher: " + encryption.map(e -> e.sealing().name() + " (" + Providers.origin(e.sealing().getClass()) + ")")
                        .orElse("none (no key ring: messages are not encrypted)")
                + "; plugins: " + (plugins.isEmpty() ? "none" : plugins.stream()
                        .map(p -> p.name() + " (" + p.getClass().getName() + ", " + Providers.origin(p.getClass()) + ")")
                        .collect(java.util.stream.Collectors.joining(", ")));
    }

    BrokerLimits limits() {
        return limits;
    }

    Pipeline pipeline() {
        return stack.pipeline;
    }

    /** {@return what applies to a concrete topic: type, codec, compression and limits} */
    TopicDeclarations.ResolvedTopic topicPolicy(String topic) {
        return typed.policy(topic);
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

    @Override
    public CompletableFuture<PublishReceipt> publishEnvelope(Envelope envelope) {
        Objects.requireNonNull(envelope, "envelope");
        return router.publish(envelope, router.localClient(), true);
    }

    @Override
    public Subscription subscribeEnvelopes(String filter, EnvelopeHandler handler, SubscribeOptions options) {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(options, "options");
        TopicFilter parsed = router.parseFilter(filter);
        SubscriptionQueue queue = router.newQueue(parsed, options, "envelope", router.localClient());
        PushDispatcher dispatcher = new PushDispatcher(queue, new EnvelopeHandlerSink(handler), options.executor().orElse(defaultExecutor),
                options.maxDeliveries());
        boolean attached = router.attach(queue);
        dispatcher.start(); // also when refused: the dispatcher then ends the closed queue, which leaves no trace
        if (!attached) {
            throw TypedLayer.refused(queue);
        }
        return queue;
    }

    @Override
    public BrokerStats stats() {
        return router.stats();
    }

    @Override
    public CompressionDictionary trainDictionary(String engine, List<byte[]> samples, int maxBytes) {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(samples, "samples");
        if (router.isClosed()) {
            throw new BrokerClosedException("The broker is closed; build a new one to train dictionaries.");
        }
        return stack.compression.byName(engine).trainDictionary(List.copyOf(samples), maxBytes);
    }

    @Override
    public List<URI> endpoints() {
        return listeners.map(ListenerFactory.Listeners::endpoints).orElse(List.of());
    }

    @Override
    public List<String> plugins() {
        return router.pluginNames();
    }

    @Override
    public void close() {
        listeners.ifPresent(ListenerFactory.Listeners::close); // remote clients first: nothing new reaches the router
        router.close(stack::stopHandlers);
        releaseResources();
    }

    private void releaseResources() {
        store.ifPresent(MessageStore::close);
        stack.release();
    }

    @Override
    public String toString() {
        return "CoreBroker[" + router + "]";
    }
}
