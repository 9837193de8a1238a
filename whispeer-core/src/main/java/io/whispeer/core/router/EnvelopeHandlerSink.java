package io.whispeer.core.router;

import io.whispeer.api.Envelope;
import io.whispeer.api.EnvelopeHandler;

/**
 * Hands envelopes, unopened, to an {@link EnvelopeHandler}: for subscribers that route, store or relay sealed
 * messages and hold no key.
 *
 * @param handler the handler
 */
public record EnvelopeHandlerSink(EnvelopeHandler handler) implements Sink {
    @Override
    public boolean ready() {
        return true;
    }

    @Override
    public int deliver(Envelope envelope, long sequence, int deliveryCount, Completion completion) throws Exception {
        handler.onEnvelope(envelope, deliveryCount);
        return DELIVERED;
    }

    @Override
    public void end(Throwable reason) {
        // Envelope handlers learn the end through Subscription.whenClosed().
    }
}
