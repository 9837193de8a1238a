package io.whispeer.core;

import java.util.LinkedHashSet;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.whispeer.api.Message;
import io.whispeer.api.MessageId;
import io.whispeer.api.QoS;
import io.whispeer.api.SubscribeOptions;
import io.whispeer.api.TopicFilter;
import io.whispeer.api.TypeRef;
import io.whispeer.api.WhispeerException;

/**
 * A subscription whose messages are pushed to the user by a drain task on an executor (a new virtual thread per
 * burst by default). At most one drain task runs at a time, which keeps delivery in order without holding a
 * thread while the queue is empty: a publisher that queues a message schedules the task if none is scheduled, and
 * the task re-checks the queue after it unschedules itself, so no wake-up is lost.
 */
abstract class PushSubscription<T> extends CoreSubscription<T> {
    /** Messages one drain task handles before it yields its thread (fairness on shared executors). */
    private static final int BUDGET = 1024;
    /** Messages taken from the queue under one lock. */
    private static final int BATCH = 64;
    /** Spin iterations a drain task waits for more work before it ends (a new task costs a thread start). */
    private static final int LINGER_SPINS = 256;

    private final Executor executor;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    final AtomicInteger inFlight = new AtomicInteger();
    private final DedupWindow dedup;
    /** Only the (single) drain task touches it. */
    private final Queued[] batch;
    private volatile boolean terminated;

    PushSubscription(CoreBroker broker, String id, TopicFilter filter, TypeRef<T> type, SubscribeOptions options, Executor executor) {
        super(broker, id, filter, type, options);
        this.executor = executor;
        this.dedup = options.qos() == QoS.EXACTLY_ONCE ? new DedupWindow(options.dedupWindow()) : null;
        // A failed message must be redelivered before the ones after it, so redelivering subscriptions take one at a time.
        this.batch = new Queued[options.qos() == QoS.AT_MOST_ONCE ? BATCH : 1];
    }

    /** {@return whether the sink can take another message now} */
    abstract boolean ready();

    /**
     * Hands a message to the user.
     *
     * @return {@code null} when handled synchronously, else a stage that completes when it is handled
     * @throws Exception the handler's failure
     */
    abstract CompletionStage<Void> invoke(Message<T> message) throws Exception;

    /** Called once on the drain task after the subscription closed; {@code reason} is null for an orderly end. */
    void terminated(Throwable reason) {
    }

    @Override
    final void signal() {
        if (!scheduled.get() && scheduled.compareAndSet(false, true)) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException e) {
                scheduled.set(false);
                closeNow(e);
                finish();
            }
        }
    }

    private void drain() {
        try {
            int handled = 0;
            while (handled < BUDGET && ready()) {
                int n = pollInto(batch, batch.length);
                if (n == 0 && (n = linger()) == 0) {
                    break;
                }
                int done = 0;
                while (done < n && ready() && !closedFlag) {
                    Queued q = batch[done];
                    batch[done++] = null;
                    started(done < n ? batch[done] : null);
                    process(q);
                }
                if (done < n) {
                    pushBack(batch, done, n);
                    java.util.Arrays.fill(batch, done, n, null);
                }
                handled += done;
                if (done < n) {
                    break;
                }
            }
            if (!terminated && inFlight.get() == 0 && closeIfDrained()) {
                terminated = true;
                finish();
                terminated(failureOrNull());
            }
        } catch (RuntimeException | Error e) {
            CoreBroker.LOG.log(System.Logger.Level.ERROR, "Subscription '" + name + "' drain task failed", e);
        } finally {
            scheduled.set(false);
        }
        if (hasQueued() && ready() || !terminated && inFlight.get() == 0 && closable()) {
            signal();
        }
    }

    /** Waits briefly for more work before the drain task ends; a publisher in full flow refills the queue within microseconds. */
    private int linger() {
        long seen = enqueued;
        for (int i = 0; i < LINGER_SPINS && !closedFlag; i++) {
            Thread.onSpinWait();
            if (enqueued != seen) {
                return pollInto(batch, batch.length);
            }
        }
        return 0;
    }

    private Throwable failureOrNull() {
        lock.lock();
        try {
            return failure;
        } finally {
            lock.unlock();
        }
    }

    private void process(Queued q) {
        Message<T> message;
        try {
            message = toMessage(q);
        } catch (WhispeerException e) {
            reject(q, e);
            return;
        }
        if (dedup != null && dedup.contains(message.id())) {
            duplicates.incrementAndGet();
            return;
        }
        inFlight.incrementAndGet();
        CompletionStage<Void> stage;
        try {
            stage = invoke(message);
        } catch (Exception | Error e) {
            completed(q, message, e);
            return;
        }
        if (stage == null) {
            completed(q, message, null);
        } else {
            stage.whenComplete((ignored, error) -> {
                completed(q, message, error);
                signal();
            });
        }
    }

    private void completed(Queued q, Message<T> message, Throwable error) {
        try {
            if (error == null) {
                if (dedup != null) {
                    dedup.add(message.id());
                }
                delivered(q);
            } else {
                handlerFailed(q, error);
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }

    @Override
    final void afterCloseNow() {
        finish();
        signal();
    }

    /** The ids EXACTLY_ONCE has handled recently, oldest evicted first. */
    private static final class DedupWindow {
        private final LinkedHashSet<MessageId> ids = new LinkedHashSet<>();
        private final int size;

        DedupWindow(int size) {
            this.size = size;
        }

        synchronized boolean contains(MessageId id) {
            return ids.contains(id);
        }

        synchronized void add(MessageId id) {
            if (ids.add(id) && ids.size() > size) {
                ids.removeFirst();
            }
        }
    }
}
