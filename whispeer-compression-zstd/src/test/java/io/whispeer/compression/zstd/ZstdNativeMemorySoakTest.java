package io.whispeer.compression.zstd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.whispeer.api.CompressionDictionary;
import io.whispeer.api.spi.CompressionEngine;
import io.whispeer.tck.CompressionEngineCompatibilityKit;

/**
 * A million compressions and decompressions of 1 KiB messages, with and without a dictionary, on several threads,
 * plus engines created, used and closed over and over, leave the resident set size flat: native contexts are
 * reused and freed.
 */
class ZstdNativeMemorySoakTest {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final int ROUNDS = 1_000_000;
    private static final int WARM_UP = 100_000;
    private static final int ENGINES = 600;
    private static final long ALLOWED_GROWTH = 64L << 20;
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @Test
    void aMillionRoundTripsAndManyEnginesLeaveTheResidentSetFlat() throws Exception {
        assumeTrue(Files.isReadable(STATUS), "no /proc/self/status on this system: the resident set size cannot be read");
        List<byte[]> messages = TestData.kibibyteMessages(64, 21);
        int threads = Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));
        try (CompressionEngine engine = TestData.engine()) {
            CompressionDictionary dictionary = engine.trainDictionary(CompressionEngineCompatibilityKit.smallJsonMessages(2000, 1), 16 << 10);
            List<byte[]> small = CompressionEngineCompatibilityKit.smallJsonMessages(64, 2);

            run(threads, WARM_UP, engine, messages, small, dictionary);
            long before = residentSetSize();
            run(threads, ROUNDS - WARM_UP, engine, messages, small, dictionary);
            for (int i = 0; i < ENGINES; i++) {
                try (CompressionEngine shortLived = TestData.engine()) {
                    byte[] message = small.get(i % small.size());
                    byte[] compressed = shortLived.compress(message, dictionary).orElseThrow();
                    assertThat(shortLived.decompress(compressed, message.length, dictionary)).isEqualTo(message);
                    byte[] large = messages.get(i % messages.size());
                    assertThat(shortLived.decompress(shortLived.compress(large).orElseThrow(), large.length)).isEqualTo(large);
                }
            }
            long after = residentSetSize();
            assertThat(after - before).as("growth of the resident set (%d KiB before, %d KiB after) over %d round trips and %d engines",
                    before >> 10, after >> 10, ROUNDS - WARM_UP, ENGINES).isLessThan(ALLOWED_GROWTH);
        }
    }

    private static void run(int threads, int rounds, CompressionEngine engine, List<byte[]> messages, List<byte[]> small,
                            CompressionDictionary dictionary) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = thread; i < rounds; i += threads) {
                        boolean withDictionary = i % 10 == 0;
                        byte[] message = withDictionary ? small.get(i % small.size()) : messages.get(i % messages.size());
                        Optional<byte[]> compressed = withDictionary ? engine.compress(message, dictionary) : engine.compress(message);
                        byte[] restored = withDictionary ? engine.decompress(compressed.orElseThrow(), message.length, dictionary)
                                : engine.decompress(compressed.orElseThrow(), message.length);
                        if (restored.length != message.length) {
                            throw new AssertionError("round " + i + " restored " + restored.length + " of " + message.length + " bytes");
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("soak threads stopped").isTrue();
        }
    }

    /** {@return VmRSS from /proc/self/status, in bytes} */
    private static long residentSetSize() throws IOException {
        for (String line : Files.readAllLines(STATUS)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) << 10;
            }
        }
        throw new AssertionError("no VmRSS line in " + STATUS);
    }
}
