package io.whispeer.api;

import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;

/**
 * A subscription read by blocking calls on the caller's thread. {@link #hasNext()} blocks until a message arrives or
 * the subscription closes; after a {@link OverflowPolicy#FAIL} overflow it throws the closing reason once the
 * messages queued before it were read. Not thread-safe: read it from one thread.
 *
 * @param <T> the payload type
 */
public interface MessageStream<T> extends Iterator<Message<T>>, AutoCloseable {
    /**
     * Waits up to {@code timeout} for the next message.
     *
     * @param timeout how long to wait
     * @return the next message, or empty when none arrived in time or the stream is closed
     * @throws InterruptedException when the waiting thread is interrupted
     */
    Optional<Message<T>> poll(Duration timeout) throws InterruptedException;

    /** {@return the subscription behind this stream} */
    Subscription subscription();

    /** Closes the subscription; a blocked {@link #hasNext()} returns {@code false}. */
    @Override
    void close();
}
