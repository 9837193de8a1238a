package io.whispeer.core.router;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import io.whispeer.api.AuthorizationException;
import io.whispeer.api.BrokerClosedException;
import io.whispeer.api.BrokerStats;
import io.whispeer.api.ConfigurationException;
import io.whispeer.api.Envelope;
import io.whispeer.api.MessageId;
import io.whispeer.api.MessageStoreException;
import io.whispeer.api.PublishReceipt;
import io.whispeer.api.PublishTimeoutException;
import io.whispeer.api.QoS;
import io.whispeer.api.SubscribeOptions;
import io.whispeer.api.SubscriptionStats;
import io.whispeer.api.TopicFilter;
import io.whispeer.api.TopicRules;
import io.whispeer.api.WhispeerException;
import io.whispeer.api.spi.ClientInfo;
import io.whispeer.api.spi.DropReason;
import io.whispeer.api.spi.MessageStore;
import io.whispeer.api.spi.Plugin;
import io.whispeer.api.spi.PluginContext;
import io.whispeer.api.spi.Settings;
import io.whispeer.api.spi.SubscriptionInfo;

/**
 * Routes sealed envelopes to subscription queues. It holds no codec, engine or key, and never opens, re-encodes or
 * copies an envelope: every matching queue gets the same object. See the package documentation for who calls it
 * and on which thread.
 *
 * <p>A publish looks the topic up in the route cache (a miss validates the topic and walks the
 * {@link SubscriptionIndex} trie), asks the plugins whether the client may publish, tells them about the message,
 * and offers the envelope to every matching queue. In-process publishers may park on a full BLOCK queue; callers
 * that must never park (I/O event loops) get a future that completes when every queue has taken the message, timed
 * out or closed, and pause their reading meanwhile.
 */
public final class EnvelopeRouter implements QueueOwner {
    private static final System.Logger LOG = System.getLogger("io.whispeer.core");

    /**
     * What a router needs.
     *
     * @param topicRules        topic length and depth limits
     * @param queueCapacity     default subscription queue capacity
     * @param blockTimeout      default wait for room under BLOCK
     * @param closeTimeout      how long {@link #close} lets queues drain
     * @param routeCacheEntries concrete topics whose routes are cached
     * @param maxTrackedTopics  distinct topics counted in stats
     * @param settings          the settings plugins read
     * @param clock             the broker's clock
     * @param plugins           the plugins, any order
     * @param store             the message store, when messages are persisted
     */
    public record Config(TopicRules topicRules, int queueCapacity, Duration blockTimeout, Duration closeTimeout, int routeCacheEntries,
                         int maxTrackedTopics, Settings settings, InstantSource clock, List<Plugin> plugins, Optional<MessageStore> store) {
        /** Checks and copies the components. */
        public Config {
            Objects.requireNonNull(topicRules, "topicRules");
            Objects.requireNonNull(blockTimeout, "blockTimeout");
            Objects.requireNonNull(closeTimeout, "closeTimeout");
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(clock, "clock");
            plugins = List.copyOf(plugins);
            Objects.requireNonNull(store, "store");
        }
    }

    private final Config config;
    private final MessageStore store;
    private final PluginChain plugins;
    private final Totals totals;
    private final ClientInfo localClient;
    private final SubscriptionIndex index = new SubscriptionIndex();
    private final ConcurrentHashMap<String, Route> routes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, SubscriptionQueue> queues = new ConcurrentHashMap<>();
    private final AtomicLong anonymousIds = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();

    /** The queues of a concrete topic, valid while the index generation is unchanged. */
    private record Route(long generation, SubscriptionQueue[] queues) {
    }

    /**
     * Creates a router; {@link #start()} starts its plugins.
     *
     * @param config what it needs
     */
    public EnvelopeRouter(Config config) {
        this.config = config;
        this.store = config.store().orElse(null);
        this.plugins = new PluginChain(config.plugins());
        this.totals = new Totals(plugins);
        this.localClient = new Client("in-process", Optional.empty(), ClientInfo.IN_PROCESS, Optional.empty(), config.clock().instant());
    }

