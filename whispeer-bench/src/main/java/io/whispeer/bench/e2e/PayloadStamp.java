package io.whispeer.bench.e2e;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The first 16 bytes of every benchmark payload: the publisher's {@link System#nanoTime()} at the publish call and a
 * sequence number (negative for probes, which are not measured). Publisher and subscribers share one JVM, so the
 * receive time minus the stamped time is the latency from the publish call to the handler. With several publishers
 * the sequence number carries the publisher's index in its top 16 bits and that publisher's own count below
 * ({@link #sequence(int, long)}), and a probe carries {@code -1 - publisher}.
 */
final class PayloadStamp {
    /** The smallest payload that carries a stamp. */
    static final int MIN_SIZE = 16;
    /** The sequence number of publisher 0's probe message (sent until every subscription is active; never measured). */
    static final long PROBE = -1;
    /** Most publishers one workload may have (the index must fit the top 16 bits of the sequence number). */
    static final int MAX_PUBLISHERS = 1 << 15;
    private static final int NUMBER_BITS = 48;
    private static final long NUMBER_MASK = (1L << NUMBER_BITS) - 1;
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

    /** {@return the sequence number of message {@code number} (from 0) of publisher {@code publisher}} */
    static long sequence(int publisher, long number) {
        return (long) publisher << NUMBER_BITS | number;
    }

    /** {@return the sequence number of a probe from {@code publisher}: negative, so never measured} */
    static long probe(int publisher) {
        return -1L - publisher;
    }

    /** {@return the publisher index of a sequence number, probe or not} */
    static int publisher(long sequence) {
        return sequence < 0 ? (int) (-1L - sequence) : (int) (sequence >>> NUMBER_BITS);
    }

    /** {@return the publisher's own message number (from 0) of a non-negative sequence number} */
    static long number(long sequence) {
        return sequence & NUMBER_MASK;
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
