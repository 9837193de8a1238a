package io.whispeer.core.router;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;

import io.whispeer.api.Envelope;
import io.whispeer.api.OverflowPolicy;
import io.whispeer.api.QoS;
import io.whispeer.api.Replay;
import io.whispeer.api.SubscriptionOverflowException;
import io.whispeer.api.Subscription;
import io.whispeer.api.SubscriptionStats;
import io.whispeer.api.TopicFilter;
import io.whispeer.api.WhispeerException;
import io.whispeer.api.spi.DropReason;
import io.whispeer.api.spi.ReplayCursor;
import io.whispeer.api.spi.StoredEnvelope;
import io.whispeer.api.spi.SubscriptionInfo;

/**
 * One subscription's bounded queue of sealed envelopes, its overflow policy, its state machine and its counters.
 * How messages leave the queue is not its business: a {@link QueueConsumer} (a {@link PushDispatcher} with a
 * {@link Sink}, a blocking stream, a protocol session) is plugged in and told when to look.
 *
 * <h2>States</h2>
 * <pre>
 * OPEN ──beginDrain──► DRAINING ──empty──► CLOSED
 *   │ ──full under FAIL──► FAILING ──empty──► CLOSED
 *   └──────────────── close ────────────────► CLOSED
 * </pre>
 * OPEN accepts messages. DRAINING (the broker is closing) and FAILING (a FAIL overflow) accept none but keep what
 * is queued for the consumer; {@link #closeIfDrained()} moves them to CLOSED once the queue is empty. CLOSED accepts
 * and delivers nothing: {@link #close} discards what is queued, counting each message as dropped
 * ({@link DropReason#CLOSED}). The consumer calls {@link #finish()} once it has stopped for good, which completes
 * {@link #whenClosed()} and tells the owner, exactly once.
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>At most {@code capacity} messages wait in the queue. A message the consumer has taken ({@link #poll()})
 *       no longer counts, even while its handler runs.</li>
 *   <li>Every offered message is, exactly once, either queued and later taken by the consumer, or counted as
 *       dropped and reported to the owner with its reason (DROP_NEWEST, DROP_OLDEST, FAIL, BLOCK timeout, CLOSED).
 *       None disappears silently, also when a close races an offer: a message queued into a queue that closed
 *       meanwhile is discarded and counted by whoever sees it first.</li>
 *   <li>Only OPEN accepts. A publisher that finds the queue full under BLOCK either parks
 *       ({@link #offer(Envelope, long, long)}, for in-process publishers) or gets {@link Offer#FULL} and registers a
 *       one-shot room callback ({@link #awaitRoom}), for callers that must never park such as I/O event loops.
 *       Every poll that frees room while someone waits wakes all waiters; a close wakes them too.</li>
 *   <li>Messages leave in the order they were queued. With one consumer taking them (as every consumer here does),
 *       each publisher's messages are delivered in its publish order.</li>
 *   <li>With a replay ({@link #replayFirst}), the stored messages leave first, in store order, then the live ones;
 *       a live message that the replay delivered already is skipped, so each message leaves once.</li>
 * </ul>
 *
 * <h2>Threads and cost</h2>
 * The queue is a bounded lock-free ring (Vyukov's multi-producer multi-consumer array queue with per-slot sequence
 * numbers): an offer that finds room costs one compare-and-set and no allocation, and so does a poll. Drop-oldest
 * publishers and closers take from the head like the consumer, which is why the ring is multi-consumer. The lock
 * and its condition are used only by publishers that wait for room and by the consumer waking them.
 */
public final class SubscriptionQueue implements Subscription {
    /** What an offer did with a message. */
    public enum Offer {
        /** The message is queued. */
        QUEUED,
        /** The overflow policy dropped the message (DROP_NEWEST, or FAIL on a full queue); it is counted and reported. */
        DROPPED,
        /** The queue is full under BLOCK; nothing was queued or counted. Wait for room ({@link #awaitRoom}) and offer again. */
        FULL,
        /** The queue stayed full for the whole block timeout; the message is counted and reported as dropped. */
        TIMED_OUT,
        /** The queue no longer accepts messages; nothing was queued or counted. */
        CLOSED
    }

