package io.whispeer.core;

import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.whispeer.api.Envelope;
import io.whispeer.api.Message;
import io.whispeer.api.MessageStream;
import io.whispeer.api.Subscription;
import io.whispeer.api.TypeRef;
import io.whispeer.api.WhispeerException;
import io.whispeer.core.router.QueueConsumer;
import io.whispeer.core.router.Sink;
import io.whispeer.core.router.SubscriptionQueue;

/**
 * A subscription read with blocking calls on the application's thread: the queue's consumer is whoever calls
 * {@link #hasNext()} or {@link #poll}. Publishers wake a waiting reader; a reader that finds the queue empty
 * announces that it waits before it looks once more, so no wake-up is lost.
 *
 * @param <T> the payload type
 */
final class StreamConsumer<T> implements QueueConsumer, MessageStream<T> {
    private final SubscriptionQueue queue;
    private final TypedLayer layer;
    private final TypeRef<T> type;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private volatile boolean waiting;
    private Message<T> next;
    private boolean failureThrown;

    StreamConsumer(SubscriptionQueue queue, TypedLayer layer, TypeRef<T> type) {
        this.queue = queue;
        this.layer = layer;
        this.type = type;
        queue.consumer(this);
    }

    @Override
    public void available() {
        if (queue.state() != SubscriptionQueue.State.OPEN && queue.closeIfDrained()) {
            queue.finish(); // closed, or stopped accepting with nothing left to read
        }
        if (waiting) {
            lock.lock();
            try {
                notEmpty.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    @Override
    public boolean hasNext() {
        try {
            return await(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WhispeerException("Interrupted while waiting for a message on '" + queue.filter() + "'", e);
        }
    }

    @Override
    public Message<T> next() {
        if (!hasNext()) {
            throw new NoSuchElementException("Subscription '" + queue.name() + "' is closed");
        }
        Message<T> message = next;
        next = null;
        return message;
    }

    @Override
    public Optional<Message<T>> poll(Duration timeout) throws InterruptedException {
        if (!await(timeout.toNanos())) {
            return Optional.empty();
        }
        Message<T> message = next;
        next = null;
        return Optional.of(message);
    }

    /** Waits for the next deliverable message; false when none came in time or the stream ended. */
    private boolean await(long timeoutNanos) throws InterruptedException {
        long deadline = timeoutNanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + timeoutNanos;
        while (next == null) {
            Envelope envelope = queue.isClosed() ? null : queue.poll();
            if (envelope != null) {
                try {
                    next = layer.open(envelope, type, 1);
                    queue.delivered(envelope);
                } catch (Sink.Rejected e) {
                    queue.rejected(envelope, e.getCause());
                }
                continue;
            }
            if (queue.state() != SubscriptionQueue.State.OPEN) {
                if (queue.closeIfDrained()) {
                    queue.finish();
                    return end();
                }
                continue; // draining: what is left is on its way
            }
            lock.lockInterruptibly();
            try {
                waiting = true;
                if (queue.isEmpty() && queue.state() == SubscriptionQueue.State.OPEN) {
                    if (deadline == Long.MAX_VALUE) {
                        notEmpty.await();
                    } else {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            return false;
                        }
                        notEmpty.awaitNanos(left);
                    }
                }
            } finally {
                waiting = false;
                lock.unlock();
            }
        }
        return true;
    }

    /** The stream ended: false for an orderly end; the closing reason, once, after a failure. */
    private boolean end() {
        Throwable failure = queue.failure();
        if (failure == null || failureThrown) {
            return false;
        }
        failureThrown = true;
        if (failure instanceof WhispeerException w) {
            throw w;
        }
        throw new WhispeerException("Subscription '" + queue.name() + "' closed: " + failure.getMessage(), failure);
    }

    @Override
    public Subscription subscription() {
        return queue;
    }

    @Override
    public void close() {
        queue.close(null);
    }
}
