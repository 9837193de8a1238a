package io.whispeer.api;

import java.util.List;

/**
 * An embedded broker: a {@link PubSub} that also owns the topic registry, the plugins and (later) the transports.
 * In an embedded broker the same object routes and acts as the local client: {@code publish} seals, delivery
 * opens, and plugins still see envelopes only.
 */
public interface Broker extends PubSub {
    /** {@return a snapshot of the broker's counters} */
    BrokerStats stats();

    /** {@return the names of the running plugins, in the order their hooks run} */
    List<String> plugins();

    /**
     * Stops accepting publishes and subscriptions, lets every subscription deliver what it has queued for up to
     * {@code whispeer.close-timeout} (10 s by default), then interrupts the handlers still running, closes plugins
     * and engines, and returns. No broker thread is left running. Idempotent.
     */
    @Override
    void close();
}
