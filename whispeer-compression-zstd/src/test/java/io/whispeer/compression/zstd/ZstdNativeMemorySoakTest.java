package io.whispeer.compression.zstd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.whispeer.api.CompressionDictionary;
import io.whispeer.api.spi.CompressionEngine;
import io.whispeer.tck.CompressionEngineCompatibilityKit;
import io.whispeer.tck.NativeMemorySoak;

/**
 * A million compressions and decompressions of 1 KiB messages, with and without a dictionary, on several threads,
 * plus engines created, used and closed over and over, leave the resident set size flat: native contexts are
 * reused and freed.
 */
class ZstdNativeMemorySoakTest {
    private static final int ROUNDS = 1_000_000;
    private static final int WARM_UP = 100_000;
    private static final int ENGINES = 600;
    private static final long ALLOWED_GROWTH = 64L << 20;

    @Test
    void aMillionRoundTripsAndManyEnginesLeaveTheResidentSetFlat() throws Exception {
        NativeMemorySoak.residentSetBytes(); // skips the test where it cannot be read
        List<byte[]> messages = CompressionEngineCompatibilityKit.kibibyteJsonMessages(64, 21);
        List<byte[]> small = CompressionEngineCompatibilityKit.smallJsonMessages(64, 2);
        int threads = Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));
        try (CompressionEngine engine = TestData.engine()) {
            CompressionDictionary dictionary = engine.trainDictionary(CompressionEngineCompatibilityKit.smallJsonMessages(2000, 1), 16 << 10);
            NativeMemorySoak.Round round = i -> {
                boolean withDictionary = i % 10 == 0;
                byte[] message = withDictionary ? small.get(i % small.size()) : messages.get(i % messages.size());
                byte[] restored = withDictionary
                        ? engine.decompress(engine.compress(message, dictionary).orElseThrow(), message.length, dictionary)
                        : engine.decompress(engine.compress(message).orElseThrow(), message.length);
                if (restored.length != message.length) {
                    throw new AssertionError("round " + i + " restored " + restored.length + " of " + message.length + " bytes");
                }
            };

            NativeMemorySoak.runOnThreads(threads, WARM_UP, round);
            long before = NativeMemorySoak.residentSetBytes();
            NativeMemorySoak.runOnThreads(threads, ROUNDS - WARM_UP, round);
            for (int i = 0; i < ENGINES; i++) {
                try (CompressionEngine shortLived = TestData.engine()) {
                    byte[] message = small.get(i % small.size());
                    byte[] compressed = shortLived.compress(message, dictionary).orElseThrow();
                    assertThat(shortLived.decompress(compressed, message.length, dictionary)).isEqualTo(message);
                    byte[] large = messages.get(i % messages.size());
                    assertThat(shortLived.decompress(shortLived.compress(large).orElseThrow(), large.length)).isEqualTo(large);
                }
            }
            long after = NativeMemorySoak.residentSetBytes();
            assertThat(after - before).as("growth of the resident set (%d KiB before, %d KiB after) over %d round trips and %d engines",
                    before >> 10, after >> 10, ROUNDS - WARM_UP, ENGINES).isLessThan(ALLOWED_GROWTH);
        }
    }
}
