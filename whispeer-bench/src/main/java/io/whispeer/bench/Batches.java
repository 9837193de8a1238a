package io.whispeer.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every hand-off benchmark here shares: one benchmark operation is a batch of {@link #SIZE} messages handed to
 * another thread, and the operation ends only when that thread has received all of them. Waiting is the same for
 * the baseline and for whispeer, so their ratios compare like with like.
 */
final class Batches {
    /** Messages per benchmark invocation; below the queue capacity of 1024 used on both sides. */
    static final int SIZE = 1000;
    /** Queue capacity of the {@code ArrayBlockingQueue} baseline and of every whispeer subscription. */
    static final int QUEUE_CAPACITY = 1024;

    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final int SPINS = 128;

    private Batches() {
    }

    /**
     * Waits until {@code counter} reaches {@code target}: a short spin, then yielding the processor.
     *
     * @throws IllegalStateException when the consumers have not caught up after 30 seconds (lost messages)
     */
    static void awaitAtLeast(AtomicLong counter, long target) {
        long deadline = 0;
        for (int i = 0; counter.get() < target; i++) {
            if (i < SPINS) {
                Thread.onSpinWait();
                continue;
            }
            Thread.yield();
            if ((i & 1023) == 0) {
                long now = System.nanoTime();
                if (deadline == 0) {
                    deadline = now + TIMEOUT_NANOS;
                } else if (now - deadline > 0) {
                    throw new IllegalStateException("The consumers received " + counter.get() + " of " + target
                            + " messages within " + TimeUnit.NANOSECONDS.toSeconds(TIMEOUT_NANOS) + " s; messages were lost or a consumer died.");
                }
            }
        }
    }

    /** {@return a payload of {@code size} bytes with a fixed, non-trivial content} */
    static byte[] bytes(int size) {
        byte[] payload = new byte[size];
        for (int i = 0; i < size; i++) {
            payload[i] = (byte) (i * 31 + 7);
        }
        return payload;
    }
}
