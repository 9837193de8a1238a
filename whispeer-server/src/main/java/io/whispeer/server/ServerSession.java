package io.whispeer.server;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.whispeer.api.Credentials;
import io.whispeer.api.Envelope;
import io.whispeer.api.LimitExceededException;
import io.whispeer.api.PublishReceipt;
import io.whispeer.api.SubscribeOptions;
import io.whispeer.api.TopicFilter;
import io.whispeer.api.TransportException;
import io.whispeer.api.WhispeerException;
import io.whispeer.api.spi.Connection;
import io.whispeer.api.spi.DropReason;
import io.whispeer.api.spi.FrameHandler;
import io.whispeer.core.router.SubscriptionQueue;
import io.whispeer.protocol.EnvelopeFrames;
import io.whispeer.protocol.ErrorFrames;
import io.whispeer.protocol.ProtocolException;
import io.whispeer.protocol.SubscribeFrames;
import io.whispeer.protocol.VersionNegotiation;
import io.whispeer.protocol.v1.Connack;
import io.whispeer.protocol.v1.Connect;
import io.whispeer.protocol.v1.ErrorCode;
import io.whispeer.protocol.v1.Frame;
import io.whispeer.protocol.v1.Pong;
import io.whispeer.protocol.v1.Puback;
import io.whispeer.protocol.v1.Publish;
import io.whispeer.protocol.v1.SessionLimits;
import io.whispeer.protocol.v1.Suback;
import io.whispeer.protocol.v1.Subscribe;
import io.whispeer.protocol.v1.Unsuback;
import io.whispeer.protocol.v1.Unsubscribe;
import io.whispeer.server.auth.AuthResult;

/**
 * The server side of one connection: the protocol state machine over the broker's router.
 *
 * <h2>States</h2>
 * {@code AWAITING_CONNECT} until a CONNECT arrives (or the handshake timeout closes the connection), then
 * {@code AUTHENTICATING} while the credentials are checked off the I/O thread (reading is paused, so nothing the
 * client pipelined overtakes the CONNACK), then {@code OPEN}, then {@code CLOSED}. Any frame that is malformed, or
 * not allowed in the current state, gets a fatal ERROR that says why and closes this connection only.
 *
 * <h2>Flow control</h2>
 * <ul>
 *   <li>Inbound: a PUBLISH is routed with {@code park = false}. When a BLOCK queue is full, the publish waits for
 *       room without blocking the I/O thread, and reading from this connection pauses until every waiting publish
 *       is settled; the client's own writes then back up through TCP.</li>
 *   <li>Outbound: the delivery loop takes from the subscription queues and writes DELIVER frames while less than
 *       {@code max-pending-outbound-bytes} wait to be sent, and flushes once per burst. Past the limit it stops
 *       taking, so the queues fill and their overflow policies apply; the transport's writability event resumes it.
 *       A connection that stays at its limit with a full queue for {@code slow-consumer-timeout} is a slow consumer:
 *       it is disconnected with an ERROR SLOW_CONSUMER, or its full queues are emptied and the messages counted as
 *       dropped ({@link DropReason#SLOW_CONSUMER}), as configured.</li>
 * </ul>
 *
 * <h2>Threads</h2>
 * Frames arrive on the connection's I/O thread and are handled there without blocking. The delivery loop and the
 * flush of PUBACK runs run as tasks on the same I/O thread ({@link Connection#execute}), one burst at a time per
 * session, so that their writes need no hand-off between threads; subscription queues call {@link #ready} from
 * publisher threads. Only a session with a replaying subscription delivers on a virtual thread, because reading the
 * store may block. Frames are written from several threads; each thread's frames keep their order. SUBACK is
 * written before the first DELIVER of its subscription, and a PUBACK after the DELIVERs of its message to the same
 * connection's subscriptions (unless that connection is at its outbound limit), so a client that subscribed to what
 * it publishes finds the message delivered when its publish completes, as in-process.
 */
final class ServerSession implements FrameHandler {
    private enum State { AWAITING_CONNECT, AUTHENTICATING, OPEN, CLOSED }

    private static final int DELIVERIES_PER_FLUSH = 256;

