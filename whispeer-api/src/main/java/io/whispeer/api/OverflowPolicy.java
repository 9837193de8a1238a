package io.whispeer.api;

/**
 * What a subscription does when its bounded queue is full. Every message that is not queued is counted in
 * {@link SubscriptionStats#dropped()} and reported to plugins; none disappears silently.
 */
public enum OverflowPolicy {
    /**
     * The publisher waits for room, up to the subscription's block timeout; then that publish fails with a
     * {@link PublishTimeoutException}. Backpressure: a slow subscriber slows its publishers.
     */
    BLOCK,
    /** The oldest queued message is dropped to make room for the new one. */
    DROP_OLDEST,
    /** The new message is dropped; the queue keeps what it has. */
    DROP_NEWEST,
    /**
     * The subscription is closed with a {@link SubscriptionOverflowException} as its reason; messages queued before
     * are still delivered.
     */
    FAIL
}
