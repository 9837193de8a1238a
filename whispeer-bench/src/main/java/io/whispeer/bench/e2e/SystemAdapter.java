package io.whispeer.bench.e2e;

import java.util.OptionalLong;

/**
 * One messaging system under test. The harness starts it, opens one publisher and N subscriber connections per
 * workload, and closes it when its rows are measured. Peer systems (issue 10: NATS, Redis, Mosquitto) are added as
 * further implementations; only {@link E2eMain}'s lookup names a system. In-process systems have no broker process
 * and return an empty {@link #brokerPid()}.
 */
interface SystemAdapter extends AutoCloseable {
    /** {@return the row label, such as {@code whispeer-tcp-xchacha}} */
    String name();

    /**
     * {@return the delivery guarantee the system gives in this harness's configuration, shown in the result table:
     * {@code at most once} (nothing persisted, nothing redelivered after a failure) unless an adapter configures more,
     * such as durable or at-least-once delivery}
     */
    default String guarantee() {
        return "at most once";
    }

    /**
     * Starts the broker (and anything else the system needs) on loopback; must fail within a bounded time when it
     * cannot start.
     */
    void start() throws Exception;

    /** {@return a new publishing connection for {@code topic}} */
    Publisher publisher(String topic) throws Exception;

    /**
     * Opens a new subscriber connection on {@code topic} that hands every message to {@code receiver}. The
     * subscription may become active shortly after this returns: the harness probes until every receiver saw a
     * message.
     *
     * @return closes the subscriber connection
     */
    AutoCloseable subscribe(String topic, Receiver receiver) throws Exception;

    /** {@return the broker's process id, for its CPU time per delivered message; empty when it has no process} */
    OptionalLong brokerPid();

    /** Stops the broker and everything {@link #start()} started; must return within a few seconds. */
    @Override
    void close() throws java.io.IOException;
}
