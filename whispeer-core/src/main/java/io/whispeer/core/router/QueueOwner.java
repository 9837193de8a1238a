package io.whispeer.core.router;

import java.time.InstantSource;

import io.whispeer.api.Envelope;
import io.whispeer.api.WhispeerException;
import io.whispeer.api.spi.DropReason;
import io.whispeer.api.spi.SubscriptionInfo;

/**
 * What a {@link SubscriptionQueue} reports to whoever routes into it: the {@link EnvelopeRouter}, which tells its
 * plugins and keeps the broker-wide counters. Every method may be called on any thread and must not block.
 */
public interface QueueOwner {
    /** {@return the clock that stamps messages, for the age of waiting messages in stats} */
    InstantSource clock();

    /**
     * A message was handled successfully.
     *
     * @param envelope     the envelope
     * @param subscription the subscription
     */
    void delivered(Envelope envelope, SubscriptionInfo subscription);

    /**
     * A message was not delivered; it is already counted in the queue's stats.
     *
     * @param envelope     the envelope
     * @param subscription the subscription
     * @param reason       why
     */
    void dropped(Envelope envelope, SubscriptionInfo subscription, DropReason reason);

    /**
     * A message could not be opened or decoded.
     *
     * @param envelope     the envelope
     * @param subscription the subscription
     * @param cause        the failure
     */
    void rejected(Envelope envelope, SubscriptionInfo subscription, WhispeerException cause);

    /**
     * The queue stopped accepting messages for good (failed or closed): route nothing more to it. Idempotent.
     *
     * @param queue the queue
     */
    void detach(SubscriptionQueue queue);

    /**
     * The subscription ended: its consumer has finished. Called exactly once per queue.
     *
     * @param queue the queue, with its final counters
     */
    void finished(SubscriptionQueue queue);
}
