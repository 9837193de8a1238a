package io.whispeer.bench.e2e;

import org.HdrHistogram.Histogram;

/**
 * Percentiles of one latency histogram, in nanoseconds.
 *
 * @param count values recorded
 * @param p50 median
 * @param p99 99th percentile
 * @param p999 99.9th percentile
 * @param max largest value
 */
record LatencySummary(long count, long p50, long p99, long p999, long max) {
    /** No values. */
    static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0);

    /** {@return the percentiles of {@code histogram} (nanosecond values), or {@link #EMPTY} when it is empty} */
    static LatencySummary of(Histogram histogram) {
        if (histogram.getTotalCount() == 0) {
            return EMPTY;
        }
        return new LatencySummary(histogram.getTotalCount(), histogram.getValueAtPercentile(50),
                histogram.getValueAtPercentile(99), histogram.getValueAtPercentile(99.9), histogram.getMaxValue());
    }

    /** {@return {@code nanos} in microseconds with one decimal, e.g. {@code 12.3}} */
    static String micros(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1000.0);
    }
}
