package io.whispeer.bench.e2e;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Failures a peer client reports asynchronously (failed publishes, disconnects, slow-consumer drops): counted for
 * {@link Publisher#failures()}, and the first one printed to stderr, as {@link WhispeerAdapter} does.
 */
final class Failures {
    private final String system;
    private final AtomicLong count = new AtomicLong();

    Failures(String system) {
        this.system = system;
    }

    /** Counts one failure; prints it when it is the first. */
    void record(String what, Object cause) {
        if (count.getAndIncrement() == 0) {
            System.err.println(system + ": first failure: " + what + ": " + cause);
        }
    }

    /** {@return failures so far} */
    long count() {
        return count.get();
    }
}
