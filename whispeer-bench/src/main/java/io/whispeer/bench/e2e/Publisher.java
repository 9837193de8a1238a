package io.whispeer.bench.e2e;

/** One publishing connection of a system under test, used by one harness thread. */
interface Publisher extends AutoCloseable {
    /**
     * Publishes one message (fire and forget from the harness's point of view; the harness bounds what is in flight
     * by counting what the subscribers received). The adapter must not keep {@code payload} after returning: the
     * harness rewrites the same array for the next message, so an adapter whose client keeps references must copy.
     */
    void publish(byte[] payload);

    /**
     * Pushes out what the client buffered. The harness calls it before it waits (full window, paced run, end of a
     * phase), never per message; clients that flush by themselves make it a no-op.
     */
    void flush();

    /** {@return publishes that failed so far (errors reported asynchronously by the client)} */
    long failures();

    /** Closes the connection; must return within a few seconds. */
    @Override
    void close() throws java.io.IOException;

    /** Closes what a publisher holds. */
    @FunctionalInterface
    interface Closer {
        /** Closes it; must return within a few seconds. */
        void close() throws java.io.IOException;
    }

    /**
     * {@return a publisher over a client that sends what it queued by itself, so that {@code flush()} has nothing to
     * do}
     *
     * @param publish  hands one payload to the client; it must copy what the client keeps (see {@link #publish})
     * @param failures counts the publishes that failed so far
     * @param close    closes the client's connection
     */
    static Publisher of(java.util.function.Consumer<byte[]> publish, java.util.function.LongSupplier failures, Closer close) {
        return new Publisher() {
            @Override
            public void publish(byte[] payload) {
                publish.accept(payload);
            }

            @Override
            public void flush() {
                // the client sends what it queued by itself
            }

            @Override
            public long failures() {
                return failures.getAsLong();
            }

            @Override
            public void close() throws java.io.IOException {
                close.close();
            }
        };
    }

    /**
     * {@return a publisher that hands each payload to {@code publish} at once, for in-process systems: nothing is
     * buffered, nothing fails asynchronously, and there is nothing to close}
     *
     * @param publish takes one payload; it must copy what it keeps (see {@link #publish})
     */
    static Publisher direct(java.util.function.Consumer<byte[]> publish) {
        return of(publish, () -> 0, () -> {
            // nothing to close
        });
    }
}
