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

    /**
     * Trains a compression dictionary from sample payloads of a topic, for
     * {@link BrokerBuilder#dictionary(CompressionDictionary)} and {@link TopicPolicy#withDictionary(int)}.
     *
     * @param engine   the compression engine, such as {@code zstd}
     * @param samples  encoded sample payloads (for JSON topics, the JSON bytes), typically hundreds or more
     * @param maxBytes the largest dictionary to produce, such as 16 KiB
     * @return the dictionary; save {@link CompressionDictionary#bytes()} to share it
     * @throws ConfigurationException when the engine is not present
     * @throws CompressionException   when the engine has no dictionary support or the samples are unusable
     */
    CompressionDictionary trainDictionary(String engine, List<byte[]> samples, int maxBytes);

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
