package io.whispeer.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.whispeer.api.AsyncMessageHandler;
import io.whispeer.api.Broker;
import io.whispeer.api.BrokerClosedException;
import io.whispeer.api.BrokerStats;
import io.whispeer.api.CompressionDictionary;
import io.whispeer.api.ConfigurationException;
import io.whispeer.api.Headers;
import io.whispeer.api.LimitExceededException;
import io.whispeer.api.Message;
import io.whispeer.api.MessageHandler;
import io.whispeer.api.MessageId;
import io.whispeer.api.MessageStream;
import io.whispeer.api.PublishReceipt;
import io.whispeer.api.PublishTimeoutException;
import io.whispeer.api.SubscribeOptions;
import io.whispeer.api.Subscription;
import io.whispeer.api.TopicFilter;
import io.whispeer.api.TypeRef;
import io.whispeer.api.spi.BrokerConfig;
import io.whispeer.api.spi.Codec;
import io.whispeer.api.spi.Plugin;
import io.whispeer.api.spi.PluginContext;
import io.whispeer.api.spi.Settings;

/**
 * The embedded broker. Publishing seals on the caller's thread and offers the envelope to the subscriptions that
 * the route cache (or, on a miss, the {@link SubscriptionIndex}) names for the topic; each subscription delivers
 * from its own queue.
 */
final class CoreBroker implements Broker {
    static final System.Logger LOG = System.getLogger("io.whispeer.core");

