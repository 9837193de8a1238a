package io.whispeer.core;

import io.whispeer.api.Envelope;
import io.whispeer.api.WhispeerException;

/**
 * One published message on its way to every matching subscription: the envelope shared by all of them, the
 * payload array behind it, and the opened plaintext, computed once by the first subscription that needs it.
 */
final class Delivery {
    final Envelope envelope;
    final byte[] payload;
    /** The bound on the opened payload: the topic's message size limit. */
    final int maxPlaintextBytes;
    private volatile Object opened;

    Delivery(Envelope envelope, byte[] payload, int maxPlaintextBytes) {
        this.envelope = envelope;
        this.payload = payload;
        this.maxPlaintextBytes = maxPlaintextBytes;
    }

    /**
     * The payload after opening and decompressing. Shared by every subscription: callers must not modify it.
     *
     * @throws WhispeerException when the envelope does not open (the same failure for every caller)
     */
    byte[] plaintext(Pipeline pipeline) {
        Object result = opened;
        if (result == null) {
            try {
                result = pipeline.open(envelope, payload, maxPlaintextBytes);
            } catch (WhispeerException e) {
                result = e;
            }
            opened = result;
        }
        if (result instanceof WhispeerException failure) {
            throw failure;
        }
        return (byte[]) result;
    }
}
