package io.whispeer.api;

/** Where a {@link RemotePubSub}'s connection to its server stands. */
public enum ConnectionState {
    /** The first connection attempt is under way. */
    CONNECTING,
    /** Connected and accepted by the server: publishes and deliveries flow. */
    CONNECTED,
    /**
     * The connection was lost and the client is trying again with backoff. Publishes wait in the bounded publish
     * buffer; subscriptions are re-established on reconnect.
     */
    RECONNECTING,
    /** {@link RemotePubSub#drain()} is under way: no new subscriptions or publishes are taken. */
    DRAINING,
    /** Closed for good, by the application or because reconnecting gave up. */
    CLOSED
}
