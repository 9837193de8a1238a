package io.whispeer.api;

/**
 * Receives sealed envelopes, as the broker routes them, without opening them: for bridges, relays, archivers and
 * other code that must not (or cannot) hold keys. It runs on the subscription's own thread, one envelope at a time,
 * in order.
 */
@FunctionalInterface
public interface EnvelopeHandler {
    /**
     * Handles one envelope. Returning normally acknowledges it; throwing counts as a handler error and, under
     * {@link QoS#AT_LEAST_ONCE} or {@link QoS#EXACTLY_ONCE}, leads to redelivery.
     *
     * @param envelope the envelope, shared with other subscriptions: read it, do not keep its payload buffer's
     *                 position or limit assumptions beyond this call
     * @param deliveryCount 1 on first delivery, more on redelivery
     * @throws Exception any failure of the handler
     */
    void onEnvelope(Envelope envelope, int deliveryCount) throws Exception;
}
