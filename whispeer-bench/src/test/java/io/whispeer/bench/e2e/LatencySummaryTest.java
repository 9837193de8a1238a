package io.whispeer.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencySummaryTest {
    @Test
    void percentilesOfOneToTenThousandMicrosecondsAreWhereTheyBelongWithinTheHistogramsPrecision() {
        Histogram histogram = new Histogram(3);
        for (long micros = 1; micros <= 10_000; micros++) {
            histogram.recordValue(micros * 1000);
        }
        LatencySummary summary = LatencySummary.of(histogram);
        assertThat(summary.count()).isEqualTo(10_000);
        assertThat(summary.p50()).isCloseTo(5_000_000L, within(5_000L));
        assertThat(summary.p99()).isCloseTo(9_900_000L, within(10_000L));
        assertThat(summary.p999()).isCloseTo(9_990_000L, within(10_000L));
        assertThat(summary.max()).isCloseTo(10_000_000L, within(10_000L));
    }

    @Test
    void anEmptyHistogramGivesTheEmptySummary() {
        assertThat(LatencySummary.of(new Histogram(3))).isEqualTo(LatencySummary.EMPTY);
    }

    @Test
    void nanosecondsAreShownAsMicrosecondsWithOneDecimal() {
        assertThat(LatencySummary.micros(12_345)).isEqualTo("12.3");
    }
}