    private final Server server;
    private final Connection connection;
    private volatile State state = State.AWAITING_CONNECT;
    private volatile RemoteClient client;
    private final ConcurrentHashMap<Long, RemoteSubscription> subscriptions = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<RemoteSubscription> ready = new ConcurrentLinkedQueue<>();
    /** PUBACKs waiting for the next flush, coalesced into one frame; guarded by itself. */
    private final AckRun ackRun = new AckRun();
    /** PUBACKs of publishes that matched this connection's own subscriptions; the delivery loop writes them. */
    private final ConcurrentLinkedQueue<Frame> acksAfterDeliveries = new ConcurrentLinkedQueue<>();
    /** 0: no delivery loop; 1: one runs or is scheduled; 2: it runs and must look again before it stops. */
    private final AtomicInteger delivery = new AtomicInteger();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    /** Set once a subscription replays from the store: its queue may block the delivery loop, so that leaves the I/O thread. */
    private volatile boolean replaying;
    /** Publishes that arrived while an earlier one waits for room; guarded by itself, like {@link #waitingForRoom}. */
    private final ArrayDeque<PendingPublish> backlog = new ArrayDeque<>();
    /** Whether a publish waits for room in a full BLOCK queue; reading is paused meanwhile. */
    private boolean waitingForRoom;
    private final AtomicBoolean ended = new AtomicBoolean();
    /** Why the server closed this connection, when it did; plugins' onDisconnect gets it. */
    private volatile Throwable failure;
    private volatile long lastReadNanos = System.nanoTime();
    private volatile ScheduledFuture<?> handshakeTimer;
    private volatile ScheduledFuture<?> keepAliveTimer;
    private volatile ScheduledFuture<?> slowConsumerTimer;
    private volatile long keepAliveMillis;

    ServerSession(Server server, Connection connection) {
        this.server = server;
        this.connection = connection;
    }