    /**
     * Starts the plugins, in order, and tells them the in-process client connected.
     *
     * @throws Exception the first plugin failure; the plugins started before it are closed again
     */
    public void start() throws Exception {
        PluginContext context = new Context(config.settings(), totals, config.clock());
        List<Plugin> started = new ArrayList<>();
        for (Plugin plugin : plugins.plugins()) {
            try {
                plugin.start(context);
                started.add(plugin);
            } catch (Exception | LinkageError e) {
                for (int i = started.size() - 1; i >= 0; i--) {
                    try {
                        started.get(i).close();
                    } catch (RuntimeException suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
                throw new PluginStartException(plugin, e);
            }
        }
        plugins.onConnect(localClient);
    }

    /** Thrown by {@link #start()}: names the plugin that failed. */
    public static final class PluginStartException extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Plugin plugin;

        PluginStartException(Plugin plugin, Throwable cause) {
            super(cause.getMessage(), cause);
            this.plugin = plugin;
        }

        /** {@return the plugin that failed to start} */
        public Plugin plugin() {
            return plugin;
        }
    }

    /** {@return the in-process application as plugins see it} */
    public ClientInfo localClient() {
        return localClient;
    }

    /**
     * A remote client connected and was authenticated: tells the plugins.
     *
     * @param client the client
     */
    public void connected(ClientInfo client) {
        plugins.onConnect(client);
    }

    /**
     * A remote client disconnected: tells the plugins. Called once per {@link #connected}.
     *
     * @param client the client
     * @param cause  why, when it was not an orderly close
     */
    public void disconnected(ClientInfo client, Optional<Throwable> cause) {
        plugins.onDisconnect(client, cause);
    }

    /** {@return the topic rules topics and filters are checked against} */
    public TopicRules topicRules() {
        return config.topicRules();
    }

    /** {@return the plugin names in hook order} */
    public List<String> pluginNames() {
        return plugins.names();
    }

    /** {@return the clock} */
    @Override
    public InstantSource clock() {
        return config.clock();
    }

    /** {@return whether {@link #close} was called} */
    public boolean isClosed() {
        return closed.get();
    }

    // ---------------------------------------------------------------------------------------------- publishing

    /**
     * Validates a concrete topic against the router's rules, using the route cache.
     *
     * @param topic the topic
     * @throws io.whispeer.api.InvalidTopicException when it is invalid or has a wildcard
     */
    public void checkTopic(String topic) {
        route(topic);
    }

    /**
     * Routes an envelope to every matching queue.
     *
     * @param envelope the envelope
     * @param client   who publishes (for authorization and plugins)
     * @param park     {@code true} when the caller may park on a full BLOCK queue (in-process publishers);
     *                 {@code false} for callers that must never block, which then get a future that completes once
     *                 every full queue took the message, timed out or closed
     * @return completes with the receipt; exceptionally with {@link PublishTimeoutException} when a BLOCK queue
     *     stayed full for its block timeout
     * @throws io.whispeer.api.InvalidTopicException when the topic is invalid
     * @throws AuthorizationException when a plugin denies the publish
     * @throws BrokerClosedException  when the router is closed
     */
    public CompletableFuture<PublishReceipt> publish(Envelope envelope, ClientInfo client, boolean park) {
        ensureOpen();
        Route route = route(envelope.topic());
        Optional<String> denied = plugins.authorizePublish(client, envelope);
        if (denied.isPresent()) {
            totals.denied.increment();
            throw new AuthorizationException("Publishing to '" + envelope.topic() + "' was denied by " + denied.get());
        }
        totals.published.increment();
        plugins.onPublish(envelope);
        if (store == null) {
            return fanOut(envelope, 0, route.queues(), park);
        }
        // Durable first: the receipt (and every delivery) follows the append. The route is looked up again once the
        // append completed, so a subscription that attached meanwhile gets the message either live or in its replay.
        CompletableFuture<Long> appended = store.append(envelope).toCompletableFuture();
        if (park) {
            long sequence;
            try {
                sequence = appended.join();
            } catch (CompletionException e) {
                return CompletableFuture.failedFuture(storeFailure(envelope, e.getCause()));
            }
            return fanOut(envelope, sequence, route(envelope.topic()).queues(), true);
        }
        return appended.handle((sequence, failure) -> failure == null
                        ? fanOut(envelope, sequence, route(envelope.topic()).queues(), false)
                        : CompletableFuture.<PublishReceipt>failedFuture(storeFailure(envelope, failure)))
                .thenCompose(receipt -> receipt);
    }

    private static Throwable storeFailure(Envelope envelope, Throwable cause) {
        Throwable failure = cause instanceof CompletionException && cause.getCause() != null ? cause.getCause() : cause;
        if (failure instanceof MessageStoreException) {
            return failure;
        }
        return new MessageStoreException("The message store did not accept message " + envelope.id() + " to '" + envelope.topic()
                + "', so it was not published: " + failure, failure);
    }

    private CompletableFuture<PublishReceipt> fanOut(Envelope envelope, long tag, SubscriptionQueue[] targets, boolean park) {
        int queued = 0;
        int dropped = 0;
        List<SubscriptionQueue> timedOut = null;
        List<SubscriptionQueue> full = null;
        for (SubscriptionQueue queue : targets) {
            SubscriptionQueue.Offer offer = queue.offer(envelope, tag);
            if (offer == SubscriptionQueue.Offer.FULL) {
                if (!park) {
                    (full == null ? full = new ArrayList<>() : full).add(queue);
                    continue;
                }
                offer = queue.offer(envelope, tag, queue.blockTimeoutNanos());
            }
            switch (offer) {
                case QUEUED -> queued++;
                case DROPPED -> dropped++;
                case TIMED_OUT -> (timedOut == null ? timedOut = new ArrayList<>() : timedOut).add(queue);
                case CLOSED, FULL -> { }
            }
        }
        if (full != null) {
            return new PendingFanout(envelope, tag, targets.length, queued, dropped, timedOut, full).start();
        }
        return receipt(envelope, tag, targets.length, queued, dropped, timedOut);
    }

    private static CompletableFuture<PublishReceipt> receipt(Envelope envelope, long tag, int matched, int queued, int dropped,
                                                             List<SubscriptionQueue> timedOut) {
        if (timedOut != null && !timedOut.isEmpty()) {
            SubscriptionQueue first = timedOut.get(0);
            return CompletableFuture.failedFuture(new PublishTimeoutException("Message " + envelope.id() + " to '" + envelope.topic()
                    + "' was refused by " + timedOut.size() + " BLOCK subscription(s) whose queue stayed full for "
                    + Duration.ofNanos(first.blockTimeoutNanos()) + " (first: '" + first.name() + "' on '" + first.filter()
                    + "', capacity " + first.capacity() + "); " + queued + " of " + matched + " matching subscriptions accepted it."
                    + " Handle messages faster, raise the queue capacity or block timeout (whispeer.subscription.queue-capacity,"
                    + " whispeer.subscription.block-timeout), or use a dropping OverflowPolicy."));
        }
        return new Receipt(envelope, matched, queued, dropped, tag);
    }

    private Route route(String topic) {
        long generation = index.generation();
        Route route = routes.get(topic);
        if (route != null && route.generation() == generation) {
            return route;
        }
        if (route == null) {
            TopicFilter.checkTopic(topic, config.topicRules());
            totals.sawTopic(topic, config.maxTrackedTopics());
        }
        route = new Route(generation, index.match(topic));
        if (routes.size() >= config.routeCacheEntries()) {
            routes.clear();
        }
        routes.put(topic, route);
        if (index.generation() != generation) {
            routes.remove(topic, route); // the index changed while this route was computed: do not keep it
        }
        return route;
    }

    /**
     * A publish whose fan-out waits for room in some BLOCK queues without parking anyone: each full queue gets a
     * room callback and a timeout; the future completes when every one of them took the message, timed out or
     * closed.
     */
    private static final class PendingFanout {
        private final Envelope envelope;
        private final long tag;
        private final int matched;
        private final AtomicInteger queued;
        private final AtomicInteger dropped;
        private final AtomicInteger remaining;
        private final List<SubscriptionQueue> timedOut;
        private final List<SubscriptionQueue> full;
        private final CompletableFuture<PublishReceipt> result = new CompletableFuture<>();

        PendingFanout(Envelope envelope, long tag, int matched, int queued, int dropped, List<SubscriptionQueue> timedOut,
                      List<SubscriptionQueue> full) {
            this.envelope = envelope;
            this.tag = tag;
            this.matched = matched;
            this.queued = new AtomicInteger(queued);
            this.dropped = new AtomicInteger(dropped);
            this.remaining = new AtomicInteger(full.size());
            this.timedOut = Collections.synchronizedList(timedOut == null ? new ArrayList<>() : new ArrayList<>(timedOut));
            this.full = full;
        }

        CompletableFuture<PublishReceipt> start() {
            for (SubscriptionQueue queue : full) {
                Waiter waiter = new Waiter(queue);
                CompletableFuture.delayedExecutor(queue.blockTimeoutNanos(), TimeUnit.NANOSECONDS).execute(waiter::expire);
                waiter.retry();
            }
            return result;
        }

        private void resolved(SubscriptionQueue queue, SubscriptionQueue.Offer offer) {
            switch (offer) {
                case QUEUED -> queued.incrementAndGet();
                case DROPPED -> dropped.incrementAndGet();
                case TIMED_OUT -> timedOut.add(queue);
                case CLOSED, FULL -> { }
            }
            if (remaining.decrementAndGet() == 0) {
                receipt(envelope, tag, matched, queued.get(), dropped.get(), timedOut).whenComplete((r, e) -> {
                    if (e == null) {
                        result.complete(r);
                    } else {
                        result.completeExceptionally(e);
                    }
                });
            }
        }

        /** Waits for room in one queue: WAITING until a callback or the timeout takes it. */
        private final class Waiter {
            private static final int WAITING = 0;
            private static final int OFFERING = 1;
            private static final int DONE = 2;
            private final SubscriptionQueue queue;
            private final AtomicInteger phase = new AtomicInteger(WAITING);
            private volatile boolean expired;

            Waiter(SubscriptionQueue queue) {
                this.queue = queue;
            }

            void retry() {
                while (phase.compareAndSet(WAITING, OFFERING)) {
                    SubscriptionQueue.Offer offer = queue.offer(envelope, tag);
                    if (offer != SubscriptionQueue.Offer.FULL) {
                        phase.set(DONE);
                        resolved(queue, offer);
                        return;
                    }
                    if (expired) {
                        phase.set(DONE);
                        queue.timedOut(envelope);
                        resolved(queue, SubscriptionQueue.Offer.TIMED_OUT);
                        return;
                    }
                    phase.set(WAITING);
                    if (queue.awaitRoom(this::retry)) {
                        return; // the callback runs retry() when there is room
                    }
                }
            }

            void expire() {
                expired = true;
                if (phase.compareAndSet(WAITING, DONE)) {
                    queue.timedOut(envelope);
                    resolved(queue, SubscriptionQueue.Offer.TIMED_OUT);
                }
            }
        }
    }

    // -------------------------------------------------------------------------------------------- subscribing

    /**
     * Parses a filter against the router's topic rules.
     *
     * @param filter the filter text
     * @return the filter
     * @throws io.whispeer.api.InvalidTopicException when it is invalid
     */
    public TopicFilter parseFilter(String filter) {
        return TopicFilter.parse(filter, config.topicRules());
    }

    /**
     * Creates the queue of a new subscription, not yet routed to: plug its consumer in, then {@link #attach} it.
     * A named subscription gets the stable id {@code durable/<name>}, and its name must not be in use by another
     * open subscription.
     *
     * @param filter      the filter
     * @param options     capacity, policy, block timeout, QoS, name, error listener
     * @param payloadType what plugins and stats show as its type
     * @param client      who subscribes
     * @return the queue
     * @throws AuthorizationException when a plugin denies the subscribe
     * @throws BrokerClosedException  when the router is closed
     * @throws WhispeerException      when a subscription with the same name is open
     */
    public SubscriptionQueue newQueue(TopicFilter filter, SubscribeOptions options, String payloadType, ClientInfo client) {
        ensureOpen();
        Optional<String> denied = plugins.authorizeSubscribe(client, filter);
        if (denied.isPresent()) {
            totals.denied.increment();
            throw new AuthorizationException("Subscribing to '" + filter + "' was denied by " + denied.get());
        }
        if (options.replay().isPresent() && store == null) {
            throw new ConfigurationException("The subscription to '" + filter + "' asks for a replay (" + options.replay().get()
                    + "), but this broker has no message store. Give it one with Whispeer.builder().store(...) or the whispeer.store"
                    + " setting, or subscribe without SubscribeOptions.replay.");
        }
        String id = options.name().map(n -> "durable/" + n).orElseGet(() -> "s" + anonymousIds.incrementAndGet());
        if (queues.containsKey(id)) {
            throw new WhispeerException("A subscription named '" + options.name().orElseThrow() + "' is open already; a name identifies"
                    + " one durable subscription. Close the other one first, or choose another name.");
        }
        Info info = new Info(id, options.name().orElse(id), options.name().isPresent(), filter.text(), payloadType, options.qos(), client);
        return new SubscriptionQueue(info, filter, options.overflowPolicy(), options.queueCapacity().orElse(config.queueCapacity()),
                options.blockTimeout().orElse(config.blockTimeout()), options.errorListener().orElse(null), options.replay().orElse(null), this);
    }

    /**
     * Starts routing to a queue and tells the plugins. Never throws: when the router closed meanwhile, or the queue
     * was closed (a {@code Flow.Subscriber} cancelled in {@code onSubscribe}), or its name was taken meanwhile, the
     * queue is closed instead (with the reason) and its consumer learns it.
     *
     * @param queue a queue from {@link #newQueue}, with its consumer
     * @return whether the queue is routed to
     */
    public boolean attach(SubscriptionQueue queue) {
        if (queue.state() != SubscriptionQueue.State.OPEN) {
            return false;
        }
        if (queues.putIfAbsent(queue.id(), queue) != null) {
            queue.close(new WhispeerException("A subscription named '" + queue.name() + "' was opened at the same time; a name"
                    + " identifies one durable subscription."));
            return false;
        }
        totals.meters.put(queue.id(), queue.meter());
        index.add(queue);
        routes.clear();
        if (queue.replayFrom().isPresent()) {
            try {
                queue.replayFirst(store.replay(queue.filter(), queue.replayFrom().get())); // after routing starts: no gap
            } catch (RuntimeException e) {
                queue.close(e);
                return false;
            }
        }
        plugins.onSubscribe(queue.info());
        if (closed.get()) {
            queue.close(new BrokerClosedException("The broker was closed while subscribing to '" + queue.filter() + "'."));
            return false;
        }
        if (queue.state() != SubscriptionQueue.State.OPEN) {
            detach(queue); // closed (cancelled) while being attached
            return false;
        }
        return true;
    }

    @Override
    public void detach(SubscriptionQueue queue) {
        if (queues.remove(queue.id(), queue)) {
            index.remove(queue);
            routes.clear(); // no cached route may keep a closed queue (and its consumer) reachable
        }
    }

    @Override
    public void finished(SubscriptionQueue queue) {
        detach(queue);
        if (totals.meters.remove(queue.id(), queue.meter())) {
            totals.retire(queue.meter());
            plugins.onUnsubscribe(queue.info());
        }
    }

    @Override
    public void delivered(Envelope envelope, SubscriptionInfo subscription) {
        plugins.onDeliver(envelope, subscription);
    }

    @Override
    public void dropped(Envelope envelope, SubscriptionInfo subscription, DropReason reason) {
        plugins.onDrop(envelope, subscription, reason);
    }

    @Override
    public void rejected(Envelope envelope, SubscriptionInfo subscription, WhispeerException cause) {
        plugins.onReject(envelope, subscription, cause);
    }

    // ----------------------------------------------------------------------------------------- stats, closing

    /** {@return a snapshot of the counters} */
    public BrokerStats stats() {
        return totals.snapshot();
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new BrokerClosedException("The broker is closed; build a new one to publish or subscribe again.");
        }
    }

