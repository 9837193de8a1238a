package io.whispeer.api;

import java.time.Duration;

/**
 * A snapshot of one subscription's counters. An interface, so that it can grow; whispeer creates the instances.
 */
public interface SubscriptionStats {
    /** {@return the subscription id} */
    String id();

    /** {@return the subscription name} */
    String name();

    /** {@return the filter text} */
    String filter();

    /** {@return the payload type name, or {@code envelope} for an envelope-level subscription} */
    String payloadType();

    /** {@return the overflow policy} */
    OverflowPolicy overflowPolicy();

    /** {@return the delivery guarantee} */
    QoS qos();

    /** {@return the queue capacity} */
    int capacity();

    /** {@return messages waiting now} */
    int queueDepth();

    /** {@return messages handed to the handler successfully} */
    long delivered();

    /** {@return messages not delivered because of overflow, close or exhausted redelivery} */
    long dropped();

    /** {@return handler invocations that threw or failed} */
    long handlerErrors();

    /** {@return messages that could not be opened or decoded (tampered, wrong key, wrong type)} */
    long rejected();

    /** {@return deliveries after the first} */
    long redelivered();

    /** {@return messages skipped by EXACTLY_ONCE because their id was already handled} */
    long duplicates();

    /**
     * {@return how long the oldest waiting message has waited, measured from its publish timestamp (the publisher's
     * clock, millisecond precision); zero when none waits}
     */
    Duration oldestPending();

    /** {@return whether the subscription is open} */
    boolean open();
}
