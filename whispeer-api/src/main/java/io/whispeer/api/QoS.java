package io.whispeer.api;

/** The delivery guarantee of a subscription. */
public enum QoS {
    /**
     * Each message is handed to the handler at most once. A handler that throws loses that message (the failure is
     * counted and reported).
     */
    AT_MOST_ONCE,
    /**
     * A message whose handler throws (or whose async handler's stage fails) is delivered again, with
     * {@link Message#deliveryCount()} increased, up to the subscription's {@code maxDeliveries}; then it is dropped
     * and counted as exhausted. Handlers must tolerate duplicates.
     */
    AT_LEAST_ONCE,
    /**
     * {@link #AT_LEAST_ONCE} plus de-duplication by {@link MessageId} in the subscriber: a message whose id was
     * already handled successfully within the subscription's de-duplication window is skipped. The id is chosen by
     * the publisher, so a publisher that retries with the same id is de-duplicated too.
     */
    EXACTLY_ONCE
}
