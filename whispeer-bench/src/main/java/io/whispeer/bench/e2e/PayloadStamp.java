package io.whispeer.bench.e2e;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The first 16 bytes of every benchmark payload: the publisher's {@link System#nanoTime()} at the publish call and a
 * sequence number (negative for probes, which are not measured). Publisher and subscribers share one JVM, so the
 * receive time minus the stamped time is the latency from the publish call to the handler.
 */
final class PayloadStamp {
    /** The smallest payload that carries a stamp. */
    static final int MIN_SIZE = 16;
    /** The sequence number of a probe message (sent until every subscription is active; never measured). */
    static final long PROBE = -1;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private PayloadStamp() {
    }

    /** {@return a zero-filled payload of {@code size} bytes, which must be at least {@link #MIN_SIZE}} */
    static byte[] payload(int size) {
        if (size < MIN_SIZE) {
            throw new IllegalArgumentException("Payload size " + size + " B is too small: the stamp needs " + MIN_SIZE
                    + " B (send time and sequence number); use at least " + MIN_SIZE);
        }
        return new byte[size];
    }

    /** Writes the send time and the sequence number into the first 16 bytes of {@code payload}. */
    static void stamp(byte[] payload, long sentNanos, long sequence) {
        LONGS.set(payload, 0, sentNanos);
        LONGS.set(payload, 8, sequence);
    }

    /** {@return the send time stamped into {@code payload}} */
    static long sentNanos(byte[] payload) {
        return (long) LONGS.get(payload, 0);
    }

    /** {@return the sequence number stamped into {@code payload}} */
    static long sequence(byte[] payload) {
        return (long) LONGS.get(payload, 8);
    }
}
