package io.whispeer.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import io.whispeer.api.spi.WireIds;

/** What the kits share: name rules, bounded concurrency, message collection, test data. */
final class Kits {
    /** The bound on every wait in the kits. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** How many threads the concurrency checks use. */
    static final int THREADS = 8;

    private static final Pattern NAME = Pattern.compile("[a-z0-9]+([._-][a-z0-9]+)*");

    private Kits() {
    }

    /** A body that may throw, run by {@link #concurrently}. */
    @FunctionalInterface
    interface ThreadBody {
        void run(int thread) throws Exception;
    }

    static void assertValidName(String what, String name) {
        assertThat(name).as("%s name", what).isNotNull();
        assertThat(NAME.matcher(name).matches())
                .as("%s name '%s' must be lowercase letters and digits, separated by single '.', '_' or '-'", what, name)
                .isTrue();
    }

    static void assertValidWireId(String what, int id) {
        assertThat(id).as("%s wire id", what).isBetween(0, WireIds.MAX);
    }

    /**
     * Runs {@code body} on {@code threads} platform threads that start together, and waits for all of them within
     * {@link #TIMEOUT}. The first failure is rethrown as it was (an {@link AssertionError} stays one).
     */
    static void concurrently(int threads, ThreadBody body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Void>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Callable<Void> task = () -> {
                    if (!start.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                        throw new TimeoutException("start signal");
                    }
                    body.run(thread);
                    return null;
                };
                futures.add(pool.submit(task));
            }
            start.countDown();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            for (Future<Void> future : futures) {
                try {
                    future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof Error error) {
                        throw error;
                    }
                    if (cause instanceof Exception exception) {
                        throw exception;
                    }
                    throw e;
                } catch (TimeoutException e) {
                    fail("%d threads did not finish within %s", threads, TIMEOUT);
                }
            }
        } finally {
            pool.shutdownNow();
            if (!pool.awaitTermination(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                fail("threads of the concurrency check did not stop within %s", TIMEOUT);
            }
        }
    }

    /** {@return the {@code toString()} of a throwable, of its causes and of everything suppressed, recursively} */
    static List<String> describeAll(Throwable throwable) {
        List<String> texts = new ArrayList<>();
        collect(throwable, texts, Collections.newSetFromMap(new IdentityHashMap<>()));
        return texts;
    }

    private static void collect(Throwable t, List<String> texts, Set<Throwable> seen) {
        if (t == null || !seen.add(t)) {
            return;
        }
        texts.add(t.toString());
        texts.add(String.valueOf(t.getLocalizedMessage()));
        collect(t.getCause(), texts, seen);
        for (Throwable suppressed : t.getSuppressed()) {
            collect(suppressed, texts, seen);
        }
    }

    /**
     * Closes everything, even when some closes fail, and clears the list; the first failure is thrown with the
     * others suppressed.
     */
    static void closeAll(List<? extends AutoCloseable> resources) {
        RuntimeException failure = null;
        for (AutoCloseable each : resources) {
            try {
                each.close();
            } catch (Exception e) {
                RuntimeException wrapped = e instanceof RuntimeException r ? r : new IllegalStateException("close() failed: " + e, e);
                if (failure == null) {
                    failure = wrapped;
                } else {
                    failure.addSuppressed(wrapped);
                }
            }
        }
        resources.clear();
        if (failure != null) {
            throw failure;
        }
    }

    /** {@return {@code size} bytes that look random and do not compress, the same for the same seed} */
    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    /** {@return {@code size} bytes of repetitive text with a little variation: compresses very well} */
    static byte[] compressibleBytes(int size) {
        byte[] bytes = new byte[size];
        String line = "sensor/kitchen/temperature reading=21.5 unit=celsius seq=";
        int i = 0;
        for (int seq = 0; i < size; seq++) {
            String text = line + (seq % 100) + '\n';
            for (int c = 0; c < text.length() && i < size; c++, i++) {
                bytes[i] = (byte) text.charAt(c);
            }
        }
        return bytes;
    }

    /** {@return a copy of {@code bytes} with bit {@code bit} of byte {@code index} inverted} */
    static byte[] flipBit(byte[] bytes, int index, int bit) {
        byte[] copy = bytes.clone();
        copy[index] = (byte) (copy[index] ^ (1 << bit));
        return copy;
    }
}
