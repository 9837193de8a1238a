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