    /** Starts the handshake timer; called once the session is registered. */
    void start() {
        handshakeTimer = server.timer().schedule(() -> {
            if (state == State.AWAITING_CONNECT || state == State.AUTHENTICATING) {
                fail(ErrorCode.ERROR_CODE_HANDSHAKE_TIMEOUT, "No accepted CONNECT within " + server.settings().handshakeTimeout()
                        + " (" + ServerSettings.SCOPE + ServerSettings.HANDSHAKE_TIMEOUT + "); the connection is closed.");
            }
        }, server.settings().handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    Connection connection() {
        return connection;
    }

    // --------------------------------------------------------------------------------------------------- inbound

    @Override
    public void onFrame(Connection c, ByteBuffer bytes) {
        lastReadNanos = System.nanoTime();
        if (state == State.CLOSED) {
            return;
        }
        Frame frame;
        try {
            frame = server.frames().decode(bytes);
        } catch (ProtocolException e) {
            fail(e.code(), e.getMessage());
            return;
        }
        try {
            switch (frame.getKindCase()) {
                case CONNECT -> onConnect(frame.getConnect());
                case PUBLISH -> { if (open("PUBLISH")) { onPublish(frame.getPublish()); } }
                case SUBSCRIBE -> { if (open("SUBSCRIBE")) { onSubscribe(frame.getSubscribe()); } }
                case UNSUBSCRIBE -> { if (open("UNSUBSCRIBE")) { onUnsubscribe(frame.getUnsubscribe()); } }
                case PING -> { if (open("PING")) { send(Frame.newBuilder().setPong(Pong.newBuilder().setNonce(frame.getPing().getNonce())).build()); } }
                case PONG, ACK, NACK -> open(frame.getKindCase().name()); // QoS 0 only for now: acknowledgements are accepted and not needed
                default -> fail(ErrorCode.ERROR_CODE_PROTOCOL_VIOLATION, "A client does not send " + frame.getKindCase()
                        + " frames; the connection is closed.");
            }
        } catch (ProtocolException e) {
            fail(e.code(), e.getMessage());
        } catch (RuntimeException e) {
            Server.LOG.log(System.Logger.Level.ERROR, "Session of " + this + " failed on a " + frame.getKindCase() + " frame", e);
            fail(ErrorCode.ERROR_CODE_INTERNAL, "The server failed on a " + frame.getKindCase() + " frame: " + e);
        }
    }

    private boolean open(String frame) {
        if (state == State.OPEN) {
            return true;
        }
        fail(ErrorCode.ERROR_CODE_PROTOCOL_VIOLATION, frame + " before an accepted CONNECT; send CONNECT first and wait for CONNACK.");
        return false;
    }

    private void onConnect(Connect connect) {
        if (state != State.AWAITING_CONNECT) {
            fail(ErrorCode.ERROR_CODE_PROTOCOL_VIOLATION, "A second CONNECT on one connection; open a new connection instead.");
            return;
        }
        VersionNegotiation.Outcome outcome = VersionNegotiation.negotiate(connect.getVersionsList(), io.whispeer.protocol.Frames.SUPPORTED_VERSIONS);
        if (outcome instanceof VersionNegotiation.Refused refused) {
            failWith(refused.error());
            return;
        }
        int version = ((VersionNegotiation.Agreed) outcome).version();
        state = State.AUTHENTICATING;
        connection.pauseReading(); // nothing the client pipelined may overtake the CONNACK
        Optional<Credentials> credentials = switch (connect.getCredentialsCase()) {
            case TOKEN -> Optional.of(Credentials.token(connect.getToken()));
            case USERNAME_PASSWORD -> Optional.of(Credentials.password(connect.getUsernamePassword().getUsername(),
                    connect.getUsernamePassword().getPassword()));
            case CREDENTIALS_NOT_SET -> Optional.empty();
        };
        Optional<InetSocketAddress> remote = remoteAddress();
        server.work().execute(() -> { // Argon2id must not hold an I/O thread
            AuthResult result;
            try {
                result = server.authenticator().authenticate(credentials, connection.info().remoteAddress());
            } catch (RuntimeException e) {
                Server.LOG.log(System.Logger.Level.ERROR, "Authenticating " + this + " failed", e);
                fail(ErrorCode.ERROR_CODE_INTERNAL, "The server could not check the credentials; try again later.");
                return;
            }
            if (result instanceof AuthResult.Rejected rejected) {
                fail(ErrorCode.ERROR_CODE_AUTHENTICATION_FAILED, rejected.reason());
                return;
            }
            accept(connect, version, result.principal(), remote);
        });
    }

    private void accept(Connect connect, int version, Optional<String> principal, Optional<InetSocketAddress> remote) {
        ServerSettings settings = server.settings();
        String id = connect.getClientId().isEmpty() ? server.nextClientId() : connect.getClientId();
        client = new RemoteClient(id, principal, connection.info().scheme(), remote, Instant.now());
        long keepAlive = connect.getKeepAliveMillis() == 0 ? settings.keepAlive().toMillis()
                : Math.max(1_000, Math.min(connect.getKeepAliveMillis(), settings.keepAlive().toMillis()));
        keepAliveMillis = keepAlive;
        synchronized (this) {
            if (state != State.AUTHENTICATING) {
                return; // closed meanwhile (timeout, peer gone)
            }
            state = State.OPEN;
        }
        cancel(handshakeTimer);
        server.router().connected(client);
        io.whispeer.protocol.FrameLimits limits = server.frames().limits();
        send(Frame.newBuilder().setConnack(Connack.newBuilder().setVersion(version).setServerId(settings.serverId())
                .setLimits(SessionLimits.newBuilder()
                        .setMaxFrameBytes(limits.maxFrameBytes())
                        .setMaxTopicBytes(server.router().topicRules().maxBytes())
                        .setMaxHeaderBytes(limits.maxHeaderBytes())
                        .setMaxSubscriptions(settings.maxSubscriptions())
                        .setKeepAliveMillis((int) keepAlive)
                        .setMaxPendingOutboundBytes(settings.maxPendingOutboundBytes()))).build());
        lastReadNanos = System.nanoTime();
        keepAliveTimer = server.timer().scheduleAtFixedRate(this::checkIdle, keepAlive, keepAlive, TimeUnit.MILLISECONDS);
        connection.resumeReading();
    }

    private void checkIdle() {
        long silentMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastReadNanos);
        if (silentMillis >= 2 * keepAliveMillis) {
            fail(ErrorCode.ERROR_CODE_IDLE_TIMEOUT, "Nothing received for " + silentMillis + " ms, twice the keep-alive of " + keepAliveMillis
                    + " ms; the connection is closed. Clients must send PING when idle (" + ServerSettings.SCOPE + ServerSettings.KEEP_ALIVE + ").");
        }
    }

    private void onPublish(Publish publish) {
        Envelope envelope = EnvelopeFrames.toEnvelope(publish); // a malformed envelope is a malformed frame: fatal
        PendingPublish next = new PendingPublish(publish.getRequestId(), envelope);
        synchronized (backlog) {
            if (waitingForRoom) {
                backlog.add(next); // behind the publish that waits, so this publisher's order holds
                return;
            }
        }
        route(next);
    }

    /**
     * Routes one publish; when it has to wait for room in a full BLOCK queue, marks the session as waiting, pauses
     * reading and lets the completion route what queued up behind it.
     *
     * @return whether it was settled at once
     */
    private boolean route(PendingPublish publish) {
        CompletableFuture<PublishReceipt> receipt;
        try {
            receipt = server.router().publish(publish.envelope(), client, false);
        } catch (WhispeerException e) {
            send(ErrorFrames.error(publish.requestId(), e, false));
            return true;
        }
        if (receipt.isDone()) {
            answer(publish.requestId(), receipt);
            return true;
        }
        synchronized (backlog) {
            waitingForRoom = true;
        }
        connection.pauseReading(); // the publisher waits without holding the I/O thread
        receipt.whenComplete((r, e) -> {
            answer(publish.requestId(), receipt);
            routeBacklog();
        });
        return false;
    }

    private void routeBacklog() {
        while (true) {
            PendingPublish next;
            synchronized (backlog) {
                next = backlog.poll();
                if (next == null) {
                    waitingForRoom = false;
                    break;
                }
            }
            if (!route(next)) {
                return; // waits again; its completion goes on
            }
        }
        connection.resumeReading();
    }

    /** A publish that arrived while an earlier one waited for room. */
    private record PendingPublish(long requestId, Envelope envelope) {
    }

    private void answer(long requestId, CompletableFuture<PublishReceipt> receipt) {
        PublishReceipt r;
        try {
            r = receipt.join();
        } catch (java.util.concurrent.CompletionException e) {
            send(ErrorFrames.error(requestId, e.getCause(), false));
            return;
        }
        if (requestId == 0) {
            return;
        }
        if (subscriptions.isEmpty() && r.sequence().isEmpty()) {
            synchronized (ackRun) {
                if (!ackRun.continuedBy(requestId, r)) {
                    writeAckRun();
                    ackRun.start(requestId, r);
                }
            }
            scheduleFlush(); // the flush writes the run: one PUBACK for a burst of pipelined publishes
            return;
        }
        Puback.Builder ack = Puback.newBuilder().setRequestId(requestId).setMatched(r.matched()).setQueued(r.queued()).setDropped(r.dropped());
        r.sequence().ifPresent(ack::setSequence);
        Frame puback = Frame.newBuilder().setPuback(ack).build();
        if (subscriptions.isEmpty()) {
            send(puback);
        } else {
            acksAfterDeliveries.add(puback); // after the DELIVERs of this message to this connection's own subscriptions
            scheduleDelivery();
        }
    }

    private void onSubscribe(Subscribe subscribe) {
        long requestId = subscribe.getRequestId();
        long id = subscribe.getSubscriptionId();
        if (requestId == 0 || id == 0) {
            fail(ErrorCode.ERROR_CODE_MALFORMED_FRAME, "A SUBSCRIBE needs a request id and a subscription id other than 0.");
            return;
        }
        if (subscriptions.containsKey(id)) {
            send(ErrorFrames.error(requestId, ErrorCode.ERROR_CODE_REFUSED, "Subscription id " + id + " is in use on this connection;"
                    + " choose an id unique among the open subscriptions.", false));
            return;
        }
        int max = server.settings().maxSubscriptions();
        if (subscriptions.size() >= max) {
            send(ErrorFrames.error(requestId, new LimitExceededException("This connection has " + subscriptions.size()
                    + " open subscriptions, the most " + ServerSettings.SCOPE + ServerSettings.MAX_SUBSCRIPTIONS + "=" + max
                    + " allows; close one first, or raise the limit on the server."), false));
            return;
        }
        SubscriptionQueue queue;
        try {
            SubscribeOptions options = SubscribeFrames.toOptions(subscribe);
            TopicFilter filter = server.router().parseFilter(subscribe.getFilter());
            queue = server.router().newQueue(filter, options, "remote", client);
        } catch (ProtocolException e) {
            throw e;
        } catch (WhispeerException e) {
            send(ErrorFrames.error(requestId, e, false));
            return;
        }
        if (queue.replayFrom().isPresent()) {
            replaying = true;
        }
        RemoteSubscription subscription = new RemoteSubscription(this, id, queue);
        queue.consumer(subscription);
        subscriptions.put(id, subscription);
        if (!server.router().attach(queue)) {
            subscriptions.remove(id, subscription);
            Throwable reason = queue.failure();
            send(ErrorFrames.error(requestId, reason != null ? reason
                    : new WhispeerException("The subscription to '" + subscribe.getFilter() + "' was closed while it was opened."), false));
            queue.finish();
            return;
        }
        send(Frame.newBuilder().setSuback(Suback.newBuilder().setRequestId(requestId).setSubscriptionId(id)).build());
        subscription.acknowledged = true;
        ready(subscription); // messages routed before the SUBACK was written
    }

    private void onUnsubscribe(Unsubscribe unsubscribe) {
        RemoteSubscription subscription = subscriptions.get(unsubscribe.getSubscriptionId());
        if (subscription == null) {
            send(ErrorFrames.error(unsubscribe.getRequestId(), ErrorCode.ERROR_CODE_UNKNOWN_SUBSCRIPTION, "No open subscription has id "
                    + unsubscribe.getSubscriptionId() + " on this connection.", false));
            return;
        }
        subscription.unsubscribeRequest = unsubscribe.getRequestId();
        subscription.queue.close(null); // the delivery loop ends it and answers UNSUBACK
    }

    // -------------------------------------------------------------------------------------------------- outbound

    /**
     * A subscription has something to take or changed state; called from any thread.
     *
     * @param subscription the subscription
     */
    void ready(RemoteSubscription subscription) {
        if (subscription.ready.compareAndSet(false, true)) {
            ready.add(subscription);
        }
        scheduleDelivery();
    }

    private void scheduleDelivery() {
        while (true) {
            int d = delivery.get();
            if (d == 2 || (d == 1 && delivery.compareAndSet(1, 2))) {
                return;
            }
            if (d == 0 && delivery.compareAndSet(0, 1)) {
                if (replaying) {
                    server.work().execute(this::deliver);
                } else {
                    connection.execute(this::deliver);
                }
                return;
            }
        }
    }

    @Override
    public void onFrameTooLarge(Connection c, long frameBytes, int maxFrameBytes) {
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
        }
        // the transport flushes this and closes the connection right after
        connection.write(server.frames().encode(ErrorFrames.error(0, ErrorCode.ERROR_CODE_LIMIT_EXCEEDED, "A frame of " + frameBytes
                + " bytes is over the limit of " + maxFrameBytes + " bytes (whispeer.transport.max-frame-bytes); the connection is closed."
                + " Send smaller messages, or raise the limit on the server and the client.", true)));
    }