    /** The states; see the class Javadoc. */
    public enum State {
        /** Accepts and delivers messages. */
        OPEN,
        /** The broker is closing: accepts none, delivers what is queued. */
        DRAINING,
        /** A FAIL overflow happened: accepts none, delivers what was queued before it. */
        FAILING,
        /** Accepts and delivers nothing. */
        CLOSED
    }

    private static final System.Logger LOG = System.getLogger("io.whispeer.core");
    /** Stored envelopes read from a replay cursor at once. */
    private static final int REPLAY_PAGE = 256;
    private static final VarHandle COUNTER;
    private static final VarHandle FINISHED;
    private static final VarHandle SLOT_SEQUENCE = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Envelope[].class);

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            COUNTER = lookup.findVarHandle(Counter.class, "value", long.class);
            FINISHED = lookup.findVarHandle(SubscriptionQueue.class, "finished", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final SubscriptionInfo info;
    private final TopicFilter filter;
    private final long blockTimeoutNanos;
    private final BiConsumer<Subscription, Throwable> errorListener;
    private final QueueOwner owner;
    private final Meter meter;
    private QueueConsumer consumer;
    /** The tag (store sequence) of the envelope the consumer polled last; consumer thread only. */
    private long polledTag;
    /** Where a replay starts, when the subscription asked for one. */
    private final Replay replayFrom;
    // A replay in progress: the consumer thread reads pages from the cursor before the ring.
    private ReplayCursor replay;
    private List<StoredEnvelope> page = List.of();
    private int pageIndex;
    private volatile boolean replaying;
    /** The highest store sequence replayed per topic; live messages up to it were replayed already. Consumer thread only. */
    private Map<String, Long> replayedUpTo;
    private volatile boolean finished;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    // Waiting for room: publishers parked under BLOCK and one-shot callbacks. Changed under the lock; read without.
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    private volatile int waiters;
    private List<Runnable> roomCallbacks = new ArrayList<>();

    /**
     * Creates an OPEN queue. Give it its consumer with {@link #consumer(QueueConsumer)} before the first offer.
     *
     * @param info              what plugins see of the subscription
     * @param filter            the filter
     * @param policy            the overflow policy
     * @param capacity          how many messages may wait, at least 1
     * @param blockTimeout      how long a parked publisher waits for room under BLOCK
     * @param errorListener     receives handler failures and rejections, or {@code null} to log them
     * @param replayFrom        where a replay of stored messages starts, or {@code null} for live messages only
     * @param owner             told about deliveries, drops, rejections and the end
     */
    public SubscriptionQueue(SubscriptionInfo info, TopicFilter filter, OverflowPolicy policy, int capacity, Duration blockTimeout,
                             BiConsumer<Subscription, Throwable> errorListener, Replay replayFrom, QueueOwner owner) {
        if (capacity < 1) {
            throw new IllegalArgumentException("Queue capacity must be at least 1, got " + capacity);
        }
        this.info = info;
        this.filter = filter;
        this.blockTimeoutNanos = blockTimeout.toNanos();
        this.errorListener = errorListener;
        this.replayFrom = replayFrom;
        this.owner = owner;
        this.meter = new Meter(info, policy, capacity, owner.clock());
    }

    /**
     * Plugs in the consumer. Must be called once, before the queue is offered anything.
     *
     * @param consumer the consumer
     * @return this queue
     */
    public SubscriptionQueue consumer(QueueConsumer consumer) {
        if (this.consumer != null) {
            throw new IllegalStateException("The queue of '" + info.name() + "' already has a consumer");
        }
        this.consumer = consumer;
        return this;
    }

    // ---------------------------------------------------------------------------------------------- publishers

    /**
     * Offers a message without ever parking. Under BLOCK a full queue answers {@link Offer#FULL} and counts
     * nothing; the caller waits for room with {@link #awaitRoom} and offers again (or gives up and calls
     * {@link #timedOut}).
     *
     * @param envelope the envelope
     * @param tag      its store sequence, 0 without a store
     * @return what happened
     */
    public Offer offer(Envelope envelope, long tag) {
        if (meter.state != State.OPEN) {
            return Offer.CLOSED;
        }
        if (enqueue(envelope, tag)) {
            queued();
            return Offer.QUEUED;
        }
        return overflow(envelope, tag);
    }

    /**
     * Offers a message, parking the calling thread under BLOCK until there is room or {@code timeoutNanos} passed.
     * For in-process publishers; callers that must not park use {@link #offer(Envelope, long)}.
     *
     * @param envelope     the envelope
     * @param tag          its store sequence, 0 without a store
     * @param timeoutNanos the longest wait
     * @return what happened; {@link Offer#TIMED_OUT} when the wait ran out (the message is then counted as dropped)
     */
    public Offer offer(Envelope envelope, long tag, long timeoutNanos) {
        Offer offer = offer(envelope, tag);
        if (offer != Offer.FULL) {
            return offer;
        }
        long deadline = System.nanoTime() + timeoutNanos;
        boolean queued = false;
        lock.lock();
        try {
            waiters++;
            try {
                while (true) {
                    VarHandle.fullFence(); // announce the wait before looking again; the consumer looks at waiters after it polls
                    if (meter.state != State.OPEN) {
                        return Offer.CLOSED;
                    }
                    if (enqueue(envelope, tag)) {
                        queued = true;
                        break;
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    notFull.awaitNanos(left);
                }
            } finally {
                waiters--;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Offer.CLOSED;
        } finally {
            lock.unlock();
        }
        if (queued) {
            queued();
            return Offer.QUEUED;
        }
        timedOut(envelope);
        return Offer.TIMED_OUT;
    }

    /**
     * Counts and reports a message that a non-parking publisher gave up on after its block timeout.
     *
     * @param envelope the envelope that was not queued
     */
    public void timedOut(Envelope envelope) {
        drop(envelope, DropReason.BLOCK_TIMEOUT);
    }

    /**
     * Registers a one-shot callback for when a full queue has room again (or stops accepting, so the caller's next
     * offer learns that). The callback runs once, on the thread that freed the room or closed the queue; it must be
     * quick and must not block.
     *
     * @param callback what to run
     * @return {@code false} when there is room (or the queue stopped accepting) already: the callback was not
     *     registered, offer again at once
     */
    public boolean awaitRoom(Runnable callback) {
        lock.lock();
        try {
            waiters++;
            roomCallbacks.add(callback);
            VarHandle.fullFence();
            if (meter.state != State.OPEN || size() < meter.capacity) {
                roomCallbacks.remove(roomCallbacks.size() - 1);
                waiters--;
                return false;
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** {@return the block timeout under BLOCK, in nanoseconds} */
    public long blockTimeoutNanos() {
        return blockTimeoutNanos;
    }

    private Offer overflow(Envelope envelope, long tag) {
        switch (meter.policy) {
            case BLOCK -> {
                return Offer.FULL;
            }
            case DROP_NEWEST -> {
                drop(envelope, DropReason.QUEUE_FULL_DROP_NEWEST);
                return Offer.DROPPED;
            }
            case DROP_OLDEST -> {
                while (true) {
                    Envelope oldest = dequeue(false);
                    if (oldest != null) {
                        drop(oldest, DropReason.QUEUE_FULL_DROP_OLDEST);
                    }
                    if (meter.state != State.OPEN) {
                        return Offer.CLOSED;
                    }
                    if (enqueue(envelope, tag)) {
                        queued();
                        return Offer.QUEUED;
                    }
                }
            }
            case FAIL -> {
                SubscriptionOverflowException reason = new SubscriptionOverflowException("Subscription '" + info.name() + "' on '"
                        + filter + "' was closed: its queue held " + meter.capacity + " messages, its capacity, and its overflow policy is"
                        + " FAIL. Handle messages faster, raise SubscribeOptions.queueCapacity or whispeer.subscription.queue-capacity,"
                        + " or pick another OverflowPolicy.");
                if (!transition(State.OPEN, State.FAILING, reason)) {
                    return Offer.CLOSED;
                }
                owner.detach(this);
                drop(envelope, DropReason.QUEUE_FULL_FAIL);
                wakeWaiters();
                consumer.available();
                return Offer.DROPPED;
            }
            default -> throw new IllegalStateException("Unknown overflow policy " + meter.policy);
        }
    }

    private void queued() {
        consumer.available();
        if (meter.state == State.CLOSED) {
            discardAll(); // a close raced this offer: count what it left behind
        }
    }

    private boolean enqueue(Envelope envelope, long tag) {
        long[] sequences = meter.slotSequences;
        while (true) {
            PaddedIndex producer = meter.producerIndex;
            long index = producer.get();
            if (index >= producer.limit) {
                long limit = meter.consumerIndex.get() + meter.capacity; // look at the consumer's line only when near full
                producer.limit = limit; // a racy write: a stale limit only makes another publisher look again
                if (index >= limit) {
                    return false;
                }
            }
            int slot = (int) index & meter.mask;
            long sequence = (long) SLOT_SEQUENCE.getAcquire(sequences, slot);
            if (sequence == index) {
                if (producer.compareAndSet(index, index + 1)) {
                    meter.slots[slot] = envelope;
                    meter.slotTags[slot] = tag;
                    SLOT_SEQUENCE.setRelease(sequences, slot, index + 1);
                    return true;
                }
            } else if (sequence < index) {
                Thread.onSpinWait(); // a taker has claimed this slot and is about to release it
            }
        }
    }

    // ----------------------------------------------------------------------------------------------- consumer

    /**
     * Takes the oldest message; for the queue's single consumer. Taking frees its room at once and wakes waiting
     * publishers.
     *
     * @return the envelope, or {@code null} when the queue is empty
     */
    public Envelope poll() {
        if (replaying) {
            Envelope replayed = nextReplayed();
            if (replayed != null) {
                return replayed;
            }
        }
        Envelope envelope = dequeue(true);
        if (replayedUpTo != null) {
            while (envelope != null) {
                Long upTo = replayedUpTo.get(envelope.topic());
                if (upTo == null || polledTag > upTo) {
                    break;
                }
                meter.duplicates.increment(); // published while the replay was opened: it came with the replay
                envelope = dequeue(true);
            }
        }
        if (envelope != null && waiters != 0) {
            wakeWaiters();
        }
        return envelope;
    }

    /** {@return where a replay starts, when the subscription asked for one} */
    public Optional<Replay> replayFrom() {
        return Optional.ofNullable(replayFrom);
    }

    /**
     * Makes the consumer take the cursor's stored envelopes before the live ones; each live message that the replay
     * already delivered (same topic, sequence not above the replayed one) is skipped and counted as a duplicate.
     * Must be called before the consumer starts. While the replay lasts, {@link #poll()} may block reading the store.
     *
     * @param cursor a cursor opened after the queue was routed to, so that nothing falls between replay and live
     */
    public void replayFirst(ReplayCursor cursor) {
        this.replay = cursor;
        this.replayedUpTo = new HashMap<>();
        this.replaying = true;
    }

    private Envelope nextReplayed() {
        while (true) {
            if (pageIndex < page.size()) {
                StoredEnvelope stored = page.get(pageIndex++);
                polledTag = stored.sequence();
                replayedUpTo.merge(stored.topic(), stored.sequence(), Math::max);
                return stored.envelope();
            }
            try {
                page = meter.state == State.CLOSED ? List.of() : replay.next(REPLAY_PAGE);
            } catch (RuntimeException e) {
                endReplay();
                close(e);
                return null;
            }
            pageIndex = 0;
            if (page.isEmpty()) {
                endReplay();
                return null;
            }
        }
    }

    private void endReplay() {
        replaying = false;
        page = List.of();
        if (replay != null) {
            try {
                replay.close();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Closing the replay of subscription '" + info.name() + "' failed", e);
            }
            replay = null;
        }
    }

    /** {@return the store sequence of the envelope the last {@link #poll()} returned; consumer thread only} */
    public long polledTag() {
        return polledTag;
    }

    private Envelope dequeue(boolean forConsumer) {
        long[] sequences = meter.slotSequences;
        while (true) {
            long index = meter.consumerIndex.get();
            int slot = (int) index & meter.mask;
            long sequence = (long) SLOT_SEQUENCE.getAcquire(sequences, slot);
            long expected = index + 1;
            if (sequence == expected) {
                if (meter.consumerIndex.compareAndSet(index, expected)) {
                    Envelope envelope = meter.slots[slot];
                    if (forConsumer) {
                        polledTag = meter.slotTags[slot];
                    }
                    SLOT.setOpaque(meter.slots, slot, (Envelope) null);
                    SLOT_SEQUENCE.setRelease(sequences, slot, index + meter.mask + 1);
                    return envelope;
                }
            } else if (sequence < expected) {
                if (index == meter.producerIndex.get()) {
                    return null;
                }
                Thread.onSpinWait(); // a publisher has claimed this slot and is about to fill it
            }
        }
    }

    private void wakeWaiters() {
        List<Runnable> callbacks;
        lock.lock();
        try {
            notFull.signalAll();
            if (roomCallbacks.isEmpty()) {
                return;
            }
            callbacks = roomCallbacks;
            roomCallbacks = new ArrayList<>();
            waiters -= callbacks.size();
        } finally {
            lock.unlock();
        }
        for (Runnable callback : callbacks) {
            try {
                callback.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "A room callback of subscription '" + info.name() + "' failed", e);
            }
        }
    }

    /** {@return how many messages wait now (a moment's snapshot under concurrency)} */
    public int size() {
        return meter.size();
    }

    /** {@return whether no message waits} */
    public boolean isEmpty() {
        return !replaying && meter.producerIndex.get() == meter.consumerIndex.get();
    }

    // ---------------------------------------------------------------------------------------------- lifecycle

    /** {@return the state} */
    public State state() {
        return meter.state;
    }

    /** {@return whether the queue is CLOSED: nothing more is delivered} */
    public boolean isClosed() {
        return meter.state == State.CLOSED;
    }

    /** {@return the reason the queue closed or is failing, or {@code null}} */
    public Throwable failure() {
        return meter.failure;
    }

    /** Stops accepting messages but keeps what is queued for the consumer (the broker is closing). */
    public void beginDrain() {
        if (transition(State.OPEN, State.DRAINING, null)) {
            wakeWaiters();
            consumer.available();
        }
    }

    /**
     * Moves DRAINING or FAILING with an empty queue to CLOSED; for the consumer, when it found nothing more to take.
     *
     * @return whether the queue is CLOSED now
     */
    public boolean closeIfDrained() {
        State s = meter.state;
        if ((s == State.DRAINING || s == State.FAILING) && isEmpty()) {
            transition(s, State.CLOSED, null);
        }
        return meter.state == State.CLOSED;
    }

    /**
     * Closes at once: accepts and delivers nothing more, discards and counts what is queued, wakes waiting
     * publishers and tells the consumer. Idempotent; the first reason is kept.
     *
     * @param reason why, or {@code null} for an orderly close
     */
    public void close(Throwable reason) {
        while (true) {
            State s = meter.state;
            if (s == State.CLOSED) {
                return;
            }
            if (transition(s, State.CLOSED, reason)) {
                break;
            }
        }
        owner.detach(this);
        discardAll();
        wakeWaiters();
        consumer.available();
    }

    /**
     * Changes the state, and records the first reason, as one step: a consumer that sees the new state sees its
     * reason, and a transition that loses a race leaves no reason behind. Transitions are rare, so a lock is fine;
     * offers and polls only read the volatile state.
     */
    private boolean transition(State from, State to, Throwable reason) {
        lock.lock();
        try {
            if (meter.state != from) {
                return false;
            }
            if (reason != null && meter.failure == null) {
                meter.failure = reason;
            }
            meter.state = to;
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void discardAll() {
        Envelope envelope;
        while ((envelope = dequeue(false)) != null) {
            drop(envelope, DropReason.CLOSED);
        }
    }

    /**
     * Marks the end: completes {@link #whenClosed()} (exceptionally with the failure, if any) and tells the owner.
     * Called by the consumer once it has stopped for good; idempotent.
     */
    public void finish() {
        if (!FINISHED.compareAndSet(this, false, true)) {
            return;
        }
        if (meter.state != State.CLOSED) {
            close(null);
        }
        if (replaying) {
            endReplay();
        }
        owner.finished(this);
        Throwable reason = meter.failure;
        if (reason == null) {
            closed.complete(null);
        } else {
            closed.completeExceptionally(reason);
        }
    }

    /** {@return whether {@link #finish()} has run} */
    public boolean isFinished() {
        return finished;
    }

    // ----------------------------------------------------------------------------------------------- counters

    /**
     * Counts a successful delivery and tells the owner.
     *
     * @param envelope the envelope
     */
    public void delivered(Envelope envelope) {
        meter.delivered.increment();
        owner.delivered(envelope, info);
    }

    /**
     * Counts a message that could not be opened or decoded, tells the owner and reports it.
     *
     * @param envelope the envelope
     * @param cause    the failure
     */
    public void rejected(Envelope envelope, WhispeerException cause) {
        meter.rejected.increment();
        owner.rejected(envelope, info, cause);
        report("rejected message " + envelope.id() + " from topic '" + envelope.topic() + "'", cause);
    }

    /**
     * Counts a handler failure and reports it.
     *
     * @param envelope      the envelope
     * @param error         the failure
     * @param deliveryCount which delivery failed
     * @param maxDeliveries how many are allowed
     */
    public void handlerFailed(Envelope envelope, Throwable error, int deliveryCount, int maxDeliveries) {
        meter.handlerErrors.increment();
        report("handler failed on message " + envelope.id() + " from topic '" + envelope.topic() + "' (delivery "
                + deliveryCount + " of at most " + maxDeliveries + ")", error);
    }

    /** Counts a redelivery. */
    public void redelivered() {
        meter.redelivered.increment();
    }

    /** Counts a message skipped as a duplicate. */
    public void duplicate() {
        meter.duplicates.increment();
    }

    /**
     * Counts a message that will not be delivered and tells the owner.
     *
     * @param envelope the envelope
     * @param reason   why
     */
    public void drop(Envelope envelope, DropReason reason) {
        meter.dropped.increment();
        owner.dropped(envelope, info, reason);
    }

    private void report(String what, Throwable error) {
        if (errorListener != null) {
            try {
                errorListener.accept(this, error);
                return;
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Error listener of subscription '" + info.name() + "' threw", e);
            }
        }
        LOG.log(System.Logger.Level.WARNING, "Subscription '" + info.name() + "' on '" + filter + "': " + what, error);
    }

    /** {@return what plugins see of this subscription} */
    public SubscriptionInfo info() {
        return info;
    }

    /** {@return the overflow policy} */
    public OverflowPolicy policy() {
        return meter.policy;
    }

    /** {@return the delivery guarantee} */
    public QoS qos() {
        return info.qos();
    }

    /** {@return the capacity} */
    public int capacity() {
        return meter.capacity;
    }

    // ------------------------------------------------------------------------------------------- Subscription

    @Override
    public String id() {
        return info.id();
    }

    @Override
    public String name() {
        return info.name();
    }

    @Override
    public TopicFilter filter() {
        return filter;
    }

    @Override
    public SubscriptionStats stats() {
        return meter.stats();
    }

    /** {@return the part of this queue that stats read; it holds no consumer, sink or handler} */
    public Meter meter() {
        return meter;
    }

    @Override
    public boolean isOpen() {
        return meter.state == State.OPEN;
    }

    @Override
    public CompletableFuture<Void> whenClosed() {
        return closed.copy();
    }

    /** Closes the subscription at once; what is queued is discarded and counted as dropped. */
    @Override
    public void close() {
        close(null);
    }

    @Override
    public String toString() {
        return "Subscription[" + info.name() + " on " + filter + " as " + info.payloadType() + ", " + meter.state + "]";
    }

    /**
     * The part of a queue that stats read: the ring of envelopes, the counters and the state. It holds no reference
     * to the consumer, the sink or the handler, so nothing reachable from it, even by reflection, leads to the typed
     * layer and its keys: the router hands plugins statistics computed from meters only.
     */
    public static final class Meter {
        private final SubscriptionInfo info;
        private final OverflowPolicy policy;
        private final int capacity;
        private final InstantSource clock;
        // The ring: a power-of-two array of slots, each with a sequence number that says whose turn it is.
        private final int mask;
        private final Envelope[] slots;
        private final long[] slotSequences;
        private final long[] slotTags;
        private final PaddedIndex producerIndex = new PaddedIndex();
        private final PaddedIndex consumerIndex = new PaddedIndex();
        private volatile State state = State.OPEN;
        private volatile Throwable failure;
        private final Counter delivered = new Counter();
        private final Counter dropped = new Counter();
        private final Counter handlerErrors = new Counter();
        private final Counter rejected = new Counter();
        private final Counter redelivered = new Counter();
        private final Counter duplicates = new Counter();

        private Meter(SubscriptionInfo info, OverflowPolicy policy, int capacity, InstantSource clock) {
            this.info = info;
            this.policy = policy;
            this.capacity = capacity;
            this.clock = clock;
            int size = Integer.highestOneBit(Math.max(2, capacity) - 1) << 1;
            this.mask = size - 1;
            this.slots = new Envelope[size];
            this.slotSequences = new long[size];
            this.slotTags = new long[size];
            for (int i = 0; i < size; i++) {
                slotSequences[i] = i;
            }
        }

        int size() {
            long consumed = consumerIndex.get();
            long produced = producerIndex.get();
            return (int) Math.max(0, Math.min(capacity, produced - consumed));
        }

        /** {@return a snapshot of the subscription's counters} */
        public SubscriptionStats stats() {
            int depth = size();
            Duration oldest = Duration.ZERO;
            if (depth > 0) {
                Envelope head = (Envelope) SLOT.getOpaque(slots, (int) consumerIndex.get() & mask);
                if (head != null) {
                    oldest = Duration.ofMillis(Math.max(0, clock.millis() - head.timestampMillis()));
                }
            }
            return new Stats(info.id(), info.name(), info.filter(), info.payloadType(), policy, info.qos(), capacity, depth,
                    delivered.get(), dropped.get(), handlerErrors.get(), rejected.get(), redelivered.get(), duplicates.get(), oldest,
                    state != State.CLOSED);
        }

        /** {@return delivered, dropped, rejected and handler errors, for the router's totals} */
        long[] totals() {
            return new long[] {delivered.get(), dropped.get(), rejected.get(), handlerErrors.get()};
        }
    }

    /** A counter that several threads may add to. */
    private static final class Counter {
        private volatile long value;

        void increment() {
            COUNTER.getAndAdd(this, 1L);
        }

        long get() {
            return value;
        }
    }

    /** A snapshot of the counters. */
    private record Stats(String id, String name, String filter, String payloadType, OverflowPolicy overflowPolicy, QoS qos,
                         int capacity, int queueDepth, long delivered, long dropped, long handlerErrors, long rejected,
                         long redelivered, long duplicates, Duration oldestPending, boolean open) implements SubscriptionStats {
    }
}
