package io.whispeer.core;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.whispeer.api.Envelope;
import io.whispeer.api.Message;
import io.whispeer.api.OverflowPolicy;
import io.whispeer.api.QoS;
import io.whispeer.api.SubscribeOptions;
import io.whispeer.api.Subscription;
import io.whispeer.api.SubscriptionOverflowException;
import io.whispeer.api.SubscriptionStats;
import io.whispeer.api.TopicFilter;
import io.whispeer.api.TypeRef;
import io.whispeer.api.WhispeerException;
import io.whispeer.api.spi.DropReason;
import io.whispeer.api.spi.SubscriptionInfo;

/**
 * A subscription's bounded queue, overflow policy, state and counters. Subclasses decide how queued messages reach
 * the user: a drain task on an executor ({@link PushSubscription}) or the caller's thread ({@link StreamSubscription}).
 *
 * <p>States: OPEN accepts messages; DRAINING (broker closing) and FAILING (FAIL overflow) accept none but still
 * deliver what is queued; CLOSED delivers nothing. {@link #finish} runs exactly once, on reaching CLOSED.
 */
abstract class CoreSubscription<T> implements Subscription {
    enum State { OPEN, DRAINING, FAILING, CLOSED }

    /** What {@link #offer} did with a message. */
    enum Offer { QUEUED, DROPPED, TIMED_OUT, CLOSED }

    /** One queued message and how often it was delivered. */
    static final class Queued {
        final Delivery delivery;
        final long enqueuedNanos;
        int deliveryCount = 1;

        Queued(Delivery delivery, long enqueuedNanos) {
            this.delivery = delivery;
            this.enqueuedNanos = enqueuedNanos;
        }
    }

    final CoreBroker broker;
    final String id;
    final String name;
    final TopicFilter filter;
    final TypeRef<T> type;
    final OverflowPolicy policy;
    final QoS qos;
    final int capacity;
    final long blockTimeoutNanos;
    final int maxDeliveries;
    final SubscribeOptions options;
    final SubscriptionInfo info;

    final ReentrantLock lock = new ReentrantLock();
    final Condition notFull = lock.newCondition();
    final Condition notEmpty = lock.newCondition();
    final ArrayDeque<Queued> queue = new ArrayDeque<>();
    /** Messages the drain task took from the queue and has not started yet; they still count against capacity. */
    final AtomicInteger taken = new AtomicInteger();
    /** When the oldest taken-but-unstarted message was queued (nanoTime), 0 when none; for {@link #stats()}. */
    volatile long takenSince;
    /** Publishers waiting for room under BLOCK (changed under the lock), so the drain task signals only when needed. */
    volatile int blockedPublishers;
    /** Bumped on every enqueue, so a lingering drain task can see new work without the lock. */
    volatile long enqueued;
    /** Mirrors {@code state == CLOSED} for lock-free checks between messages of a batch. */
    volatile boolean closedFlag;
    State state = State.OPEN;
    Throwable failure;

    private final AtomicBoolean finished = new AtomicBoolean();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    final AtomicLong delivered = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong handlerErrors = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    final AtomicLong redelivered = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();

    CoreSubscription(CoreBroker broker, String id, TopicFilter filter, TypeRef<T> type, SubscribeOptions options) {
        this.broker = broker;
        this.id = id;
        this.name = options.name().orElse(id);
        this.filter = filter;
        this.type = type;
        this.options = options;
        this.policy = options.overflowPolicy();
        this.qos = options.qos();
        this.capacity = options.queueCapacity().orElse(broker.limits().queueCapacity());
        this.blockTimeoutNanos = options.blockTimeout().orElse(broker.limits().blockTimeout()).toNanos();
        this.maxDeliveries = qos == QoS.AT_MOST_ONCE ? 1 : options.maxDeliveries();
        this.info = new SubscriptionInfo(id, name, filter.text(), type.toString(), qos);
    }

    /** Called after a message was queued or the state changed, outside the lock. */
    abstract void signal();

