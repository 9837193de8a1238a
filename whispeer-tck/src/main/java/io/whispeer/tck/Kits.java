package io.whispeer.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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

import io.whispeer.api.spi.BuiltInProviders;
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
     * Fails when {@code build()} would refuse the provider's identity: the rules and the message are
     * {@link BuiltInProviders#identityProblem}, the ones the broker applies (a built-in name or a reserved id claimed
     * by a class other than the built-in provider, an invalid name, an id out of range).
     *
     * @param spi      {@link BuiltInProviders#CODEC}, {@link BuiltInProviders#COMPRESSION} or
     *                 {@link BuiltInProviders#ENCRYPTION}
     * @param provider the provider under test
     * @param name     its name
     * @param id       its wire id
     */
    static void assertIdentityAccepted(String spi, Object provider, String name, int id) {
        BuiltInProviders.identityProblem(spi, provider.getClass(), name, id).ifPresent(problem -> {
            throw new AssertionError(problem);
        });
    }

    /**
     * Compares two byte arrays and, when they differ, fails with a summary instead of every value: both lengths, the
     * first differing index and a few bytes around it, in hex.
     *
     * @param what     what the bytes are, for the message ("round trip of 1000 bytes")
     * @param actual   the bytes the implementation produced
     * @param expected the bytes it should have produced
     */
    static void assertSameBytes(String what, byte[] actual, byte[] expected) {
        if (actual == null) {
            throw new AssertionError(what + ": expected " + expected.length + " bytes, got null");
        }
        int index = Arrays.mismatch(actual, expected);
        if (index >= 0) {
            throw new AssertionError(what + ": " + describeDifference(actual, expected, index));
        }
    }

    /**
     * Fails when two byte arrays are equal, with their length instead of every value.
     *
     * @param what     what the bytes are, for the message
     * @param actual   the bytes the implementation produced
     * @param unwanted the bytes they must differ from
     */
    static void assertDifferentBytes(String what, byte[] actual, byte[] unwanted) {
        if (actual != null && Arrays.equals(actual, unwanted)) {
            throw new AssertionError(what + ": expected bytes different from the original, got the same " + actual.length + " bytes");
        }
    }

    private static String describeDifference(byte[] actual, byte[] expected, int index) {
        StringBuilder text = new StringBuilder();
        if (actual.length != expected.length) {
            text.append("expected ").append(expected.length).append(" bytes, got ").append(actual.length).append("; ");
        } else {
            text.append("both ").append(actual.length).append(" bytes; ");
        }
        if (index >= Math.min(actual.length, expected.length)) {
            text.append("equal up to index ").append(index).append(", where the shorter one ends");
        } else {
            int from = Math.max(0, index - 4);
            text.append("first difference at index ").append(index).append(": expected ").append(hex(expected, from, index))
                    .append(", got ").append(hex(actual, from, index));
        }
        return text.toString();
    }

    /** {@return up to 16 bytes from {@code from} in hex, the one at {@code mark} in brackets} */
    private static String hex(byte[] bytes, int from, int mark) {
        StringBuilder text = new StringBuilder();
        int to = Math.min(bytes.length, from + 16);
        for (int i = from; i < to; i++) {
            text.append(i == from ? "" : " ").append(i == mark ? "[" : "").append(String.format("%02x", bytes[i] & 0xff))
                    .append(i == mark ? "]" : "");
        }
        return (from > 0 ? "... " : "") + text + (to < bytes.length ? " ..." : "");
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
