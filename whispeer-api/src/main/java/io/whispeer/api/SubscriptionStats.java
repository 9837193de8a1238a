package io.whispeer.api;

import java.time.Duration;

/**
 * A snapshot of one subscription's counters.
 *
 * @param id             the subscription id
 * @param name           the subscription name
 * @param filter         the filter text
 * @param payloadType    the payload type name
 * @param overflowPolicy the overflow policy
 * @param qos            the delivery guarantee
 * @param capacity       the queue capacity
 * @param queueDepth     messages waiting now
 * @param delivered      messages handed to the handler successfully
 * @param dropped        messages not delivered because of overflow, close or exhausted redelivery
 * @param handlerErrors  handler invocations that threw or failed
 * @param rejected       messages that could not be opened or decoded (tampered, wrong key, wrong type)
 * @param redelivered    deliveries after the first
 * @param duplicates     messages skipped by EXACTLY_ONCE because their id was already handled
 * @param oldestPending  age of the oldest waiting message, zero when none waits
 * @param open           whether the subscription is open
 */
public record SubscriptionStats(String id, String name, String filter, String payloadType, OverflowPolicy overflowPolicy,
                                QoS qos, int capacity, int queueDepth, long delivered, long dropped, long handlerErrors,
                                long rejected, long redelivered, long duplicates, Duration oldestPending, boolean open) {
}