    /**
     * Stops accepting publishes and subscriptions, lets every queue drain for up to the close timeout, then closes
     * what is left (consumers get a {@link BrokerClosedException}), runs {@code afterQueues} (the caller stops its
     * executors there), tells the plugins the in-process client disconnected and closes them. Idempotent.
     *
     * @param afterQueues what to do once no queue accepts or drains any more, before the plugins close
     */
    public void close(Runnable afterQueues) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List<SubscriptionQueue> open = new ArrayList<>(queues.values());
        open.forEach(SubscriptionQueue::beginDrain);
        awaitFinished(open, "drain");
        for (SubscriptionQueue queue : open) {
            queue.close(new BrokerClosedException("The broker closed before subscription '" + queue.name() + "' drained within "
                    + config.closeTimeout() + "; raise whispeer.close-timeout to wait longer."));
        }
        try {
            afterQueues.run();
        } finally {
            plugins.onDisconnect(localClient, Optional.empty());
            plugins.close();
        }
    }

    private void awaitFinished(List<SubscriptionQueue> open, String what) {
        CompletableFuture<?>[] ends = open.stream().map(q -> q.whenClosed().exceptionally(e -> null)).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(ends).get(config.closeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.log(System.Logger.Level.WARNING, "Subscriptions did not " + what + " within " + config.closeTimeout()
                    + " (whispeer.close-timeout); discarding what is still queued");
        } catch (ExecutionException e) {
            LOG.log(System.Logger.Level.WARNING, "Unexpected failure while waiting for subscriptions to " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "EnvelopeRouter[subscriptions=" + queues.size() + ", plugins=" + plugins.names() + ", closed=" + closed.get() + "]";
    }

    // ------------------------------------------------------------------------------------------------- values

    /** What plugins learn of a subscription: a value, detached from the queue. */
    private record Info(String id, String name, boolean durable, String filter, String payloadType, QoS qos, ClientInfo client)
            implements SubscriptionInfo {
    }

    /** A client as plugins see it. */
    record Client(String id, Optional<String> principal, String transport, Optional<InetSocketAddress> remoteAddress,
                  Instant connectedAt) implements ClientInfo {
    }

    /**
     * The receipt of a publish, and the completed future that carries it: one object instead of two on every
     * publish. The future completes with this very object at construction; callers see an ordinary completed
     * {@code CompletableFuture<PublishReceipt>}.
     */
    private static final class Receipt extends CompletableFuture<PublishReceipt> implements PublishReceipt {
        private final Envelope envelope;
        private final int matched;
        private final int queued;
        private final int dropped;
        private final long sequence;

        Receipt(Envelope envelope, int matched, int queued, int dropped, long sequence) {
            this.envelope = envelope;
            this.matched = matched;
            this.queued = queued;
            this.dropped = dropped;
            this.sequence = sequence;
            complete(this);
        }

        @Override
        public MessageId id() {
            return envelope.id();
        }

        @Override
        public String topic() {
            return envelope.topic();
        }

        @Override
        public int matched() {
            return matched;
        }

        @Override
        public int queued() {
            return queued;
        }

        @Override
        public int dropped() {
            return dropped;
        }

        @Override
        public OptionalLong sequence() {
            return sequence == 0 ? OptionalLong.empty() : OptionalLong.of(sequence);
        }

        @Override
        public String toString() {
            return "PublishReceipt[id=" + id() + ", topic=" + topic() + ", matched=" + matched + ", queued=" + queued + ", dropped="
                    + dropped + (sequence == 0 ? "" : ", sequence=" + sequence) + "]";
        }
    }

    /**
     * The broker-wide counters and the meters of the open subscriptions. Plugins reach the router only through
     * this (their {@link PluginContext}), and nothing here leads to a queue's consumer or the typed layer.
     */
    private static final class Totals {
        final LongAdder published = new LongAdder();
        final LongAdder denied = new LongAdder();
        final LongAdder delivered = new LongAdder();
        final LongAdder dropped = new LongAdder();
        final LongAdder rejected = new LongAdder();
        final LongAdder handlerErrors = new LongAdder();
        final Set<String> topics = ConcurrentHashMap.newKeySet();
        final ConcurrentHashMap<String, SubscriptionQueue.Meter> meters = new ConcurrentHashMap<>();
        private final PluginChain plugins;

        Totals(PluginChain plugins) {
            this.plugins = plugins;
        }

        void sawTopic(String topic, int max) {
            if (topics.size() < max) {
                topics.add(topic);
            }
        }

        void retire(SubscriptionQueue.Meter meter) {
            long[] t = meter.totals();
            delivered.add(t[0]);
            dropped.add(t[1]);
            rejected.add(t[2]);
            handlerErrors.add(t[3]);
        }

        BrokerStats snapshot() {
            List<SubscriptionStats> subscriptions = meters.values().stream().map(SubscriptionQueue.Meter::stats).toList();
            long d = delivered.sum();
            long dr = dropped.sum();
            long r = rejected.sum();
            long h = handlerErrors.sum();
            for (SubscriptionStats s : subscriptions) {
                d += s.delivered();
                dr += s.dropped();
                r += s.rejected();
                h += s.handlerErrors();
            }
            return new Stats(topics.size(), published.sum(), d, dr, r, h, plugins.errors(), denied.sum(), subscriptions);
        }
    }

    /** A snapshot of the broker's counters. */
    private record Stats(long topics, long published, long delivered, long dropped, long rejected, long handlerErrors,
                         long pluginErrors, long denied, List<SubscriptionStats> subscriptions) implements BrokerStats {
        Stats {
            subscriptions = List.copyOf(subscriptions);
        }
    }

    /** What plugins are given at start. */
    private record Context(Settings settings, Totals totals, InstantSource clock) implements PluginContext {
        @Override
        public BrokerStats stats() {
            return totals.snapshot();
        }
    }
}