    /**
     * Offers a message according to the overflow policy. Under BLOCK this waits, up to the block timeout, for room.
     */
    final Offer offer(Delivery delivery) {
        Queued evicted = null;
        boolean failedNow = false;
        lock.lock();
        try {
            if (state != State.OPEN) {
                return Offer.CLOSED;
            }
            if (queue.size() + taken.get() >= capacity) {
                switch (policy) {
                    case BLOCK -> {
                        long nanos = blockTimeoutNanos;
                        boolean timedOut = false;
                        // Announce the wait before re-checking the room, so a drain task that frees room after the
                        // check sees a waiter and signals (see started()).
                        blockedPublishers++;
                        try {
                            while (queue.size() + taken.get() >= capacity && state == State.OPEN) {
                                if (nanos <= 0) {
                                    timedOut = true;
                                    break;
                                }
                                nanos = notFull.awaitNanos(nanos);
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return Offer.CLOSED;
                        } finally {
                            blockedPublishers--;
                        }
                        if (state != State.OPEN) {
                            return Offer.CLOSED;
                        }
                        if (timedOut) {
                            countDrop();
                            evicted = new Queued(delivery, 0);
                        }
                    }
                    case DROP_OLDEST -> {
                        evicted = queue.poll();
                        if (evicted == null) {
                            evicted = new Queued(delivery, 0); // everything is in the handler's hands: nothing older to drop
                        }
                    }
                    case DROP_NEWEST -> evicted = new Queued(delivery, 0);
                    case FAIL -> {
                        state = State.FAILING;
                        failure = new SubscriptionOverflowException("Subscription '" + name + "' on '" + filter + "' was closed: its queue"
                                + " held " + capacity + " messages, its capacity, and its overflow policy is FAIL. Handle messages faster,"
                                + " raise SubscribeOptions.queueCapacity or " + BrokerLimits.QUEUE_CAPACITY + ", or pick another OverflowPolicy.");
                        evicted = new Queued(delivery, 0);
                        failedNow = true;
                    }
                    default -> throw new IllegalStateException("Unknown overflow policy " + policy);
                }
                if (evicted != null && policy != OverflowPolicy.BLOCK) {
                    countDrop();
                }
            }
            if (evicted == null || policy == OverflowPolicy.DROP_OLDEST && evicted.delivery != delivery) {
                queue.add(new Queued(delivery, System.nanoTime()));
                enqueued++;
            }
        } finally {
            lock.unlock();
        }
        if (failedNow) {
            broker.unregister(this);
        }
        if (evicted != null) {
            broker.pluginChain().onDrop(evicted.delivery.envelope, info, dropReason());
        }
        signal();
        if (evicted != null && evicted.delivery == delivery) {
            return policy == OverflowPolicy.BLOCK ? Offer.TIMED_OUT : Offer.DROPPED;
        }
        return Offer.QUEUED;
    }

    private DropReason dropReason() {
        return switch (policy) {
            case BLOCK -> DropReason.BLOCK_TIMEOUT;
            case DROP_OLDEST -> DropReason.QUEUE_FULL_DROP_OLDEST;
            case DROP_NEWEST -> DropReason.QUEUE_FULL_DROP_NEWEST;
            case FAIL -> DropReason.QUEUE_FULL_FAIL;
        };
    }

    private void countDrop() {
        dropped.incrementAndGet();
        broker.counters().dropped.increment();
    }

    /**
     * Moves up to {@code max} messages from the queue into {@code out} under one lock; each keeps counting against
     * the capacity until {@link #started} (or {@link #pushBack}).
     *
     * @return how many were taken
     */
    final int pollInto(Queued[] out, int max) {
        lock.lock();
        try {
            int n = Math.min(max, queue.size());
            for (int i = 0; i < n; i++) {
                out[i] = queue.poll();
            }
            taken.addAndGet(n);
            if (n > 0) {
                takenSince = out[0].enqueuedNanos;
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A taken message is being handled: its room in the queue is free again; wakes a blocked publisher if any.
     *
     * @param next the next taken message, or null when the batch is done
     */
    final void started(Queued next) {
        takenSince = next == null ? 0 : next.enqueuedNanos;
        taken.decrementAndGet();
        if (blockedPublishers > 0) {
            lock.lock();
            try {
                notFull.signal();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Returns taken but unhandled messages to the head of the queue, in order; drops them if closed meanwhile. */
    final void pushBack(Queued[] batch, int from, int to) {
        boolean closedNow;
        lock.lock();
        try {
            taken.addAndGet(from - to);
            takenSince = 0;
            closedNow = state == State.CLOSED;
            if (!closedNow) {
                for (int i = to - 1; i >= from; i--) {
                    queue.addFirst(batch[i]);
                }
            }
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
        if (closedNow) {
            for (int i = from; i < to; i++) {
                drop(batch[i], DropReason.CLOSED);
            }
        }
    }

    /** Puts a message back at the head for redelivery; dropped if the subscription closed meanwhile. */
    final void requeueFirst(Queued q) {
        lock.lock();
        try {
            if (state != State.CLOSED) {
                q.deliveryCount++;
                queue.addFirst(q);
                redelivered.incrementAndGet();
                return;
            }
        } finally {
            lock.unlock();
        }
        drop(q, DropReason.CLOSED);
    }

    final void drop(Queued q, DropReason reason) {
        countDrop();
        broker.pluginChain().onDrop(q.delivery.envelope, info, reason);
    }

    /** Opens and decodes a queued message for this subscription's type. */
    final Message<T> toMessage(Queued q) {
        Envelope e = q.delivery.envelope;
        byte[] plaintext = q.delivery.plaintext(broker.pipeline());
        T value = broker.pipeline().decode(e, plaintext, type);
        return new Message<>(e.topic(), e.id(), e.timestamp(), e.headers(), q.deliveryCount, value);
    }

    /** Counts and reports a message that could not be opened or decoded. */
    final void reject(Queued q, WhispeerException cause) {
        rejected.incrementAndGet();
        broker.counters().rejected.increment();
        broker.pluginChain().onReject(q.delivery.envelope, info, cause);
        report("rejected message " + q.delivery.envelope.id() + " from topic '" + q.delivery.envelope.topic() + "'", cause);
    }

    /** Counts a successful delivery. */
    final void delivered(Queued q) {
        delivered.incrementAndGet();
        broker.counters().delivered.increment();
        broker.pluginChain().onDeliver(q.delivery.envelope, info);
    }

    /** Counts a handler failure, reports it, and redelivers or drops under AT_LEAST_ONCE / EXACTLY_ONCE. */
    final void handlerFailed(Queued q, Throwable error) {
        handlerErrors.incrementAndGet();
        broker.counters().handlerErrors.increment();
        report("handler failed on message " + q.delivery.envelope.id() + " from topic '" + q.delivery.envelope.topic()
                + "' (delivery " + q.deliveryCount + " of at most " + maxDeliveries + ")", error);
        if (qos == QoS.AT_MOST_ONCE) {
            return;
        }
        if (q.deliveryCount < maxDeliveries) {
            requeueFirst(q);
        } else {
            drop(q, DropReason.DELIVERIES_EXHAUSTED);
        }
    }

    final void report(String what, Throwable error) {
        var listener = options.errorListener();
        if (listener.isPresent()) {
            try {
                listener.get().accept(this, error);
                return;
            } catch (RuntimeException e) {
                CoreBroker.LOG.log(System.Logger.Level.WARNING, "Error listener of subscription '" + name + "' threw", e);
            }
        }
        CoreBroker.LOG.log(System.Logger.Level.WARNING, "Subscription '" + name + "' on '" + filter + "': " + what, error);
    }

    /** Stops accepting messages but keeps delivering what is queued (broker close). */
    void beginDrain() {
        lock.lock();
        try {
            if (state == State.OPEN) {
                state = State.DRAINING;
            }
            notFull.signalAll();
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
        signal();
    }

    /** Closes at once, discarding what is queued; {@code reason} is null for an orderly close. */
    void closeNow(Throwable reason) {
        List<Queued> discarded;
        lock.lock();
        try {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
            closedFlag = true;
            if (failure == null) {
                failure = reason;
            }
            discarded = new ArrayList<>(queue);
            queue.clear();
            notFull.signalAll();
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
        broker.unregister(this);
        discarded.forEach(q -> drop(q, DropReason.CLOSED));
        afterCloseNow();
    }

    /** What a subclass does after {@link #closeNow}: finish at once, or let its drain task signal the end. */
    abstract void afterCloseNow();

    /**
     * Moves DRAINING or FAILING with an empty queue to CLOSED.
     *
     * @return {@code true} when the subscription is CLOSED now
     */
    final boolean closeIfDrained() {
        lock.lock();
        try {
            if ((state == State.DRAINING || state == State.FAILING) && queue.isEmpty() && taken.get() == 0) {
                state = State.CLOSED;
                closedFlag = true;
            }
            return state == State.CLOSED;
        } finally {
            lock.unlock();
        }
    }

    /** {@return whether the subscription is CLOSED, or would close because it stopped accepting and is empty} */
    final boolean closable() {
        lock.lock();
        try {
            return state == State.CLOSED || state != State.OPEN && queue.isEmpty() && taken.get() == 0;
        } finally {
            lock.unlock();
        }
    }

    final boolean hasQueued() {
        lock.lock();
        try {
            return !queue.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** Completes {@link #whenClosed()} and tells plugins, once. */
    final void finish() {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        broker.unregister(this);
        broker.pluginChain().onUnsubscribe(info);
        Throwable reason;
        lock.lock();
        try {
            reason = failure;
        } finally {
            lock.unlock();
        }
        if (reason == null) {
            closed.complete(null);
        } else {
            closed.completeExceptionally(reason);
        }
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final TopicFilter filter() {
        return filter;
    }

    @Override
    public final boolean isOpen() {
        lock.lock();
        try {
            return state == State.OPEN;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public final CompletableFuture<Void> whenClosed() {
        return closed.copy();
    }

    @Override
    public void close() {
        closeNow(null);
    }

    @Override
    public final SubscriptionStats stats() {
        int depth;
        long oldestNanos;
        boolean open;
        lock.lock();
        try {
            depth = queue.size() + taken.get();
            Queued head = queue.peek();
            long since = takenSince != 0 ? takenSince : head == null ? 0 : head.enqueuedNanos;
            oldestNanos = since == 0 ? 0 : Math.max(0, System.nanoTime() - since);
            open = state != State.CLOSED;
        } finally {
            lock.unlock();
        }
        return new SubscriptionStats(id, name, filter.text(), type.toString(), policy, qos, capacity, depth, delivered.get(),
                dropped.get(), handlerErrors.get(), rejected.get(), redelivered.get(), duplicates.get(),
                Duration.of(TimeUnit.NANOSECONDS.toMicros(oldestNanos), java.time.temporal.ChronoUnit.MICROS), open);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + name + " on " + filter + " as " + type + "]";
    }
}