    @Override
    public void onWritabilityChanged(Connection c, boolean writable) {
        if (writable) {
            subscriptions.values().forEach(s -> {
                if (!s.queue.isEmpty()) {
                    ready(s);
                }
            });
        } else {
            scheduleSlowConsumerCheck();
        }
    }

    /** The delivery loop: one burst, then it stops unless something became ready meanwhile. */
    private void deliver() {
        do {
            delivery.set(1);
            // Each PUBACK was queued after its message was offered to this connection's queues, which made them
            // ready: taking the PUBACKs first and draining after writes those DELIVERs before the PUBACKs.
            List<Frame> acks = null;
            Frame ack;
            while ((ack = acksAfterDeliveries.poll()) != null) {
                (acks == null ? acks = new ArrayList<>() : acks).add(ack);
            }
            int written = 0;
            RemoteSubscription s;
            while ((s = ready.poll()) != null) {
                s.ready.set(false);
                written += drain(s);
            }
            if (acks != null) {
                for (Frame a : acks) {
                    connection.write(server.frames().encode(a));
                }
                written += acks.size();
            }
            if (written > 0) {
                connection.flush();
            }
        } while (!delivery.compareAndSet(1, 0));
    }

    private int drain(RemoteSubscription s) {
        SubscriptionQueue queue = s.queue;
        int written = 0;
        if (s.dropQueued) {
            s.dropQueued = false;
            Envelope envelope;
            while ((envelope = queue.poll()) != null) {
                queue.drop(envelope, DropReason.SLOW_CONSUMER);
            }
        }
        if (s.acknowledged && state == State.OPEN) {
            long limit = server.settings().maxPendingOutboundBytes();
            Envelope envelope;
            while (connection.pendingWriteBytes() <= limit && (envelope = queue.poll()) != null) { // past it the transport is unwritable, and says when it is writable again
                long tag = queue.polledTag();
                connection.write(server.frames().encodeDeliver(EnvelopeFrames.deliverHeader(s.id, tag, 1, tag, envelope), envelope.sealedBuffer()));
                queue.delivered(envelope);
                if (++written % DELIVERIES_PER_FLUSH == 0) {
                    connection.flush();
                }
            }
            if (connection.pendingWriteBytes() > limit) {
                // At the limit: resume once what was written has left, which does not depend on writability events
                // that a quick unwritable-writable flip can fold into none.
                connection.flushWithCompletion().whenComplete((done, failure) -> ready(s));
                scheduleSlowConsumerCheck();
            }
        }
        if (queue.state() != SubscriptionQueue.State.OPEN && (queue.closeIfDrained() || state == State.CLOSED)) {
            end(s);
        }
        return written;
    }