    private final Settings settings;
    private final BrokerLimits limits;
    private final CodecRegistry codecs;
    private final CompressionRegistry compression;
    private final Optional<EncryptionRegistry> encryption;
    private final Pipeline pipeline;
    private final TopicDeclarations declarations;
    private final PluginChain plugins;
    private final Counters counters = new Counters();
    private final SubscriptionIndex index = new SubscriptionIndex();
    private final ConcurrentHashMap<String, Route> routes = new ConcurrentHashMap<>();
    private final Set<String> topicsSeen = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, CoreSubscription<?>> subscriptions = new ConcurrentHashMap<>();
    private final ExecutorService virtualThreads = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("whispeer-subscriber").factory()); // one fixed name: numbering costs a string per drain burst
    private final Executor defaultExecutor;
    private final AtomicLong subscriptionIds = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ClassValue<TypeRef<?>> typeRefs = new ClassValue<>() {
        @Override
        protected TypeRef<?> computeValue(Class<?> type) {
            return TypeRef.of(type);
        }
    };

    /** The subscriptions of a concrete topic, valid while the index generation is unchanged. */
    private record Route(long generation, CoreSubscription<?>[] subscriptions, TopicDeclarations.ResolvedTopic topic) {
    }

    CoreBroker(BrokerConfig config, DiscoveredProviders discovered) {
        KnownSettings.check(config, discovered);
        this.settings = config.settings();
        this.limits = BrokerLimits.from(settings);
        this.codecs = new CodecRegistry(discovered.codecs(), settings, config.codec());
        this.compression = new CompressionRegistry(discovered.compression(), settings, config.compression(), config.dictionaries());
        if (config.keyRing().isEmpty() && (config.encryption().isPresent() || settings.get(EncryptionRegistry.ENCRYPTION_SETTING).isPresent())) {
            throw new ConfigurationException("Encryption was chosen (" + config.encryption().or(() -> settings.get(EncryptionRegistry.ENCRYPTION_SETTING)).orElseThrow()
                    + ") but no key ring was given; call Whispeer.builder().encryption(name, keyRing).");
        }
        this.encryption = config.keyRing().map(ring -> new EncryptionRegistry(discovered.encryption().get(), settings, config.encryption()));
        this.pipeline = new Pipeline(codecs, compression, encryption, config.keyRing());
        this.declarations = new TopicDeclarations(config.topics(), codecs, compression, limits.maxMessageBytes(),
                TopicDeclarations.PaddingMode.from(settings));
        this.defaultExecutor = config.executor().orElse(virtualThreads);
        List<Plugin> all = new ArrayList<>(discovered.plugins().apply(settings));
        all.addAll(config.plugins());
        this.plugins = new PluginChain(all, counters.pluginErrors);
        startPlugins();
    }

    private void startPlugins() {
        PluginContext context = new PluginContext() {
            @Override
            public Settings settings() {
                return settings;
            }

            @Override
            public BrokerStats stats() {
                return CoreBroker.this.stats();
            }
        };
        for (Plugin plugin : plugins.plugins()) {
            try {
                plugin.start(context);
            } catch (Exception e) {
                releaseResources();
                throw new ConfigurationException("Plugin '" + plugin.name() + "' (" + plugin.getClass().getName() + ", "
                        + Providers.origin(plugin.getClass()) + ") failed to start: " + e, e);
            }
        }
    }

    BrokerLimits limits() {
        return limits;
    }

    Pipeline pipeline() {
        return pipeline;
    }

    PluginChain pluginChain() {
        return plugins;
    }

    Counters counters() {
        return counters;
    }

    @Override
    public <T> CompletableFuture<PublishReceipt> publish(String topic, T payload, Headers headers) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(headers, "headers");
        ensureOpen();
        Route route = route(topic);
        route.topic().checkPayload(payload);
        if (!headers.isEmpty() && headers.encodedSize() > limits.maxHeaderBytes()) {
            throw new LimitExceededException("The headers of a message to '" + topic + "' take " + headers.encodedSize()
                    + " bytes and the limit is " + limits.maxHeaderBytes() + ". Send fewer or shorter headers, or raise "
                    + BrokerLimits.MAX_HEADER_BYTES + ".");
        }
        Codec codec = route.topic().codec().orElseGet(() -> codecs.forType(payload.getClass()));
        byte[] encoded = codec.encode(payload, typeRefs.get(payload.getClass()));
        int limit = route.topic().maxMessageBytes();
        if (encoded.length > limit) {
            throw new LimitExceededException("The message to '" + topic + "' encodes to " + encoded.length + " bytes ("
                    + codec.name() + ") and the limit is " + limit + ". Send smaller messages, or raise "
                    + BrokerLimits.MAX_MESSAGE_BYTES + " or the topic's TopicPolicy.withMaxMessageBytes.");
        }
        Delivery delivery = pipeline.seal(MessageId.generate(), System.currentTimeMillis(), headers, codec, encoded, route.topic());
        counters.published.increment();
        plugins.onPublish(delivery.envelope);
        return fanOut(delivery, route.subscriptions());
    }

    private CompletableFuture<PublishReceipt> fanOut(Delivery delivery, CoreSubscription<?>[] targets) {
        int queued = 0;
        int dropped = 0;
        List<CoreSubscription<?>> timedOut = null;
        for (CoreSubscription<?> subscription : targets) {
            switch (subscription.offer(delivery)) {
                case QUEUED -> queued++;
                case DROPPED -> dropped++;
                case TIMED_OUT -> {
                    if (timedOut == null) {
                        timedOut = new ArrayList<>();
                    }
                    timedOut.add(subscription);
                }
                case CLOSED -> { }
            }
        }
        String topic = delivery.envelope.topic();
        if (timedOut != null) {
            CoreSubscription<?> first = timedOut.get(0);
            return CompletableFuture.failedFuture(new PublishTimeoutException("Message " + delivery.envelope.id() + " to '" + topic
                    + "' was refused by " + timedOut.size() + " BLOCK subscription(s) whose queue stayed full for "
                    + java.time.Duration.ofNanos(first.blockTimeoutNanos) + " (first: '" + first.name() + "' on '" + first.filter()
                    + "', capacity " + first.capacity + "); " + queued + " of " + targets.length + " matching subscriptions accepted it."
                    + " Handle messages faster, raise the queue capacity or block timeout (" + BrokerLimits.QUEUE_CAPACITY + ", "
                    + BrokerLimits.BLOCK_TIMEOUT + "), or use a dropping OverflowPolicy."));
        }
        return CompletableFuture.completedFuture(new PublishReceipt(delivery.envelope.id(), topic, targets.length, queued, dropped));
    }

    /** {@return what applies to a concrete topic: type, codec, compression and limits} */
    TopicDeclarations.ResolvedTopic topicPolicy(String topic) {
        return route(topic).topic();
    }

    private Route route(String topic) {
        long generation = index.generation();
        Route route = routes.get(topic);
        if (route != null && route.generation() == generation) {
            return route;
        }
        if (route == null) {
            TopicFilter.checkTopic(topic, limits.topicRules());
            if (topicsSeen.size() < limits.maxTrackedTopics()) {
                topicsSeen.add(topic);
            }
        }
        route = new Route(generation, index.match(topic), declarations.resolve(topic));
        if (routes.size() >= limits.routeCacheEntries()) {
            routes.clear();
        }
        routes.put(topic, route);
        return route;
    }

    @Override
    public <T> Subscription subscribe(String filter, TypeRef<T> type, MessageHandler<T> handler, SubscribeOptions options) {
        TopicFilter parsed = checkSubscription(filter, type, options);
        return register(HandlerSubscription.sync(this, nextId(), parsed, type, options, executorFor(options), handler));
    }

    @Override
    public <T> Subscription subscribeAsync(String filter, TypeRef<T> type, AsyncMessageHandler<T> handler, SubscribeOptions options) {
        TopicFilter parsed = checkSubscription(filter, type, options);
        return register(HandlerSubscription.async(this, nextId(), parsed, type, options, executorFor(options), handler));
    }

    @Override
    public <T> Flow.Publisher<Message<T>> publisher(String filter, TypeRef<T> type, SubscribeOptions options) {
        TopicFilter parsed = checkSubscription(filter, type, options);
        return subscriber -> {
            Objects.requireNonNull(subscriber, "subscriber");
            FlowSubscription<T> subscription = new FlowSubscription<>(this, nextId(), parsed, type, options, executorFor(options), subscriber);
            subscriber.onSubscribe(subscription);
            if (closed.get()) {
                subscription.closeNow(new BrokerClosedException("The broker is closed"));
                return;
            }
            register(subscription);
        };
    }

    @Override
    public <T> MessageStream<T> stream(String filter, TypeRef<T> type, SubscribeOptions options) {
        TopicFilter parsed = checkSubscription(filter, type, options);
        return register(new StreamSubscription<>(this, nextId(), parsed, type, options));
    }

    private TopicFilter checkSubscription(String filter, TypeRef<?> type, SubscribeOptions options) {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(options, "options");
        ensureOpen();
        TopicFilter parsed = TopicFilter.parse(filter, limits.topicRules());
        declarations.checkSubscription(parsed, type);
        return parsed;
    }

    private <S extends CoreSubscription<?>> S register(S subscription) {
        subscriptions.put(subscription.id(), subscription);
        index.add(subscription);
        plugins.onSubscribe(subscription.info);
        if (closed.get()) {
            subscription.closeNow(new BrokerClosedException("The broker was closed while subscribing to '" + subscription.filter() + "'"));
            throw new BrokerClosedException("The broker is closed; no new subscriptions are accepted.");
        }
        return subscription;
    }

    /** Removes a subscription from routing; idempotent. */
    void unregister(CoreSubscription<?> subscription) {
        if (subscriptions.remove(subscription.id(), subscription)) {
            index.remove(subscription);
        }
    }

    private Executor executorFor(SubscribeOptions options) {
        return options.executor().orElse(defaultExecutor);
    }

    private String nextId() {
        return "s" + subscriptionIds.incrementAndGet();
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new BrokerClosedException("The broker is closed; build a new one to publish or subscribe again.");
        }
    }

    @Override
    public BrokerStats stats() {
        List<io.whispeer.api.SubscriptionStats> subs = subscriptions.values().stream().map(Subscription::stats).toList();
        return new BrokerStats(topicsSeen.size(), counters.published.sum(), counters.delivered.sum(), counters.dropped.sum(),
                counters.rejected.sum(), counters.handlerErrors.sum(), counters.pluginErrors.sum(), subs);
    }

    @Override
    public CompressionDictionary trainDictionary(String engine, List<byte[]> samples, int maxBytes) {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(samples, "samples");
        ensureOpen();
        return compression.byName(engine).trainDictionary(List.copyOf(samples), maxBytes);
    }

    @Override
    public List<String> plugins() {
        return plugins.names();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List<CoreSubscription<?>> open = new ArrayList<>(subscriptions.values());
        open.forEach(CoreSubscription::beginDrain);
        CompletableFuture<?>[] drained = open.stream().map(s -> s.whenClosed().exceptionally(e -> null)).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(drained).get(limits.closeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.log(System.Logger.Level.WARNING, "Subscriptions did not drain within " + limits.closeTimeout() + " ("
                    + BrokerLimits.CLOSE_TIMEOUT + "); discarding what is still queued");
        } catch (ExecutionException e) {
            LOG.log(System.Logger.Level.WARNING, "Unexpected failure while draining subscriptions", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (CoreSubscription<?> s : open) {
            s.closeNow(new BrokerClosedException("The broker closed before subscription '" + s.name() + "' drained within "
                    + limits.closeTimeout() + "; raise " + BrokerLimits.CLOSE_TIMEOUT + " to wait longer."));
        }
        virtualThreads.shutdownNow();
        try {
            if (!virtualThreads.awaitTermination(limits.closeTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "Some subscription handlers ignored interruption and are still running after close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        releaseResources();
    }

    private void releaseResources() {
        plugins.close();
        compression.close();
        encryption.ifPresent(EncryptionRegistry::close);
        virtualThreads.shutdownNow();
    }

    @Override
    public String toString() {
        return "CoreBroker[subscriptions=" + subscriptions.size() + ", plugins=" + plugins.names() + ", closed=" + closed.get() + "]";
    }
}
