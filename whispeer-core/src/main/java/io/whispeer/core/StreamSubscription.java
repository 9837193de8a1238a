package io.whispeer.core;

import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.Optional;

import io.whispeer.api.Message;
import io.whispeer.api.MessageStream;
import io.whispeer.api.SubscribeOptions;
import io.whispeer.api.Subscription;
import io.whispeer.api.TopicFilter;
import io.whispeer.api.TypeRef;
import io.whispeer.api.WhispeerException;

/** A subscription read with blocking calls on the caller's thread. */
final class StreamSubscription<T> extends CoreSubscription<T> implements MessageStream<T> {
    private Message<T> next;
    private boolean failureThrown;

    StreamSubscription(CoreBroker broker, String id, TopicFilter filter, TypeRef<T> type, SubscribeOptions options) {
        super(broker, id, filter, type, options);
    }

    @Override
    void signal() {
        lock.lock();
        try {
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    void beginDrain() {
        super.beginDrain();
        if (closeIfDrained()) {
            finish();
        }
    }

    @Override
    void afterCloseNow() {
        finish();
    }

    @Override
    public boolean hasNext() {
        try {
            return await(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WhispeerException("Interrupted while waiting for a message on '" + filter + "'", e);
        }
    }

    @Override
    public Message<T> next() {
        if (!hasNext()) {
            throw new NoSuchElementException("Subscription '" + name + "' is closed");
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
            Queued q;
            Throwable end = null;
            lock.lockInterruptibly();
            try {
                while (queue.isEmpty() && state == State.OPEN) {
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
                q = queue.poll();
                if (q != null) {
                    notFull.signal();
                } else {
                    state = State.CLOSED;
                    closedFlag = true;
                    if (!failureThrown && failure != null) {
                        failureThrown = true;
                        end = failure;
                    }
                }
            } finally {
                lock.unlock();
            }
            if (q == null) {
                finish();
                if (end instanceof WhispeerException w) {
                    throw w;
                }
                if (end != null) {
                    throw new WhispeerException("Subscription '" + name + "' closed: " + end.getMessage(), end);
                }
                return false;
            }
            try {
                next = toMessage(q);
                delivered(q);
            } catch (WhispeerException e) {
                reject(q, e);
            }
        }
        return true;
    }

    @Override
    public Subscription subscription() {
        return this;
    }

    @Override
    public void close() {
        closeNow(null);
    }
}
