package io.whispeer.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class BackoffTest {
    private static final Duration INITIAL = Duration.ofMillis(100);
    private static final Duration MAX = Duration.ofSeconds(5);

    @Test
    void withoutJitterEachAttemptWaitsHalfOfTwiceThePreviousCeiling() {
        Backoff lowest = new Backoff(INITIAL, MAX, () -> 0.0);
        assertThat(lowest.delay(1)).isEqualTo(Duration.ofMillis(50));
        assertThat(lowest.delay(2)).isEqualTo(Duration.ofMillis(100));
        assertThat(lowest.delay(3)).isEqualTo(Duration.ofMillis(200));
        assertThat(lowest.delay(6)).isEqualTo(Duration.ofMillis(1_600));
    }

    @Test
    void theCeilingDoublesPerAttemptUpToTheMaximum() {
        Backoff highest = new Backoff(INITIAL, MAX, () -> 1.0);
        assertThat(highest.delay(1)).isEqualTo(INITIAL);
        assertThat(highest.delay(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(highest.delay(6)).isEqualTo(Duration.ofMillis(3_200));
        assertThat(highest.delay(7)).isEqualTo(MAX);
        assertThat(highest.delay(1_000)).isEqualTo(MAX);
        assertThat(highest.delay(Integer.MAX_VALUE)).isEqualTo(MAX);
    }

    @Test
    void jitterSpreadsDelaysOverTheUpperHalfOfTheCeiling() {
        Backoff jittered = new Backoff(INITIAL, MAX, new java.util.Random(42)::nextDouble);
        java.util.Set<Duration> seen = new java.util.HashSet<>();
        for (int i = 0; i < 100; i++) {
            Duration d = jittered.delay(10);
            assertThat(d).isBetween(MAX.dividedBy(2), MAX);
            seen.add(d);
        }
        assertThat(seen).as("distinct delays among 100 jittered ones").hasSizeGreaterThan(50);
    }
}