    /** Ends a subscription whose queue closed: the router forgets it, and the client learns why unless it asked. */
    private void end(RemoteSubscription s) {
        if (!subscriptions.remove(s.id, s)) {
            return;
        }
        s.queue.close(null);
        s.queue.finish();
        if (state != State.OPEN) {
            return;
        }
        long request = s.unsubscribeRequest;
        Throwable failure = s.queue.failure();
        if (request == 0 && failure != null) {
            send(ErrorFrames.error(0, failure, false));
        }
        send(Frame.newBuilder().setUnsuback(Unsuback.newBuilder().setRequestId(request).setSubscriptionId(s.id)).build());
    }

    private void scheduleSlowConsumerCheck() {
        if (slowConsumerTimer == null || slowConsumerTimer.isDone()) {
            long period = Math.max(10, server.settings().slowConsumerTimeout().toMillis() / 4);
            slowConsumerTimer = server.timer().scheduleAtFixedRate(this::checkSlowConsumer, period, period, TimeUnit.MILLISECONDS);
        }
    }

    /** Runs while the connection is at its outbound limit; applies the slow-consumer policy to queues that stay full. */
    private void checkSlowConsumer() {
        if (state != State.OPEN || connection.isWritable()) {
            subscriptions.values().forEach(s -> s.fullSinceNanos = 0);
            cancel(slowConsumerTimer);
            return;
        }
        long now = System.nanoTime();
        long timeout = server.settings().slowConsumerTimeout().toNanos();
        for (RemoteSubscription s : subscriptions.values()) {
            if (s.queue.size() < s.queue.capacity()) {
                s.fullSinceNanos = 0;
                continue;
            }
            if (s.fullSinceNanos == 0) {
                s.fullSinceNanos = now;
                continue;
            }
            if (now - s.fullSinceNanos < timeout) {
                continue;
            }
            String why = "Slow consumer: " + connection.pendingWriteBytes() + " bytes wait to be sent to this connection (limit "
                    + ServerSettings.SCOPE + ServerSettings.MAX_PENDING_OUTBOUND_BYTES + "=" + server.settings().maxPendingOutboundBytes()
                    + ") and subscription " + s.id + " on '" + s.queue.filter() + "' has had its queue full (" + s.queue.capacity()
                    + " messages) for over " + server.settings().slowConsumerTimeout() + " (" + ServerSettings.SCOPE
                    + ServerSettings.SLOW_CONSUMER_TIMEOUT + ")";
            if (server.settings().slowConsumer() == ServerSettings.SlowConsumerPolicy.DISCONNECT) {
                Server.LOG.log(System.Logger.Level.WARNING, () -> why + "; the connection of " + this + " is closed.");
                fail(ErrorCode.ERROR_CODE_SLOW_CONSUMER, why + "; the connection is closed (" + ServerSettings.SCOPE + ServerSettings.SLOW_CONSUMER
                        + "=disconnect). Read faster, use a dropping overflow policy, or set it to drop.");
                return;
            }
            s.fullSinceNanos = 0;
            Server.LOG.log(System.Logger.Level.WARNING, () -> why + "; its queued messages are dropped (" + ServerSettings.SCOPE
                    + ServerSettings.SLOW_CONSUMER + "=drop).");
            s.dropQueued = true; // the delivery loop, the queue's one consumer, drops them
            ready(s);
        }
    }

