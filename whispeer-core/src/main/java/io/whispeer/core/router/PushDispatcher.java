package io.whispeer.core.router;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import io.whispeer.api.Envelope;
import io.whispeer.api.QoS;
import io.whispeer.api.spi.DropReason;

/**
 * Pushes the messages of one {@link SubscriptionQueue} into a {@link Sink} from a drain task on an executor (a
 * virtual thread per burst by default). At most one drain task runs at a time, which keeps delivery in order and
 * serializes every call into the sink without holding a thread while the queue is empty.
 *
 * <h2>Scheduling</h2>
 * A dispatcher is held until {@link #start()}. Then a publisher that queues a message calls {@link #available()}, which schedules the drain task unless one is
 * scheduled. The task takes messages while the sink is {@link Sink#ready() ready}, lingers briefly for more when the
 * queue runs dry (a publisher in full flow refills it within microseconds, and a new task costs a thread start),
 * then clears its flag and looks once more, so no wake-up is lost between its last look and a publisher's check of
 * the flag. A task yields its thread after {@value #BUDGET} messages, for fairness on shared executors. Once a
 * burst is in dense flow (messages already waiting), the task lets up to {@value #GATHER} gather before taking the
 * next one (a few microseconds at most), so that it does not work on the cache lines the publisher is writing.
 * Neither lingering nor gathering spins in a process that may use one CPU only: there the publisher cannot refill
 * the queue while the consumer spins.
 *
 * <h2>Redelivery</h2>
 * Under {@link QoS#AT_LEAST_ONCE} and {@link QoS#EXACTLY_ONCE} a message whose handler fails is delivered again,
 * before any later message, until it succeeds or has been delivered {@code maxDeliveries} times; then it is
 * dropped ({@link DropReason#DELIVERIES_EXHAUSTED}).
 *
 * <h2>The end</h2>
 * Once the queue is CLOSED (or drained after DRAINING or FAILING) and no delivery is pending, the task calls
 * {@link Sink#end} with the queue's failure and {@link SubscriptionQueue#finish()}, exactly once. When the queue
 * is closed while no task runs, that end runs at once on the closing thread, so a closed subscription is gone
 * from stats and plugins when {@code close()} returns; while a handler runs, the end follows when it returns. When the
 * executor refuses the task (it was shut down with the broker, or the user's executor is saturated), the queue is
 * closed with that reason and the task runs on the calling thread instead, so the sink still learns the end: a
 * {@code Flow.Subscriber} always gets its terminal signal.
 */
