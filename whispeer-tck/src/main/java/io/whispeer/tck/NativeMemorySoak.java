package io.whispeer.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Helpers for soak tests of engines that hold native memory (JNI contexts, off-heap buffers), which the Java heap
 * limits cannot see: read the process's resident set size before and after a long run, and run the rounds on
 * several threads. Linux only; elsewhere {@link #residentSetBytes()} skips the test.
 *
 * <pre>{@code
 * NativeMemorySoak.runOnThreads(4, 100_000, round -> roundTrip(engine, round)); // warm up
 * long before = NativeMemorySoak.residentSetBytes();
 * NativeMemorySoak.runOnThreads(4, 900_000, round -> roundTrip(engine, round));
 * assertThat(NativeMemorySoak.residentSetBytes() - before).isLessThan(64L << 20);
 * }</pre>
 */
public final class NativeMemorySoak {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private NativeMemorySoak() {
    }

    /** One round of a soak, given its number. */
    @FunctionalInterface
    public interface Round {
        /**
         * Runs round {@code round}.
         *
         * @param round from 0 to the number of rounds, exclusive
         * @throws Exception fails the soak
         */
        void run(int round) throws Exception;
    }

    /**
     * The resident set size of this process, {@code VmRSS} in {@code /proc/self/status}. Skips the calling test
     * (a JUnit assumption) where that file cannot be read.
     *
     * @return bytes
     */
    public static long residentSetBytes() {
        assumeTrue(Files.isReadable(STATUS), "no " + STATUS + " on this system: the resident set size cannot be read");
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) << 10;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("no VmRSS line in " + STATUS);
    }

    /**
     * Runs rounds {@code 0 .. rounds-1} on {@code threads} threads (thread {@code t} runs rounds {@code t},
     * {@code t + threads}, ...), waits at most 120 seconds for them, and stops the threads.
     *
     * @param threads how many threads
     * @param rounds  how many rounds in all
     * @param round   what each round does
     * @throws Exception the first failure of a round, or a timeout
     */
    public static void runOnThreads(int threads, int rounds, Round round) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                futures.add(pool.submit(() -> {
                    for (int i = first; i < rounds; i += threads) {
                        round.run(i);
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
}
