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

    /**
     * {@return a publisher that hands each payload to {@code publish} at once, for in-process systems: nothing is
     * buffered, nothing fails asynchronously, and there is nothing to close}
     *
     * @param publish takes one payload; it must copy what it keeps (see {@link #publish})
     */
    static Publisher direct(java.util.function.Consumer<byte[]> publish) {
        return new Publisher() {
            @Override
            public void publish(byte[] payload) {
                publish.accept(payload);
            }

            @Override
            public void flush() {
                // nothing is buffered
            }

            @Override
            public long failures() {
                return 0;
            }

            @Override
            public void close() {
                // nothing to close
            }
        };
    }
}