public final class PushDispatcher implements QueueConsumer, Sink.Completion, Runnable {
    private static final int BUDGET = 1024;
    private static final int LINGER_SPINS = 64;
    /**
     * Pauses between two looks at the queue while lingering. Looking reads the publishers' index; a consumer that
     * looks after every pause keeps that cache line away from them; a few pauses between looks cost a burst at most
     * a fraction of a microsecond of latency.
     */
    private static final int LINGER_PAUSES = 16;
    /** How many messages a consumer in full flow lets gather before it takes the next one. */
    private static final int GATHER = 32;
    /** How long it waits for them at most, in rounds of {@link #LINGER_PAUSES} pauses. */
    private static final int GATHER_SPINS = 4;
    /**
     * Whether lingering and gathering may spin: not when this process may use one CPU only (pinned, or a container
     * of one CPU), where the publisher that would refill the queue cannot run while the consumer spins.
     */
    private static final boolean SPIN = Runtime.getRuntime().availableProcessors() > 1;
    private static final VarHandle SCHEDULED;
    private static final VarHandle PENDING;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            SCHEDULED = lookup.findVarHandle(PushDispatcher.class, "scheduled", boolean.class);
            PENDING = lookup.findVarHandle(PushDispatcher.class, "pending", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final SubscriptionQueue queue;
    private final Sink sink;
    private final Executor executor;
    private final int maxDeliveries;
    private volatile boolean scheduled;
    /** Deliveries the sink reported {@link Sink#PENDING} and has not completed. */
    private volatile int pending;
    /** Messages to deliver again before anything else; guarded by itself. */
    private final ArrayDeque<Retry> retries;
    private volatile boolean hasRetries;
    /** Only the drain task touches it. */
    private boolean terminated;

    /**
     * Creates a dispatcher and plugs it into the queue as its consumer.
     *
     * @param queue         the queue
     * @param sink          where messages go
     * @param executor      runs the drain task
     * @param maxDeliveries how often a message is delivered at most under AT_LEAST_ONCE and EXACTLY_ONCE
     */
    public PushDispatcher(SubscriptionQueue queue, Sink sink, Executor executor, int maxDeliveries) {
        this.queue = queue;
        this.sink = sink;
        this.executor = executor;
        this.maxDeliveries = queue.qos() == QoS.AT_MOST_ONCE ? 1 : maxDeliveries;
        this.retries = queue.qos() == QoS.AT_MOST_ONCE ? null : new ArrayDeque<>();
        this.scheduled = true; // held until start(): nothing reaches the sink before its owner is ready
        queue.consumer(this);
    }

    /**
     * Lets the dispatcher run. Until then it only records that there is work, so that, for example, a
     * {@code Flow.Subscriber} gets no signal while its {@code onSubscribe} is still running.
     */
    public void start() {
        scheduled = false;
        if (worthRunning()) {
            available();
        }
    }

    @Override
    public void available() {
        if (!scheduled && SCHEDULED.compareAndSet(this, false, true)) {
            if (queue.isClosed() && pending == 0) {
                run(); // only the end is left to do: do it now, so close() returns with the subscription gone
                return;
            }
            try {
                executor.execute(this);
            } catch (RejectedExecutionException e) {
                queue.close(e);
                run();
            }
        }
    }

    @Override
    public void run() {
        try {
            drain();
        } catch (RuntimeException | Error e) {
            System.getLogger("io.whispeer.core").log(System.Logger.Level.ERROR, "The drain task of subscription '" + queue.name()
                    + "' failed", e);
        } finally {
            scheduled = false;
        }
        if (worthRunning()) {
            available();
        }
    }

    private void drain() {
        for (int budget = BUDGET; budget > 0; budget--) {
            if (queue.isClosed() || !sink.ready()) {
                break;
            }
            if (hasRetries) {
                Retry retry = takeRetry();
                if (retry != null) {
                    deliver(retry.envelope, retry.tag, retry.deliveryCount);
                    continue;
                }
            }
            if (SPIN && BUDGET - budget > GATHER) {
                int waiting = queue.size();
                if (waiting > 0 && waiting < GATHER) {
                    gather(); // in dense flow only: an empty queue means the consumer keeps up, so it takes the next at once
                }
            }
            Envelope envelope = queue.poll();
            if (envelope == null && (envelope = linger()) == null) {
                break;
            }
            deliver(envelope, queue.polledTag(), 1);
        }
        tryToEnd();
    }

    /**
     * Lets a few messages gather before taking the next one, once a burst is in full flow. A consumer that takes
     * each message the moment it is queued works on the same cache lines as the publisher (the ring's slots, the
     * fresh envelope), and every publish then waits for those lines to come back: measured, 1 -> 1 routing ran
     * about 45 % faster when the consumer stays a few dozen messages behind. It waits at most a few microseconds,
     * never for the first messages of a burst, and only while messages are already waiting: a consumer that keeps
     * up with a moderate rate finds the queue empty and takes each message as it comes, so its latency is kept.
     */
    private void gather() {
        for (int i = 0; i < GATHER_SPINS && queue.size() < GATHER; i++) {
            for (int j = 0; j < LINGER_PAUSES; j++) {
                Thread.onSpinWait();
            }
        }
    }

    private Envelope linger() {
        if (!SPIN) {
            return null;
        }
        for (int i = 0; i < LINGER_SPINS; i++) {
            for (int j = 0; j < LINGER_PAUSES; j++) {
                Thread.onSpinWait();
            }
            if (!queue.isEmpty()) {
                return queue.poll();
            }
            if (queue.isClosed()) {
                return null;
            }
        }
        return null;
    }

    private void deliver(Envelope envelope, long tag, int deliveryCount) {
        int outcome;
        try {
            outcome = sink.deliver(envelope, tag, deliveryCount, this);
        } catch (Sink.Rejected rejected) {
            queue.rejected(envelope, rejected.getCause());
            return;
        } catch (Exception | Error failure) {
            failed(envelope, tag, deliveryCount, failure);
            return;
        }
        switch (outcome) {
            case Sink.DELIVERED -> queue.delivered(envelope);
            case Sink.DUPLICATE -> queue.duplicate();
            case Sink.PENDING -> PENDING.getAndAdd(this, 1);
            default -> throw new IllegalStateException("Sink " + sink + " returned " + outcome);
        }
    }

    @Override
    public void complete(Envelope envelope, long sequence, int deliveryCount, Throwable failure) {
        if (failure == null) {
            queue.delivered(envelope);
        } else {
            failed(envelope, sequence, deliveryCount, failure);
        }
        PENDING.getAndAdd(this, -1);
        available();
    }

    private void failed(Envelope envelope, long tag, int deliveryCount, Throwable failure) {
        queue.handlerFailed(envelope, failure, deliveryCount, maxDeliveries);
        if (retries == null) {
            return;
        }
        if (deliveryCount < maxDeliveries && !queue.isClosed()) {
            synchronized (retries) {
                retries.addFirst(new Retry(envelope, tag, deliveryCount + 1));
                hasRetries = true;
            }
            queue.redelivered();
        } else {
            queue.drop(envelope, queue.isClosed() ? DropReason.CLOSED : DropReason.DELIVERIES_EXHAUSTED);
        }
    }

    private Retry takeRetry() {
        synchronized (retries) {
            Retry retry = retries.pollFirst();
            hasRetries = !retries.isEmpty();
            return retry;
        }
    }

    private void tryToEnd() {
        if (terminated || pending != 0 || hasRetries && !queue.isClosed() || !queue.closeIfDrained()) {
            return;
        }
        terminated = true;
        if (retries != null) {
            Retry retry;
            while ((retry = takeRetry()) != null) {
                queue.drop(retry.envelope, DropReason.CLOSED);
            }
        }
        try {
            sink.end(queue.failure());
        } catch (RuntimeException e) {
            System.getLogger("io.whispeer.core").log(System.Logger.Level.WARNING, "Subscription '" + queue.name()
                    + "' failed while ending", e);
        } finally {
            queue.finish();
        }
    }

    /** {@return whether another drain task has something to do} */
    private boolean worthRunning() {
        if (terminated) {
            return false;
        }
        if (queue.state() != SubscriptionQueue.State.OPEN && pending == 0 && (queue.isClosed() || queue.isEmpty() && !hasRetries)) {
            return true; // the end is due
        }
        return sink.ready() && (!queue.isEmpty() || hasRetries);
    }

    /** A message to deliver again. */
    private record Retry(Envelope envelope, long tag, int deliveryCount) {
    }
}
