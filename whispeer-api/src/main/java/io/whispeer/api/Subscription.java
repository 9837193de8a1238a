package io.whispeer.api;

import java.util.concurrent.CompletableFuture;

/**
 * A live subscription. Closing it stops delivery at once: messages still queued are discarded and counted in
 * {@link SubscriptionStats#dropped()}.
 */
public interface Subscription extends AutoCloseable {
    /** {@return the broker-assigned id, unique within the broker} */
    String id();

    /** {@return the name given in {@link SubscribeOptions}, or the id} */
    String name();

    /** {@return the filter this subscription matches} */
    TopicFilter filter();

    /** {@return a snapshot of this subscription's counters} */
    SubscriptionStats stats();

    /** {@return {@code true} until the subscription is closed} */
    boolean isOpen();

    /**
     * {@return a future that completes when the subscription has closed: normally after {@link #close()} or the
     * broker's close, exceptionally with the reason (for example a {@link SubscriptionOverflowException})}
     */
    CompletableFuture<Void> whenClosed();

    /** Stops delivery and releases the subscription. Idempotent. */
    @Override
    void close();
}
