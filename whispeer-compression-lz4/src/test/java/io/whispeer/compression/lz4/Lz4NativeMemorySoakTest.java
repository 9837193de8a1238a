package io.whispeer.compression.lz4;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.whispeer.api.spi.CompressionEngine;
import io.whispeer.tck.CompressionEngineCompatibilityKit;
import io.whispeer.tck.NativeMemorySoak;

/**
 * A million compressions and decompressions of 1 KiB messages, in the fast and the high-compression mode, on
 * several threads, plus high-compression engines created, used and closed over and over, leave the resident set
 * size flat: pooled native compressor state is reused and freed.
 */
class Lz4NativeMemorySoakTest {
    private static final int ROUNDS = 1_000_000;
    private static final int WARM_UP = 100_000;
    private static final int ENGINES = 1000;
    private static final long ALLOWED_GROWTH = 64L << 20;

    @Test
    void aMillionRoundTripsAndManyEnginesLeaveTheResidentSetFlat() throws Exception {
        NativeMemorySoak.residentSetBytes(); // skips the test where it cannot be read
        List<byte[]> messages = CompressionEngineCompatibilityKit.kibibyteJsonMessages(64, 21);
        int threads = Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));
        try (CompressionEngine fast = TestData.engine(); CompressionEngine high = TestData.engine(Lz4CompressionProvider.LEVEL, "9")) {
            NativeMemorySoak.Round round = i -> {
                CompressionEngine engine = i % 10 == 0 ? high : fast;
                byte[] message = messages.get(i % messages.size());
                byte[] restored = engine.decompress(engine.compress(message).orElseThrow(), message.length);
                if (restored.length != message.length) {
                    throw new AssertionError("round " + i + " restored " + restored.length + " of " + message.length + " bytes");
                }
            };

            NativeMemorySoak.runOnThreads(threads, WARM_UP, round);
            long before = NativeMemorySoak.residentSetBytes();
            NativeMemorySoak.runOnThreads(threads, ROUNDS - WARM_UP, round);
            for (int i = 0; i < ENGINES; i++) {
                try (CompressionEngine shortLived = TestData.engine(Lz4CompressionProvider.LEVEL, "9")) {
                    byte[] message = messages.get(i % messages.size());
                    assertThat(shortLived.decompress(shortLived.compress(message).orElseThrow(), message.length)).isEqualTo(message);
                }
            }
            long after = NativeMemorySoak.residentSetBytes();
            assertThat(after - before).as("growth of the resident set (%d KiB before, %d KiB after) over %d round trips and %d engines",
                    before >> 10, after >> 10, ROUNDS - WARM_UP, ENGINES).isLessThan(ALLOWED_GROWTH);
        }
    }
}
