package io.whispeer.api;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link PubSub} whose broker runs in another process, reached over a transport ({@link Whispeer#connect}). The
 * typed API is the same as the embedded broker's: codecs, compression, sealing and opening run here in the client,
 * with the client's key ring, and the server only routes the sealed envelopes.
 *
 * <h2>Receipts and queues</h2>
 * A subscription has a queue on the server (capacity, overflow policy and block timeout as the subscription asks)
 * and one in this client, which its handler reads. The server sends a subscriber what it can take; a subscriber
 * whose handler falls behind fills its client-side queue, which under {@link OverflowPolicy#BLOCK} stops reading
 * from the server so that the server's queue fills and holds the publishers back. A {@link PublishReceipt} counts
 * what the server's queues did with the message: a drop in a subscriber's client-side queue (under
 * {@code DROP_NEWEST}, {@code DROP_OLDEST} or {@code FAIL}) happens after the publisher's receipt and is counted in
 * that subscription's own {@link Subscription#stats()}, not in the receipt.
 *
 * <h2>Connection loss</h2>
 * When the connection drops, the client reconnects with exponential backoff and jitter
 * ({@code whispeer.client.reconnect.*}) and re-subscribes every open subscription. While it is disconnected:
 * <ul>
 *   <li>publishes wait in a bounded buffer ({@code whispeer.client.publish-buffer.max-messages}, 8,192 by default)
 *       and are sent in order on reconnect; a publish that finds the buffer full fails at once with
 *       {@link LimitExceededException}, and the buffered ones fail with {@link TransportException} if the client
 *       closes or gives up before reconnecting;</li>
 *   <li>a publish that was sent but not yet acknowledged when the connection dropped fails with
 *       {@link TransportException}: the server may or may not have routed it (at-most-once; the QoS work will make
 *       this durable);</li>
 *   <li>messages published by others while this client was away are not delivered to it (no replay without a
 *       store).</li>
 * </ul>
 */
public interface RemotePubSub extends PubSub {
    /** {@return the server address this client connects to} */
    URI endpoint();

    /** {@return the connection's state now} */
    ConnectionState state();

    /**
     * Adds a listener for state changes; it is not told the current state.
     *
     * @param listener the listener
     */
    void addStateListener(ConnectionStateListener listener);

    /**
     * Closes gracefully: stops taking publishes and subscriptions, unsubscribes at the server, delivers the messages
     * that already arrived, waits for the server to acknowledge every publish sent, then closes. Bounded by
     * {@code whispeer.client.drain-timeout} (30 s by default).
     *
     * @return completes when the client is closed; exceptionally when the timeout passed first (it is closed anyway)
     */
    CompletableFuture<Void> drain();

    /** Closes at once: pending publishes fail, subscriptions end, the connection closes. Idempotent. */
    @Override
    void close();
}
