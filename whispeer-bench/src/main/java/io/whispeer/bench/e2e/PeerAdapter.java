package io.whispeer.bench.e2e;

import java.io.IOException;
import java.util.OptionalLong;

/**
 * What the adapters of the peer brokers share: the server process that {@link #start()} runs through
 * {@link ExternalServer}, its pid for the broker's CPU time, the failure count, and closing the server.
 */
abstract class PeerAdapter implements SystemAdapter {
    /** The {@code taskset -c} CPU list of the server, or empty. */
    final String brokerCpus;
    /** Failed publishes, drops and disconnects of this system's connections. */
    final Failures failures;
    /** The running server, set by {@link #start()}. */
    ExternalServer server;

    PeerAdapter(String name, String brokerCpus) {
        this.brokerCpus = brokerCpus;
        this.failures = new Failures(name);
    }

    /**
     * {@return a publisher for a client that flushes by itself (its writer thread or channel sends what is queued),
     * counting the failures recorded since it was opened}
     *
     * @param publish hands one payload to the client; it must copy what the client keeps
     * @param close   closes the client's connection
     */
    final Publisher selfFlushingPublisher(java.util.function.Consumer<byte[]> publish, Publisher.Closer close) {
        long baseline = failures.count();
        return Publisher.of(publish, () -> failures.count() - baseline, close);
    }

    @Override
    public OptionalLong brokerPid() {
        return server == null ? OptionalLong.empty() : OptionalLong.of(server.pid());
    }

    @Override
    public void close() throws IOException {
        if (server != null) {
            server.close();
        }
    }
}
