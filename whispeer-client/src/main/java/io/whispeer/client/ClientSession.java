package io.whispeer.client;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.whispeer.api.AuthorizationException;
import io.whispeer.api.BrokerClosedException;
import io.whispeer.api.ClientOptions;
import io.whispeer.api.ConnectionState;
import io.whispeer.api.ConnectionStateListener;
import io.whispeer.api.Credentials;
import io.whispeer.api.Envelope;
import io.whispeer.api.LimitExceededException;
import io.whispeer.api.MessageId;
import io.whispeer.api.PublishReceipt;
import io.whispeer.api.PublishTimeoutException;
import io.whispeer.api.QoS;
import io.whispeer.api.Replay;
import io.whispeer.api.SubscribeOptions;
import io.whispeer.api.TopicFilter;
import io.whispeer.api.TransportException;
import io.whispeer.api.WhispeerException;
import io.whispeer.api.spi.ClientInfo;
import io.whispeer.api.spi.Connection;
import io.whispeer.api.spi.DropReason;
import io.whispeer.api.spi.FrameHandler;
import io.whispeer.api.spi.SubscriptionInfo;
import io.whispeer.api.spi.Transport;
import io.whispeer.core.RemoteTypedLayer;
import io.whispeer.core.Upstream;
import io.whispeer.core.router.QueueOwner;
import io.whispeer.core.router.SubscriptionQueue;
import io.whispeer.protocol.EnvelopeFrames;
import io.whispeer.protocol.ErrorFrames;
import io.whispeer.protocol.FrameLimits;
import io.whispeer.protocol.Frames;
import io.whispeer.protocol.ProtocolException;
import io.whispeer.protocol.Transports;
import io.whispeer.protocol.v1.Connack;
import io.whispeer.protocol.v1.Connect;
import io.whispeer.protocol.v1.Deliver;
import io.whispeer.protocol.v1.Error;
import io.whispeer.protocol.v1.ErrorCode;
import io.whispeer.protocol.v1.Frame;
import io.whispeer.protocol.v1.Ping;
import io.whispeer.protocol.v1.Pong;
import io.whispeer.protocol.v1.Puback;
import io.whispeer.protocol.v1.Subscribe;
import io.whispeer.protocol.v1.Unsubscribe;
import io.whispeer.protocol.v1.UsernamePassword;

/**
 * The client side of the protocol: the {@link Upstream} of the client's typed layer, over one transport connection at
 * a time (a {@link Link}), replaced with backoff when it is lost.
 *
 * <h2>State and invariants</h2>
 * {@link #lock} guards the state, the live link and the publish buffer, so that a publish is either written to the
 * live link (and registered there, to be completed by its PUBACK or failed when that link is lost) or buffered, and
 * the buffer is written, in order, before the next link goes live. Every open subscription is in
 * {@link #subscriptions}, with the link its SUBSCRIBE was last sent on; a link going live subscribes every one not
 * yet subscribed on it, with the same local queue.
 *
 * <h2>Threads</h2>
 * The transport's I/O thread runs {@link Link}'s handler methods, which never block: they decode, complete request
 * futures of this class, offer to local queues (pausing reads under BLOCK) and hand everything else to
 * {@link #tasks} (virtual threads). Publish futures complete on {@link #completions} and state listeners run on
 * {@link #events}, both serial, never on the I/O thread.
 */
final class ClientSession implements Upstream, QueueOwner {
    private static final System.Logger LOG = System.getLogger("io.whispeer.client");

    private final URI endpoint;
    private final ClientOptions options;
    private final ClientSettings settings;
    private final RemoteTypedLayer.Limits limits;
    private final Frames frames;
    private final InstantSource clock;
    private final Backoff backoff;
    private final Transport transport;
    private final ExecutorService tasks;
    private final SerialExecutor completions;
    private final SerialExecutor events;
    private final ScheduledExecutorService timer;
    private final ClientIdentity identity;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition writable = lock.newCondition();
    private volatile ConnectionState state = ConnectionState.CONNECTING;
    private volatile Link live;
    private final ArrayDeque<Pending> buffer = new ArrayDeque<>();
    private CompletableFuture<Void> drained;
    private ScheduledFuture<?> reconnect;

    private final ConcurrentHashMap<Long, RemoteSub> subscriptions = new ConcurrentHashMap<>();
    private final AtomicLong requestIds = new AtomicLong();
    private final AtomicLong subscriptionIds = new AtomicLong();
    private final AtomicLong nonces = new AtomicLong();
    private final AtomicLong flushes = new AtomicLong();
    private final CopyOnWriteArrayList<ConnectionStateListener> listeners = new CopyOnWriteArrayList<>();

