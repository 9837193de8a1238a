package io.whispeer.api;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * An embedded broker: a {@link PubSub} that also owns the envelope router (topic registry, subscription queues,
 * plugins) and the listeners that serve remote clients ({@link BrokerBuilder#transport(String)}). It is two layers: the typed layer ({@code publish}/{@code subscribe} of
 * values: codec, compression, sealing, opening) over the envelope router, which routes sealed envelopes and needs
 * no codec, engine or key. {@link #publishEnvelope} and {@link #subscribeEnvelopes} reach the router directly, so a
 * broker built without a key ring still routes envelopes that others sealed, without being able to open them.
 */
public interface Broker extends PubSub {
    /**
     * Routes an envelope that was sealed elsewhere (by a remote publisher, a bridge, a replay), exactly as a typed
     * publish routes the envelope it sealed: same subscriptions, overflow policies, plugins and store. The envelope
     * is not opened, re-encoded or copied; typed subscribers open it with their own key ring.
     *
     * @param envelope the envelope
     * @return completes as {@link #publish(String, Object, Headers)}'s result does
     * @throws InvalidTopicException  when the envelope's topic is invalid or has a wildcard
     * @throws AuthorizationException when a plugin denies the publish
     * @throws BrokerClosedException  when the broker is closed
     */
    CompletableFuture<PublishReceipt> publishEnvelope(Envelope envelope);

    /**
     * Subscribes to the sealed envelopes matching a filter, without opening them: no codec, engine or key is needed
     * or used. Queueing, overflow policies, QoS redelivery and stats work as for typed subscriptions.
     *
     * @param filter  a topic filter
     * @param handler receives each envelope
     * @param options queueing, delivery and reporting options ({@code maxInFlight} does not apply)
     * @return the subscription
     * @throws InvalidTopicException  when the filter is invalid
     * @throws AuthorizationException when a plugin denies the subscribe
     * @throws BrokerClosedException  when the broker is closed
     */
    Subscription subscribeEnvelopes(String filter, EnvelopeHandler handler, SubscribeOptions options);

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

    /**
     * {@return the addresses the broker listens at, as bound (an ephemeral port is resolved), in the order of
     * {@link BrokerBuilder#transport(String)}; empty when it serves no remote clients}
     */
    default List<URI> endpoints() {
        return List.of();
    }

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
