package io.whispeer.api.spi;

import java.util.Optional;

import io.whispeer.api.Envelope;
import io.whispeer.api.TopicFilter;
import io.whispeer.api.WhispeerException;

/**
 * Observes the broker's envelope router (publishes, deliveries, drops, subscriptions, clients) and decides whether
 * a client may publish or subscribe. Plugins run in the router, which holds no codec, engine or key: they see
 * {@link Envelope}s and metadata, never plaintext and never keys; on an encrypted topic the payload they see is
 * ciphertext. Nothing a plugin is handed leads to a key ring, not even by reflection.
 *
 * <p>Hooks run on the thread of the event (the publisher's for {@link #onPublish} and {@link #authorizePublish},
 * the subscription's for {@link #onDeliver}; for a remote client, an I/O thread that must not block), in ascending
 * {@link #order()}, and must be quick, non-blocking and thread-safe. An exception from an observer hook is caught,
 * counted in {@code BrokerStats.pluginErrors()} and logged; it never reaches the publisher or subscriber and never
 * stops other plugins. An exception from an authorization hook denies the request (fail closed).
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
     * A client connected: for a remote client when its connection was accepted and authenticated, for an embedded
     * broker's own application once, at start.
     *
     * @param client the client
     */
    default void onConnect(ClientInfo client) {
    }

    /**
     * A client disconnected (for the embedded broker's own application: the broker closed). Called once per
     * {@link #onConnect}.
     *
     * @param client the client
     * @param cause  why, when it was not an orderly close
     */
    default void onDisconnect(ClientInfo client, Optional<Throwable> cause) {
    }

    /**
     * Decides whether a client may publish an envelope, before it is routed. A denial fails that publish only,
     * with an {@link io.whispeer.api.AuthorizationException} carrying the reason; the client stays connected.
     *
     * @param client   who publishes
     * @param envelope what it publishes (sealed)
     * @return {@link Authorization#allow()} (the default) or a denial with its reason
     */
    default Authorization authorizePublish(ClientInfo client, Envelope envelope) {
        return Authorization.allow();
    }

    /**
     * Decides whether a client may subscribe to a filter. A denial fails that subscribe only, with an
     * {@link io.whispeer.api.AuthorizationException} carrying the reason; the client stays connected.
     *
     * @param client who subscribes
     * @param filter the filter it asks for
     * @return {@link Authorization#allow()} (the default) or a denial with its reason
     */
    default Authorization authorizeSubscribe(ClientInfo client, TopicFilter filter) {
        return Authorization.allow();
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
