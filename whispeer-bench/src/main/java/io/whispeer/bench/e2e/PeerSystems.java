package io.whispeer.bench.e2e;

import java.util.List;
import java.util.Optional;

/**
 * The peer brokers whispeer is measured against (issue 10), each an installed server run as a child process on
 * loopback: NATS ({@link NatsAdapter}), Redis pub/sub ({@link RedisAdapter}) and MQTT through mosquitto
 * ({@link MosquittoAdapter}). Install them with {@code apt-get install -y nats-server redis-server mosquitto}.
 */
final class PeerSystems {
    /** The name of NATS' row. */
    static final String NATS = "nats";
    /** The name of Redis' row. */
    static final String REDIS = "redis";
    /** The name of mosquitto's row. */
    static final String MOSQUITTO = "mosquitto";
    /** Every peer system's name, in the order of the table. */
    static final List<String> NAMES = List.of(NATS, REDIS, MOSQUITTO);

    private PeerSystems() {
    }

    /**
     * {@return the adapter of the peer system {@code name}, or empty when no peer has that name}
     *
     * @param brokerCpus a {@code taskset -c} CPU list for the server, or empty to leave it unpinned
     */
    static Optional<SystemAdapter> adapter(String name, String brokerCpus) {
        return switch (name) {
            case NATS -> Optional.of(new NatsAdapter(brokerCpus));
            case REDIS -> Optional.of(new RedisAdapter(brokerCpus));
            case MOSQUITTO -> Optional.of(new MosquittoAdapter(brokerCpus));
            default -> Optional.empty();
        };
    }
}
