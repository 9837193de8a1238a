package io.whispeer.core.router;

/**
 * Takes messages out of one {@link SubscriptionQueue}: a {@link PushDispatcher} that runs a drain task on an
 * executor, a blocking stream read on the application's thread, or (later) a protocol session writing DELIVER
 * frames. The queue tells its consumer when to look; the consumer decides how and on which thread to take.
 */
public interface QueueConsumer {
    /**
     * Something changed: a message was queued, or the queue stopped accepting (drain, failure, close). Called by
     * publishers right after they queue and by whoever changes the state, on their own thread, possibly many at
     * once: it must be cheap, thread-safe and must never block (it may run on an I/O event loop).
     */
    void available();
}
