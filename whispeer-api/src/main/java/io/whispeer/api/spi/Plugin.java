package io.whispeer.api.spi;

import io.whispeer.api.Envelope;
import io.whispeer.api.WhispeerException;

/**
 * Observes the broker: publishes, deliveries, drops, subscriptions. Plugins see {@link Envelope}s and metadata,
 * never plaintext and never keys; on an encrypted topic the payload they see is ciphertext.
 *
 * <p>Hooks run on the thread of the event (the publisher's for {@link #onPublish}, the subscription's for
 * {@link #onDeliver}), in ascending {@link #order()}, and must be quick and thread-safe. An exception from a hook
 * is caught, counted in {@code BrokerStats.pluginErrors()} and logged; it never reaches the publisher or
 * subscriber and never stops other plugins.
 */
public interface Plugin extends AutoCloseable {
    /** {@return a short name for stats and logs} */
    String name();

    /** {@return the position among plugins; lower runs first, ties run in name order} */
    default int order() {
        return 0;
    }

    /**
     * Called once before the broker accepts its first message.
     *
     * @param context what the plugin may use
     * @throws Exception when the plugin cannot start; the broker then fails to build
     */
    default void start(PluginContext context) throws Exception {
    }

    /**
     * A message was accepted for routing.
     *
     * @param envelope the sealed envelope
     */
    default void onPublish(Envelope envelope) {
    }

    /**
     * A subscription was created.
     *
     * @param subscription the subscription
     */
    default void onSubscribe(SubscriptionInfo subscription) {
    }

    /**
     * A subscription was closed.
     *
     * @param subscription the subscription
     */
    default void onUnsubscribe(SubscriptionInfo subscription) {
    }

    /**
     * A message was handled successfully by a subscription.
     *
     * @param envelope     the envelope
     * @param subscription the subscription
     */
    default void onDeliver(Envelope envelope, SubscriptionInfo subscription) {
    }

    /**
     * A subscription did not deliver a message.
     *
     * @param envelope     the envelope
     * @param subscription the subscription
     * @param reason       why
     */
    default void onDrop(Envelope envelope, SubscriptionInfo subscription, DropReason reason) {
    }

    /**
     * A subscription could not open or decode a message: tampered, wrong key, unknown key id, unknown codec or
     * engine, or a payload of another type.
     *
     * @param envelope     the envelope
     * @param subscription the subscription
     * @param cause        the failure; its message carries no plaintext or key material
     */
    default void onReject(Envelope envelope, SubscriptionInfo subscription, WhispeerException cause) {
    }

    /** Releases the plugin's resources; called once when the broker closes. */
    @Override
    default void close() {
    }
}
