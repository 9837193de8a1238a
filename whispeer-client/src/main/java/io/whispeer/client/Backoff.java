package io.whispeer.client;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * The reconnect schedule: exponential backoff with "equal jitter". Attempt {@code n} (from 1) waits
 * {@code d = min(max, initial * 2^(n-1))}, of which the first half is fixed and the second half random, so that many
 * clients dropped at once by a restarting server do not come back in lock step, and none retries faster than
 * {@code d / 2}.
 *
 * @param initial the delay of the first attempt, before jitter
 * @param max     the largest delay, before jitter
 * @param random  uniform values in [0, 1)
 */
record Backoff(Duration initial, Duration max, DoubleSupplier random) {
    /**
     * {@return the delay before an attempt}
     *
     * @param attempt the attempt, from 1
     */
    Duration delay(int attempt) {
        long initialNanos = initial.toNanos();
        long maxNanos = max.toNanos();
        int shift = Math.min(Math.max(attempt, 1) - 1, 62);
        long ceiling = initialNanos > (maxNanos >> shift) ? maxNanos : Math.min(maxNanos, initialNanos << shift);
        long half = ceiling / 2;
        return Duration.ofNanos(ceiling - half + (long) (random.getAsDouble() * half));
    }
}