    // ---------------------------------------------------------------------------------------------- the end

    private void send(Frame frame) {
        connection.write(server.frames().encode(frame));
        scheduleFlush();
    }

    private void scheduleFlush() {
        if (flushScheduled.compareAndSet(false, true)) {
            connection.execute(() -> { // after the frames read in this burst: one flush for all of them
                flushScheduled.set(false);
                synchronized (ackRun) {
                    writeAckRun();
                }
                connection.flush();
            });
        }
    }

    /** Writes the pending run of PUBACKs, if any, as one frame; must hold the {@link #ackRun} lock. */
    private void writeAckRun() {
        if (ackRun.count == 0) {
            return;
        }
        Puback.Builder ack = Puback.newBuilder().setRequestId(ackRun.first).setMatched(ackRun.matched).setQueued(ackRun.queued)
                .setDropped(ackRun.dropped);
        if (ackRun.count > 1) {
            ack.setCount(ackRun.count);
        }
        connection.write(server.frames().encode(Frame.newBuilder().setPuback(ack).build()));
        ackRun.count = 0;
    }

    /** Consecutive request ids answered with equal counts and no sequence, not yet written. */
    private static final class AckRun {
        long first;
        int count;
        int matched;
        int queued;
        int dropped;

        /** Adds the next request to the run when it continues it; {@code false} when it starts another. */
        boolean continuedBy(long requestId, PublishReceipt r) {
            if (count == 0 || requestId != first + count || r.matched() != matched || r.queued() != queued || r.dropped() != dropped
                    || count == Integer.MAX_VALUE) {
                return false;
            }
            count++;
            return true;
        }

