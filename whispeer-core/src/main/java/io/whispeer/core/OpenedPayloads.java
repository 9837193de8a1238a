package io.whispeer.core;

import java.util.List;

import io.whispeer.api.Envelope;
import io.whispeer.api.WhispeerException;

/**
 * Opens each sealed or compressed envelope once, however many subscriptions receive it: a small table of the
 * envelopes opened last, found by identity. Every subscription of an in-process publish receives the same envelope
 * object, usually within microseconds of the others, so the table hits; a miss only costs opening again. The opened
 * bytes are shared and must not be changed: decoders copy what they keep. Plaintexts over 64 KiB are not kept.
 */
final class OpenedPayloads {
    private static final int SLOTS = 64;
    /** Larger plaintexts are not kept (each subscription opens its own), so the table holds at most 4 MiB. */
    private static final int MAX_SHARED_BYTES = 64 << 10;

    private final Pipeline pipeline;
    private final Opened[] table = new Opened[SLOTS];

    /** One opened envelope: its plaintext, or the failure every subscription gets. */
    private record Opened(Envelope envelope, Object result) {
    }

    OpenedPayloads(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    /** {@return whether opening the envelope takes work worth sharing: it is sealed, compressed or padded} */
    static boolean isShared(Envelope envelope) {
        return envelope.cipherId() != 0 || envelope.isCompressed() || envelope.isPadded();
    }

    /**
     * The plaintext of an envelope; shared, do not modify.
     *
     * @throws WhispeerException when it does not open (the same failure for every subscription)
     */
    byte[] plaintext(Envelope envelope, int maxPlaintextBytes, List<String> allowedCiphers) {
        int slot = System.identityHashCode(envelope) & (SLOTS - 1);
        Opened entry = table[slot]; // a racy read is fine: Opened is immutable, and a miss only opens again
        if (entry == null || entry.envelope() != envelope) {
            Object result;
            try {
                result = pipeline.open(envelope, envelope.payloadBytes(), maxPlaintextBytes, allowedCiphers);
            } catch (WhispeerException e) {
                result = e;
            }
            entry = new Opened(envelope, result);
            if (!(result instanceof byte[] bytes) || bytes.length <= MAX_SHARED_BYTES) {
                table[slot] = entry;
            }
        }
        if (entry.result() instanceof WhispeerException failure) {
            throw failure;
        }
        return (byte[]) entry.result();
    }
}
