package io.whispeer.api.spi;

/** Why a subscription did not deliver a message. */
public enum DropReason {
    /** The queue was full and the policy was DROP_OLDEST: this queued message made room. */
    QUEUE_FULL_DROP_OLDEST,
    /** The queue was full and the policy was DROP_NEWEST: this new message was refused. */
    QUEUE_FULL_DROP_NEWEST,
    /** The queue was full and the policy was FAIL: the subscription closed and refused this message. */
    QUEUE_FULL_FAIL,
    /** The queue stayed full for the whole block timeout under BLOCK. */
    BLOCK_TIMEOUT,
    /** The subscription or the broker closed with this message still queued. */
    CLOSED,
    /** The handler failed on every one of the allowed deliveries. */
    DELIVERIES_EXHAUSTED,
    /**
     * A remote subscriber's connection stopped taking data while its queue was full, and the server is configured to
     * drop for slow consumers ({@code whispeer.server.slow-consumer=drop}) rather than disconnect them.
     */
    SLOW_CONSUMER
}