        void start(long requestId, PublishReceipt r) {
            first = requestId;
            count = 1;
            matched = r.matched();
            queued = r.queued();
            dropped = r.dropped();
        }
    }

    /**
     * Sends a fatal ERROR, then closes the connection.
     *
     * @param code    the code
     * @param message what was wrong, the limit and the fix
     */
    void fail(ErrorCode code, String message) {
        failWith(ErrorFrames.error(0, code, message, true));
    }

    private void failWith(Frame error) {
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
        }
        Server.LOG.log(System.Logger.Level.DEBUG, () -> "Closing " + this + ": " + error.getError().getCode() + " " + error.getError().getMessage());
        failure = new TransportException(error.getError().getMessage()); // before the close, whose onClose may come first
        synchronized (ackRun) {
            writeAckRun(); // publishes already routed are answered before the end
        }
        connection.write(server.frames().encode(error));
        connection.flush();
        connection.close();
        cleanUp(Optional.of(failure));
    }

    /** The server is closing: tells the client, then closes. */
    void shutdown() {
        fail(ErrorCode.ERROR_CODE_SERVER_SHUTTING_DOWN, "The server is shutting down; reconnect later.");
    }

    @Override
    public void onClose(Connection c, Optional<Throwable> cause) {
        synchronized (this) {
            state = State.CLOSED;
        }
        Throwable reason = failure;
        cleanUp(reason != null ? Optional.of(reason) : cause);
    }

    private void cleanUp(Optional<Throwable> cause) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        cancel(handshakeTimer);
        cancel(keepAliveTimer);
        cancel(slowConsumerTimer);
        List<RemoteSubscription> open = new ArrayList<>(subscriptions.values());
        for (RemoteSubscription s : open) {
            s.queue.close(null); // the delivery loop finishes each one
        }
        RemoteClient c = client;
        if (c != null) {
            server.router().disconnected(c, cause);
        }
        server.closed(this);
    }

    private static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    private Optional<InetSocketAddress> remoteAddress() {
        SocketAddress address = connection.info().remoteAddress();
        return address instanceof InetSocketAddress inet ? Optional.of(inet) : Optional.empty();
    }

    @Override
    public String toString() {
        RemoteClient c = client;
        return "ServerSession[" + (c != null ? c.id() + "@" : "") + connection.info().scheme() + "://" + connection.info().remoteAddress()
                + ", " + state + ", " + subscriptions.size() + " subscriptions]";
    }
}
