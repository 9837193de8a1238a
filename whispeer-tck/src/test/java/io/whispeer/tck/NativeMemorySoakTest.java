package io.whispeer.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.Test;

class NativeMemorySoakTest {
    @Test
    void runsEveryRoundExactlyOnceAcrossTheThreads() throws Exception {
        AtomicIntegerArray runs = new AtomicIntegerArray(10_001);
        NativeMemorySoak.runOnThreads(3, runs.length(), runs::incrementAndGet);
        for (int i = 0; i < runs.length(); i++) {
            assertThat(runs.get(i)).as("runs of round %d", i).isEqualTo(1);
        }
    }

    @Test
    void aFailingRoundFailsTheSoak() {
        assertThatThrownBy(() -> NativeMemorySoak.runOnThreads(2, 100, round -> {
            if (round == 42) {
                throw new IllegalStateException("round 42 broke");
            }
        })).isInstanceOf(ExecutionException.class).hasRootCauseMessage("round 42 broke");
    }

    @Test
    void residentSetSizeGrowsWhenNativeMemoryIsTouched() {
        long before = NativeMemorySoak.residentSetBytes();
        assertThat(before).as("resident set of a running JVM").isGreaterThan(1L << 20);
        ByteBuffer direct = ByteBuffer.allocateDirect(64 << 20);
        for (int i = 0; i < direct.capacity(); i += 4096) {
            direct.put(i, (byte) 1);
        }
        assertThat(NativeMemorySoak.residentSetBytes() - before).as("growth after touching 64 MiB off the heap")
                .isGreaterThan(32L << 20);
    }
}