    ClientSession(URI endpoint, ClientOptions options, ClientSettings settings, RemoteTypedLayer.Limits limits) {
        this.endpoint = endpoint;
        this.options = options;
        this.settings = settings;
        this.limits = limits;
        this.frames = Frames.withLimits(FrameLimits.from(options.typed().settings()));
        this.clock = options.typed().clock();
        this.backoff = new Backoff(settings.reconnectInitial(), settings.reconnectMax(), () -> ThreadLocalRandom.current().nextDouble());
        this.transport = Transports.create(endpoint, options.typed().settings());
        this.tasks = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("whispeer-client-", 0).factory());
        this.completions = new SerialExecutor(tasks);
        this.events = new SerialExecutor(tasks);
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "whispeer-client-timer");
            t.setDaemon(true);
            return t;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        this.timer = scheduler;
        this.identity = new ClientIdentity(options.clientId().orElse(""), options.credentials().map(ClientSession::principal),
                endpoint.getScheme(), Optional.empty(), clock.instant());
    }

    private static String principal(Credentials credentials) {
        return credentials instanceof Credentials.UsernamePassword up ? up.username() : "token";
    }

    // ------------------------------------------------------------------------------------------- connecting

    /**
     * Makes the first connection, blocking until the server accepted it.
     *
     * @throws WhispeerException what the connection failed with; the session is closed then
     */
    void start() {
        Link link;
        try {
            link = connectOnce();
        } catch (RuntimeException e) {
            shutdown();
            throw e;
        }
        lock.lock();
        try {
            if (link.lost) {
                shutdownLater();
                throw link.failure != null ? asWhispeer(link.failure) : new TransportException("The connection to " + endpoint
                        + " was lost right after the server accepted it");
            }
            live = link;
            setState(ConnectionState.CONNECTED, Optional.empty());
        } finally {
            lock.unlock();
        }
    }

    private void shutdownLater() {
        tasks.execute(this::shutdown);
    }

    /** One attempt: connects, sends CONNECT and waits for the CONNACK, all within the connect timeout. */
    private Link connectOnce() {
        Link link = new Link();
        long deadline = System.nanoTime() + settings.connectTimeout().toNanos();
        CompletableFuture<Connection> connecting = transport.connect(endpoint, link);
        Connection connection;
        try {
            connection = connecting.get(remaining(deadline), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            connecting.thenAccept(Connection::close);
            throw new TransportException("Could not connect to " + endpoint + " within " + settings.connectTimeout() + " ("
                    + ClientSettings.CONNECT_TIMEOUT + "). Check that the server runs and is reachable, or raise the setting.");
        } catch (ExecutionException e) {
            throw asWhispeer(e.getCause(), "Could not connect to " + endpoint);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            connecting.thenAccept(Connection::close);
            throw new TransportException("Interrupted while connecting to " + endpoint, e);
        }
        link.connection = connection;
        link.send(connectFrame());
        try {
            link.started(link.connack.get(remaining(deadline), TimeUnit.NANOSECONDS));
            return link;
        } catch (TimeoutException e) {
            connection.close();
            throw new TransportException("The server at " + endpoint + " did not accept the connection (no CONNACK) within "
                    + settings.connectTimeout() + " (" + ClientSettings.CONNECT_TIMEOUT + ").");
        } catch (ExecutionException e) {
            connection.close();
            throw asWhispeer(e.getCause(), "The server at " + endpoint + " refused the connection");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            connection.close();
            throw new TransportException("Interrupted while connecting to " + endpoint, e);
        }
    }

    private Frame connectFrame() {
        Connect.Builder connect = Connect.newBuilder().addAllVersions(Frames.SUPPORTED_VERSIONS)
                .setClientId(options.clientId().orElse(""))
                .setKeepAliveMillis((int) settings.keepAlive().toMillis());
        options.credentials().ifPresent(c -> {
            switch (c) {
                case Credentials.Token t -> connect.setToken(t.token());
                case Credentials.UsernamePassword up -> connect.setUsernamePassword(UsernamePassword.newBuilder()
                        .setUsername(up.username()).setPassword(up.password()));
            }
        });
        return Frame.newBuilder().setConnect(connect).build();
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    private static WhispeerException asWhispeer(Throwable failure) {
        return asWhispeer(failure, "The connection failed");
    }

    private static WhispeerException asWhispeer(Throwable failure, String context) {
        if (failure instanceof WhispeerException w) {
            return w;
        }
        return new TransportException(context + ": " + failure, failure);
    }

    /** A link was lost after the server accepted it; runs on {@link #tasks}. */
    private void connectionLost(Link link, Throwable cause) {
        link.requests.values().forEach(r -> r.completeExceptionally(new TransportException("The connection to " + endpoint + " was lost", cause)));
        link.requests.clear();
        List<Pending> unanswered;
        lock.lock();
        try {
            if (live != link) {
                return; // never went live (its attempt handles it) or already replaced
            }
            live = null;
            writable.signalAll();
            unanswered = new ArrayList<>(link.publishes.values());
            link.publishes.clear();
            if (state == ConnectionState.CONNECTED) {
                setState(ConnectionState.RECONNECTING, Optional.of(cause));
                scheduleReconnect(1, cause);
            }
        } finally {
            lock.unlock();
        }
        failAll(unanswered, "The connection to " + endpoint + " was lost before the server acknowledged this publish; it may or may"
                + " not have been routed (at-most-once until the QoS work makes it durable)", cause);
    }

    private void failAll(List<Pending> pending, String message, Throwable cause) {
        if (pending.isEmpty()) {
            return;
        }
        TransportException failure = cause == null ? new TransportException(message) : new TransportException(message + ": " + cause.getMessage(), cause);
        completions.execute(() -> pending.forEach(p -> p.future.completeExceptionally(failure)));
    }

    /** Must hold the lock. */
    private void scheduleReconnect(int attempt, Throwable lastFailure) {
        Duration delay = backoff.delay(attempt);
        try {
            reconnect = timer.schedule(() -> execute(() -> reconnect(attempt, lastFailure)), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    private void reconnect(int attempt, Throwable lastFailure) {
        if (state != ConnectionState.RECONNECTING) {
            return;
        }
        Link link;
        try {
            link = connectOnce();
        } catch (RuntimeException e) {
            boolean hopeless = e instanceof AuthorizationException
                    || e instanceof ProtocolException p && p.code() == ErrorCode.ERROR_CODE_UNSUPPORTED_VERSION;
            int max = settings.reconnectMaxAttempts();
            if (hopeless || (max >= 0 && attempt >= max)) {
                giveUp(attempt, e);
            } else {
                lock.lock();
                try {
                    if (state == ConnectionState.RECONNECTING) {
                        scheduleReconnect(attempt + 1, e);
                    }
                } finally {
                    lock.unlock();
                }
            }
            return;
        }
        resubscribeAndGoLive(link, attempt);
    }

    /** Re-subscribes every open subscription on a new link, waits (bounded) for the answers, then sends the buffer. */
    private void resubscribeAndGoLive(Link link, int attempt) {
        List<CompletableFuture<Frame>> answers = new ArrayList<>();
        List<RemoteSub> sent = new ArrayList<>();
        lock.lock(); // against detach: a subscription is either unsubscribed before, or subscribed here and unsubscribed after
        try {
            for (RemoteSub sub : subscriptions.values()) {
                answers.add(subscribe(link, sub, false));
                sent.add(sub);
            }
        } finally {
            lock.unlock();
        }
        long deadline = System.nanoTime() + settings.requestTimeout().toNanos();
        for (int i = 0; i < answers.size(); i++) {
            Optional<Frame> answer = await(answers.get(i), deadline);
            if (answer.isPresent() && answer.get().hasError()) {
                refused(sent.get(i), answer.get().getError());
            }
        }
        List<Pending> replay;
        lock.lock();
        try {
            if (state != ConnectionState.RECONNECTING || link.lost) {
                if (state == ConnectionState.RECONNECTING) {
                    scheduleReconnect(attempt + 1, link.failure);
                } else {
                    link.connection.close();
                }
                return;
            }
            for (RemoteSub sub : subscriptions.values()) {
                if (sub.link != link) { // subscribed meanwhile: answer handled asynchronously
                    subscribe(link, sub, false).thenAccept(f -> {
                        if (f.hasError()) {
                            refused(sub, f.getError());
                        }
                    });
                }
            }
            replay = new ArrayList<>(buffer);
            buffer.clear();
            for (Pending p : replay) {
                link.publishes.put(p.id, p);
                link.connection.write(p.bytes);
                p.bytes = null;
            }
            live = link;
            writable.signalAll();
            setState(ConnectionState.CONNECTED, Optional.empty());
        } finally {
            lock.unlock();
        }
        link.scheduleFlush();
    }

    private void refused(RemoteSub sub, Error error) {
        if (subscriptions.remove(sub.id, sub)) {
            sub.queue.close(ErrorFrames.toException(error));
        }
    }

    private static Optional<Frame> await(CompletableFuture<Frame> answer, long deadline) {
        try {
            return Optional.of(answer.get(remaining(deadline), TimeUnit.NANOSECONDS));
        } catch (TimeoutException | ExecutionException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private void giveUp(int attempts, RuntimeException cause) {
        lock.lock();
        try {
            if (state != ConnectionState.RECONNECTING) {
                return;
            }
        } finally {
            lock.unlock();
        }
        TransportException failure = new TransportException("Gave up reconnecting to " + endpoint + " after " + attempts
                + " attempt(s) (" + ClientSettings.RECONNECT_MAX_ATTEMPTS + "=" + settings.reconnectMaxAttempts() + "): "
                + cause.getMessage(), cause);
        closeNow(failure);
    }

    private void execute(Runnable task) {
        try {
            tasks.execute(task);
        } catch (RejectedExecutionException e) {
            // closed meanwhile: nothing more to do
        }
    }

    // ------------------------------------------------------------------------------------------------ state

    ConnectionState state() {
        return state;
    }

    URI endpoint() {
        return endpoint;
    }

    /** {@return how many times the session flushed a connection, for tests of write batching} */
    long flushes() {
        return flushes.get();
    }

    void addStateListener(ConnectionStateListener listener) {
        listeners.add(listener);
    }

    /** Must hold the lock, so that listeners see the changes in order. */
    private void setState(ConnectionState next, Optional<Throwable> cause) {
        if (state == next) {
            return;
        }
        state = next;
        List<ConnectionStateListener> told = List.copyOf(listeners); // those added later are not told this change
        events.execute(() -> {
            for (ConnectionStateListener listener : told) {
                try {
                    listener.onStateChange(next, cause);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "A connection state listener threw on " + next + "; it is ignored", e);
                }
            }
        });
    }

    private BrokerClosedException closedException() {
        return new BrokerClosedException(state == ConnectionState.DRAINING
                ? "The client to " + endpoint + " is draining; it takes no new publishes or subscriptions. Connect a new one."
                : "The client to " + endpoint + " is closed; connect a new one to publish or subscribe again.");
    }

    // ----------------------------------------------------------------------------------------- publishing

    @Override
    public CompletableFuture<PublishReceipt> publish(Envelope envelope) {
        Pending pending = new Pending(envelope, requestIds.incrementAndGet());
        try {
            pending.bytes = frames.encode(EnvelopeFrames.publish(pending.id, envelope));
        } catch (ProtocolException e) {
            pending.future.completeExceptionally(e.code() == ErrorCode.ERROR_CODE_LIMIT_EXCEEDED ? new LimitExceededException(e.getMessage()) : e);
            return pending.future;
        }
        WhispeerException refused = null;
        Link written = null;
        lock.lock();
        try {
            boolean timedOut = !awaitWritable();
            Link link = live;
            if (state == ConnectionState.DRAINING || state == ConnectionState.CLOSED) {
                refused = closedException();
            } else if (link != null) {
                if (timedOut) {
                    refused = new PublishTimeoutException("The connection to " + endpoint + " took no more frames for "
                            + limits.blockTimeout() + " (" + link.connection.pendingWriteBytes() + " bytes wait to be sent): the"
                            + " server does not read fast enough. Publish slower, or raise whispeer.subscription.block-timeout.");
                } else {
                    link.publishes.put(pending.id, pending);
                    link.connection.write(pending.bytes);
                    pending.bytes = null; // not replayed: a publish lost with its link fails
                    written = link;
                }
            } else if (buffer.size() >= settings.publishBufferMax()) {
                refused = new LimitExceededException("The client is reconnecting to " + endpoint + " and its publish buffer holds "
                        + buffer.size() + " messages, the limit (" + ClientSettings.PUBLISH_BUFFER_MAX_MESSAGES + "="
                        + settings.publishBufferMax() + "). Retry later, or raise the setting.");
            } else {
                buffer.add(pending);
            }
        } finally {
            lock.unlock();
        }
        if (refused != null) {
            pending.future.completeExceptionally(refused);
        } else if (written != null) {
            written.scheduleFlush();
        }
        return pending.future;
    }

    /** Wakes publishers parked in {@link #awaitWritable()}; never blocks the calling (possibly I/O) thread. */
    private void signalWritable() {
        if (lock.tryLock()) {
            try {
                writable.signalAll();
            } finally {
                lock.unlock();
            }
        } else {
            execute(() -> {
                lock.lock();
                try {
                    writable.signalAll();
                } finally {
                    lock.unlock();
                }
            });
        }
    }

    /**
     * Must hold the lock: parks the publisher while the live link is unwritable, bounded by the block timeout. The
     * water marks are soft: once the link turned writable the publisher writes, even if others filled it again since.
     *
     * @return {@code false} when the link stayed unwritable for the whole block timeout
     */
    private boolean awaitWritable() {
        Link link = live;
        if (link == null || link.connection.isWritable()) {
            return true;
        }
        long left = limits.blockTimeout().toNanos();
        try {
            while ((link = live) != null && !link.connection.isWritable() && !link.lost) {
                if (left <= 0) {
                    return false;
                }
                // Woken by the flush completing, not only by onWritabilityChanged(true): a write submitted from this
                // thread can turn the connection unwritable and writable again before the event loop reports either,
                // and then no event comes.
                link.connection.flushWithCompletion().whenComplete((done, failure) -> signalWritable());
                left = writable.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    @Override
    public void checkTopic(String topic) {
        TopicFilter.checkTopic(topic, limits.topicRules());
    }

    @Override
    public TopicFilter parseFilter(String filter) {
        return TopicFilter.parse(filter, limits.topicRules());
    }

    // ---------------------------------------------------------------------------------------- subscribing

    @Override
    public SubscriptionQueue newQueue(TopicFilter filter, SubscribeOptions subscribeOptions, String payloadType) {
        long subscriptionId = subscriptionIds.incrementAndGet();
        String id = subscribeOptions.name().map(n -> "durable/" + n).orElseGet(() -> "s" + subscriptionId);
        Info info = new Info(id, subscribeOptions.name().orElse(id), subscribeOptions.name().isPresent(), filter.text(), payloadType,
                subscribeOptions.qos(), identity, subscriptionId, subscribeOptions);
        return new SubscriptionQueue(info, filter, subscribeOptions.overflowPolicy(),
                subscribeOptions.queueCapacity().orElse(limits.queueCapacity()), subscribeOptions.blockTimeout().orElse(limits.blockTimeout()),
                subscribeOptions.errorListener().orElse(null), null, this);
    }

    @Override
    public boolean attach(SubscriptionQueue queue) {
        Info info = (Info) queue.info();
        RemoteSub sub = new RemoteSub(info.subscriptionId(), queue, info.options());
        CompletableFuture<Frame> answer;
        lock.lock();
        try {
            if (queue.state() != SubscriptionQueue.State.OPEN) {
                return false;
            }
            if (state == ConnectionState.DRAINING || state == ConnectionState.CLOSED) {
                queue.close(closedException());
                return false;
            }
            subscriptions.put(sub.id, sub);
            Link link = live;
            if (link == null) {
                return true; // reconnecting: subscribed when the next link goes live
            }
            answer = subscribe(link, sub, true);
        } finally {
            lock.unlock();
        }
        Frame frame;
        try {
            frame = answer.get(settings.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            return queue.state() == SubscriptionQueue.State.OPEN; // the link was lost: the next one subscribes again
        } catch (TimeoutException e) {
            if (subscriptions.remove(sub.id, sub)) {
                queue.close(new TransportException("The server at " + endpoint + " did not answer the subscription to '" + queue.filter()
                        + "' within " + settings.requestTimeout() + " (" + ClientSettings.REQUEST_TIMEOUT + ")."));
                unsubscribe(sub);
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            queue.close(new WhispeerException("Interrupted while subscribing to '" + queue.filter() + "'", e));
            return false;
        }
        if (frame.hasError()) {
            refused(sub, frame.getError());
            return false;
        }
        return queue.state() == SubscriptionQueue.State.OPEN;
    }

    /** Sends a SUBSCRIBE on a link and returns the future of its answer (SUBACK or ERROR). */
    private CompletableFuture<Frame> subscribe(Link link, RemoteSub sub, boolean first) {
        long requestId = requestIds.incrementAndGet();
        CompletableFuture<Frame> answer = new CompletableFuture<>();
        link.requests.put(requestId, answer);
        SubscriptionQueue queue = sub.queue;
        Subscribe.Builder subscribe = Subscribe.newBuilder()
                .setRequestId(requestId)
                .setSubscriptionId(sub.id)
                .setFilter(queue.filter().text())
                .setQueueCapacity(queue.capacity())
                .setOverflowPolicy(switch (queue.policy()) {
                    case BLOCK -> io.whispeer.protocol.v1.OverflowPolicy.OVERFLOW_POLICY_BLOCK;
                    case DROP_OLDEST -> io.whispeer.protocol.v1.OverflowPolicy.OVERFLOW_POLICY_DROP_OLDEST;
                    case DROP_NEWEST -> io.whispeer.protocol.v1.OverflowPolicy.OVERFLOW_POLICY_DROP_NEWEST;
                    case FAIL -> io.whispeer.protocol.v1.OverflowPolicy.OVERFLOW_POLICY_FAIL;
                })
                .setQos(switch (queue.qos()) {
                    case AT_MOST_ONCE -> io.whispeer.protocol.v1.QoS.QOS_AT_MOST_ONCE;
                    case AT_LEAST_ONCE -> io.whispeer.protocol.v1.QoS.QOS_AT_LEAST_ONCE;
                    case EXACTLY_ONCE -> io.whispeer.protocol.v1.QoS.QOS_EXACTLY_ONCE;
                });
        sub.options.name().ifPresent(subscribe::setName);
        if (first) {
            sub.options.replay().ifPresent(r -> subscribe.setReplay(replay(r)));
        }
        sub.link = link;
        link.send(Frame.newBuilder().setSubscribe(subscribe).build());
        return answer;
    }

    private static io.whispeer.protocol.v1.Replay replay(Replay replay) {
        io.whispeer.protocol.v1.Replay.Builder b = io.whispeer.protocol.v1.Replay.newBuilder();
        switch (replay) {
            case Replay.FromSequence s -> b.setFromSequence(s.sequence());
            case Replay.FromTime t -> b.setFromTimeMillis(t.time().toEpochMilli());
            case Replay.LastN n -> b.setLastN(n.count());
            case Replay.LastValue v -> b.setLastValue(true);
        }
        return b.build();
    }

    /**
     * Sends UNSUBSCRIBE on the link the subscription's SUBSCRIBE went to, unless that link is gone (and the server's
     * subscription with it); returns the UNSUBACK's future, if sent.
     */
    private Optional<CompletableFuture<Frame>> unsubscribe(RemoteSub sub) {
        Link link = sub.link;
        if (link == null || link.lost) {
            return Optional.empty();
        }
        long requestId = requestIds.incrementAndGet();
        CompletableFuture<Frame> answer = new CompletableFuture<>();
        link.requests.put(requestId, answer);
        link.send(Frame.newBuilder().setUnsubscribe(Unsubscribe.newBuilder().setRequestId(requestId).setSubscriptionId(sub.id)).build());
        return Optional.of(answer);
    }

    @Override
    public boolean isClosed() {
        ConnectionState s = state;
        return s == ConnectionState.DRAINING || s == ConnectionState.CLOSED;
    }

    // ---------------------------------------------------------------------------------------- QueueOwner

    @Override
    public InstantSource clock() {
        return clock;
    }

    @Override
    public void delivered(Envelope envelope, SubscriptionInfo subscription) {
        // no plugins in a client
    }

    @Override
    public void dropped(Envelope envelope, SubscriptionInfo subscription, DropReason reason) {
        // counted by the queue; no plugins in a client
    }

    @Override
    public void rejected(Envelope envelope, SubscriptionInfo subscription, WhispeerException cause) {
        // counted and reported by the queue; no plugins in a client
    }

    @Override
    public void detach(SubscriptionQueue queue) {
        long id = ((Info) queue.info()).subscriptionId();
        lock.lock(); // held briefly, also on an I/O thread: the sections under this lock only write, never wait
        try {
            RemoteSub sub = subscriptions.get(id);
            if (sub != null && sub.queue == queue && subscriptions.remove(id, sub)) {
                unsubscribe(sub);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void finished(SubscriptionQueue queue) {
        detach(queue);
    }

    // ------------------------------------------------------------------------------------------ closing

    /**
     * Drains as {@link io.whispeer.api.RemotePubSub#drain()} says.
     *
     * @return completes when closed
     */
    CompletableFuture<Void> drain() {
        CompletableFuture<Void> result;
        lock.lock();
        try {
            if (drained != null) {
                return drained.copy();
            }
            result = new CompletableFuture<>();
            drained = result;
            if (state == ConnectionState.CLOSED) {
                result.complete(null);
                return result.copy();
            }
            setState(ConnectionState.DRAINING, Optional.empty());
        } finally {
            lock.unlock();
        }
        Thread.ofVirtual().name("whispeer-client-drain").start(() -> runDrain(result));
        return result.copy();
    }

    private void runDrain(CompletableFuture<Void> result) {
        long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
        boolean inTime = true;
        // 1. Wait for the server to acknowledge every publish sent, so that messages this client published to its own
        //    subscriptions are routed before it unsubscribes. A draining client does not reconnect: what waits in the
        //    buffer fails when it closes.
        List<CompletableFuture<?>> waits = new ArrayList<>();
        lock.lock();
        try {
            Link link = live;
            if (link != null) {
                link.publishes.values().forEach(p -> waits.add(p.future));
            }
        } finally {
            lock.unlock();
        }
        inTime &= awaitAll(waits, deadline);
        // 2. Unsubscribe at the server; no DELIVER follows an UNSUBACK, so afterwards the local queues hold all that arrived.
        waits.clear();
        List<RemoteSub> subs = List.copyOf(subscriptions.values());
        for (RemoteSub sub : subs) {
            unsubscribe(sub).ifPresent(waits::add);
        }
        inTime &= awaitAll(waits, deadline);
        // 3. Deliver what arrived.
        waits.clear();
        for (RemoteSub sub : subs) {
            subscriptions.remove(sub.id, sub);
            sub.queue.beginDrain();
            waits.add(sub.queue.whenClosed());
        }
        inTime &= awaitAll(waits, deadline);
        closeNow(null);
        if (inTime) {
            result.complete(null);
        } else {
            result.completeExceptionally(new TransportException("Draining the client to " + endpoint + " did not finish within "
                    + settings.drainTimeout() + " (" + ClientSettings.DRAIN_TIMEOUT + "); it was closed anyway."));
        }
    }

    private static boolean awaitAll(List<CompletableFuture<?>> futures, long deadline) {
        try {
            CompletableFuture.allOf(futures.stream().map(f -> f.exceptionally(e -> null)).toArray(CompletableFuture[]::new))
                    .get(remaining(deadline), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Closes at once; idempotent. */
    void close() {
        closeNow(null);
    }

    private void closeNow(Throwable cause) {
        Link link;
        List<Pending> buffered;
        lock.lock();
        try {
            if (state == ConnectionState.CLOSED) {
                return;
            }
            setState(ConnectionState.CLOSED, Optional.ofNullable(cause));
            link = live;
            live = null;
            writable.signalAll();
            if (reconnect != null) {
                reconnect.cancel(false);
            }
            buffered = new ArrayList<>(buffer);
            buffer.clear();
        } finally {
            lock.unlock();
        }
        failAll(buffered, "The client to " + endpoint + " closed before it could reconnect and send this buffered publish", cause);
        // Deliver what already arrived, bounded by the close timeout, then end every subscription.
        List<RemoteSub> subs = List.copyOf(subscriptions.values());
        subscriptions.clear();
        List<CompletableFuture<?>> ends = new ArrayList<>();
        for (RemoteSub sub : subs) {
            sub.queue.beginDrain();
            ends.add(sub.queue.whenClosed());
        }
        awaitAll(ends, System.nanoTime() + limits.closeTimeout().toNanos());
        for (RemoteSub sub : subs) {
            sub.queue.close(cause != null ? cause : new BrokerClosedException("The client to " + endpoint + " closed before subscription '"
                    + sub.queue.name() + "' drained within " + limits.closeTimeout() + "; raise whispeer.close-timeout to wait longer."));
        }
        if (link != null) {
            List<Pending> unanswered = new ArrayList<>(link.publishes.values());
            link.publishes.clear();
            failAll(unanswered, "The client to " + endpoint + " closed before the server acknowledged this publish", cause);
            link.connection.close();
        }
        shutdown();
    }

    private void shutdown() {
        timer.shutdownNow();
        transport.close();
        tasks.shutdown();
    }

    // --------------------------------------------------------------------------------------------- types

    /** A publish written to a link or waiting in the buffer. */
    private static final class Pending {
        final Envelope envelope;
        final long id;
        final CompletableFuture<PublishReceipt> future = new CompletableFuture<>();
        ByteBuffer bytes;

        Pending(Envelope envelope, long id) {
            this.envelope = envelope;
            this.id = id;
        }
    }

    /** An open subscription: its wire id, its local queue, and the link its SUBSCRIBE was last sent on. */
    private static final class RemoteSub {
        final long id;
        final SubscriptionQueue queue;
        final SubscribeOptions options;
        volatile Link link;

        RemoteSub(long id, SubscriptionQueue queue, SubscribeOptions options) {
            this.id = id;
            this.queue = queue;
            this.options = options;
        }
    }

    /** A DELIVER that met a full BLOCK queue: reading is paused until it is queued. */
    private record Stalled(RemoteSub sub, Envelope envelope) {
    }

    /** The receipt the server's PUBACK carries. */
    private record Receipt(MessageId id, String topic, int matched, int queued, int dropped, OptionalLong sequence) implements PublishReceipt {
    }

    /** What a subscription looks like in stats; carries the wire id and the options for the session. */
    private record Info(String id, String name, boolean durable, String filter, String payloadType, QoS qos, ClientInfo client,
                        long subscriptionId, SubscribeOptions options) implements SubscriptionInfo {
    }

    /** This client, as its subscriptions' stats name it. */
    private record ClientIdentity(String id, Optional<String> principal, String transport, Optional<java.net.InetSocketAddress> remoteAddress,
                                  Instant connectedAt) implements ClientInfo {
    }

    /**
     * One transport connection. Its handler methods run on the connection's I/O thread and never block.
     */
    private final class Link implements FrameHandler {
        final CompletableFuture<Connack> connack = new CompletableFuture<>();
        final ConcurrentHashMap<Long, Pending> publishes = new ConcurrentHashMap<>();
        final ConcurrentHashMap<Long, CompletableFuture<Frame>> requests = new ConcurrentHashMap<>();
        final AtomicBoolean flushScheduled = new AtomicBoolean();
        volatile Connection connection;
        volatile boolean lost;
        /** Why the link ended, when the client or the server said so before closing it. */
        volatile Throwable failure;
        /** The last connection-level, non-fatal ERROR: the reason of a following UNSUBACK with request id 0. I/O thread only. */
        private Error unsolicited;
        private volatile Stalled stalled;
        private volatile long lastRead = System.nanoTime();
        private volatile long lastWrite = System.nanoTime();
        private volatile ScheduledFuture<?> keepAlive;

        void send(Frame frame) {
            connection.write(frames.encode(frame));
            scheduleFlush();
        }

        /**
         * One flush per burst of writes: the first write after a flush schedules the next, on the connection's I/O
         * thread, which runs it once the writing threads give it the CPU.
         */
        void scheduleFlush() {
            if (flushScheduled.compareAndSet(false, true)) {
                connection.execute(this::flush);
            }
        }

        private void flush() {
            flushes.incrementAndGet();
            flushScheduled.set(false);
            lastWrite = System.nanoTime();
            connection.flush();
        }

        void started(Connack ack) {
            long millis = ack.getLimits().getKeepAliveMillis();
            if (millis == 0) {
                millis = settings.keepAlive().toMillis();
            }
            if (millis > 0) {
                long nanos = TimeUnit.MILLISECONDS.toNanos(millis);
                long period = Math.max(TimeUnit.MILLISECONDS.toNanos(1), nanos / 4);
                try {
                    keepAlive = timer.scheduleAtFixedRate(() -> tick(nanos), period, period, TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException e) {
                    // closed meanwhile
                }
            }
        }

        private void tick(long keepAliveNanos) {
            if (lost) {
                cancelKeepAlive();
                return;
            }
            long now = System.nanoTime();
            if (now - lastWrite >= keepAliveNanos) {
                lastWrite = now;
                send(Frame.newBuilder().setPing(Ping.newBuilder().setNonce(nonces.incrementAndGet())).build());
            }
            if (stalled == null && now - lastRead > 2 * keepAliveNanos) {
                failure = new TransportException("The server at " + endpoint + " sent nothing for "
                        + Duration.ofNanos(now - lastRead).toMillis() + "ms, more than twice the keep-alive of "
                        + TimeUnit.NANOSECONDS.toMillis(keepAliveNanos) + "ms; the connection is considered lost.");
                cancelKeepAlive();
                connection.close();
            }
        }

        private void cancelKeepAlive() {
            ScheduledFuture<?> timer = keepAlive;
            if (timer != null) {
                timer.cancel(false);
            }
        }

        @Override
        public void onFrame(Connection from, ByteBuffer bytes) {
            lastRead = System.nanoTime();
            if (connection == null) {
                connection = from;
            }
            Frame frame;
            try {
                frame = frames.decode(bytes);
                handle(frame);
            } catch (ProtocolException e) {
                violation(e);
            }
        }

        private void violation(ProtocolException e) {
            failure = e;
            connection.write(frames.encode(ErrorFrames.error(0, e, true)));
            connection.close();
        }

        private void handle(Frame frame) {
            switch (frame.getKindCase()) {
                case CONNACK -> {
                    if (!connack.complete(frame.getConnack())) {
                        throw new ProtocolException(ErrorCode.ERROR_CODE_PROTOCOL_VIOLATION, "The server sent a second CONNACK");
                    }
                }
                case PUBACK -> puback(frame.getPuback());
                case SUBACK -> answer(frame.getSuback().getRequestId(), frame);
                case UNSUBACK -> {
                    if (frame.getUnsuback().getRequestId() == 0) {
                        serverEnded(frame.getUnsuback().getSubscriptionId());
                    } else {
                        answer(frame.getUnsuback().getRequestId(), frame);
                    }
                }
                case DELIVER -> deliver(frame.getDeliver());
                case ERROR -> error(frame);
                case PING -> send(Frame.newBuilder().setPong(Pong.newBuilder().setNonce(frame.getPing().getNonce())).build());
                case PONG, STATUS -> {
                    // PONG: lastRead is all a keep-alive needs; STATUS: informational
                }
                default -> throw new ProtocolException(ErrorCode.ERROR_CODE_PROTOCOL_VIOLATION, "The server sent a "
                        + frame.getKindCase() + " frame, which only clients send");
            }
        }

        private void answer(long requestId, Frame frame) {
            CompletableFuture<Frame> request = requests.remove(requestId);
            if (request != null) {
                request.complete(frame);
            }
        }

        private void puback(Puback ack) {
            int count = Math.max(1, ack.getCount()); // a burst of pipelined publishes may be answered by one frame
            List<Pending> answered = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                Pending pending = publishes.remove(ack.getRequestId() + i);
                if (pending != null) {
                    answered.add(pending);
                }
            }
            if (answered.isEmpty()) {
                return;
            }
            OptionalLong sequence = ack.hasSequence() ? OptionalLong.of(ack.getSequence()) : OptionalLong.empty();
            completions.execute(() -> {
                for (Pending pending : answered) {
                    pending.future.complete(new Receipt(pending.envelope.id(), pending.envelope.topic(), ack.getMatched(), ack.getQueued(),
                            ack.getDropped(), sequence));
                }
            });
        }

        private void error(Frame frame) {
            Error error = frame.getError();
            WhispeerException failure = ErrorFrames.toException(error);
            if (!connack.isDone()) {
                this.failure = failure;
                connack.completeExceptionally(failure);
                return;
            }
            long requestId = error.getRequestId();
            if (requestId != 0) {
                Pending pending = publishes.remove(requestId);
                if (pending != null) {
                    completions.execute(() -> pending.future.completeExceptionally(failure));
                } else {
                    answer(requestId, frame);
                }
            } else if (error.getFatal()) {
                this.failure = failure;
            } else {
                unsolicited = error;
                LOG.log(System.Logger.Level.DEBUG, "The server at " + endpoint + " reported " + error.getCode() + ": " + error.getMessage());
            }
        }

        private void serverEnded(long subscriptionId) {
            Error why = unsolicited;
            unsolicited = null;
            RemoteSub sub = subscriptions.get(subscriptionId);
            if (sub == null) {
                return;
            }
            if (why != null && why.getCode() == ErrorCode.ERROR_CODE_SERVER_SHUTTING_DOWN) {
                sub.link = null; // the server goes away, not the subscription: the next link subscribes it again
                return;
            }
            if (subscriptions.remove(subscriptionId, sub)) {
                sub.queue.close(why != null ? ErrorFrames.toException(why) : new WhispeerException("The server at " + endpoint
                        + " ended subscription '" + sub.queue.name() + "' without saying why"));
            }
        }

        private void deliver(Deliver deliver) {
            RemoteSub sub = subscriptions.get(deliver.getSubscriptionId());
            if (sub == null) {
                return; // unsubscribed meanwhile
            }
            Envelope envelope = EnvelopeFrames.toEnvelope(deliver);
            if (sub.queue.offer(envelope, 0) == SubscriptionQueue.Offer.FULL) {
                stalled = new Stalled(sub, envelope);
                connection.pauseReading();
                awaitRoom(sub);
            }
        }

        private void awaitRoom(RemoteSub sub) {
            if (!sub.queue.awaitRoom(() -> execute(this::retryStalled))) {
                execute(this::retryStalled);
            }
        }

        /** Offers the stalled envelope again once its queue has room; resumes reading when it is queued (or refused). */
        private void retryStalled() {
            Stalled s = stalled;
            if (s == null) {
                return;
            }
            if (s.sub.queue.offer(s.envelope, 0) == SubscriptionQueue.Offer.FULL) {
                awaitRoom(s.sub);
                return;
            }
            stalled = null;
            lastRead = System.nanoTime();
            connection.resumeReading();
        }

        @Override
        public void onWritabilityChanged(Connection from, boolean isWritable) {
            if (isWritable) {
                signalWritable();
            }
        }

        @Override
        public void onClose(Connection from, Optional<Throwable> cause) {
            lost = true;
            cancelKeepAlive();
            Throwable why = failure != null ? failure : cause.orElseGet(() -> new TransportException("The server at " + endpoint
                    + " closed the connection"));
            if (!connack.completeExceptionally(why)) {
                execute(() -> connectionLost(this, why));
            }
        }
    }
}
