package io.whispeer.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import io.whispeer.api.CompressionException;
import io.whispeer.api.spi.CompressionEngine;
import io.whispeer.api.spi.CompressionEngineProvider;
import io.whispeer.api.spi.Settings;

/**
 * The compatibility kit for {@link CompressionEngineProvider} and {@link CompressionEngine}. Extend it and return
 * the provider:
 * <pre>{@code
 * class ZstdCompressionEngineTest extends CompressionEngineCompatibilityKit {
 *     protected CompressionEngineProvider provider() { return new ZstdCompressionEngineProvider(); }
 * }
 * }</pre>
 *
 * <p>What it checks: names and ids; round trips of random and of highly compressible data from 0 bytes to 4 MiB;
 * that compressible data shrinks and that {@code compress} returns empty when the output would not be smaller;
 * that {@code decompress} refuses output over {@code maxSize} with {@link CompressionException} without
 * allocating the whole output; that corrupt, truncated and random input throws {@link CompressionException} and
 * nothing else (or, where a format cannot detect the damage, returns at most {@code maxSize} bytes); use from many
 * threads at once; and that {@code close} is idempotent.
 */
public abstract class CompressionEngineCompatibilityKit {
    /** The input sizes of the round trips: 0 B, 1 B, 100 B, 4 KiB, 64 KiB, 1 MiB, 4 MiB. */
    private static final int[] SIZES = {0, 1, 100, 4 << 10, 64 << 10, 1 << 20, 4 << 20};
    private static final int BOMB_SIZE = 32 << 20;
    private static final int BOMB_LIMIT = 1 << 20;
    private static final long BOMB_ALLOCATION_ALLOWANCE = 8L * BOMB_LIMIT + (8 << 20);

    private CompressionEngine engine;

    /** For subclasses. */
    protected CompressionEngineCompatibilityKit() {
    }

    /**
     * The provider under test.
     *
     * @return a new provider, as {@link java.util.ServiceLoader} would create it
     */
    protected abstract CompressionEngineProvider provider();

    /**
     * The settings the engine is created with.
     *
     * @return empty settings, unless overridden
     */
    protected Settings settings() {
        return Settings.empty();
    }

    /** {@return the engine under test, created once per test from {@link #provider()} and {@link #settings()}} */
    protected final CompressionEngine engine() {
        if (engine == null) {
            engine = provider().create(settings());
            assertThat(engine).as("%s.create(settings)", provider().getClass().getName()).isNotNull();
        }
        return engine;
    }

    /** Closes the engine the test created. */
    @AfterEach
    public void closeEngine() {
        if (engine != null) {
            engine.close();
            engine = null;
        }
    }

    /** The provider's name is lowercase and its wire id fits one byte. */
    @Test
    public void providerNameIsLowercaseAndIdFitsOneByte() {
        Kits.assertValidName("compression", provider().name());
        Kits.assertValidWireId("compression", provider().id());
    }

    /** The engine has the same name and id as the provider that created it. */
    @Test
    public void createdEngineHasTheProvidersNameAndId() {
        assertThat(engine().name()).as("engine name").isEqualTo(provider().name());
        assertThat(engine().id()).as("engine id").isEqualTo(provider().id());
    }

    /**
     * Random data of every size decompresses to what was compressed.
     *
     * @return one test per size
     */
    @TestFactory
    public Stream<DynamicTest> randomDataOfEverySizeSurvivesARoundTrip() {
        return IntStream.of(SIZES).mapToObj(size -> DynamicTest.dynamicTest(size + " random bytes",
                () -> assertRoundTrip(Kits.randomBytes(size, size))));
    }

    /**
     * Highly compressible data of every size decompresses to what was compressed.
     *
     * @return one test per size
     */
    @TestFactory
    public Stream<DynamicTest> compressibleDataOfEverySizeSurvivesARoundTrip() {
        return IntStream.of(SIZES).mapToObj(size -> DynamicTest.dynamicTest(size + " compressible bytes",
                () -> assertRoundTrip(Kits.compressibleBytes(size))));
    }

    /** Highly compressible data of 100 bytes and more comes out smaller. */
    @Test
    public void compressibleDataShrinks() {
        for (int size : SIZES) {
            if (size >= 100) {
                byte[] input = Kits.compressibleBytes(size);
                assertThat(engine().compress(input)).as("compress(%d compressible bytes)", size)
                        .hasValueSatisfying(out -> assertThat(out.length).isLessThan(size));
            }
        }
    }

    /** Compressing random data, and empty input, returns empty: the output would not be smaller. */
    @Test
    public void compressReturnsEmptyWhenTheOutputWouldNotBeSmaller() {
        for (int size : SIZES) {
            assertThat(engine().compress(Kits.randomBytes(size, 31L * size))).as("compress(%d random bytes)", size).isEmpty();
        }
    }

    /** Decompressing to more than {@code maxSize} bytes throws {@link CompressionException}. */
    @Test
    public void decompressingMoreThanMaxSizeThrowsCompressionException() {
        byte[] input = Kits.compressibleBytes(1 << 20);
        byte[] compressed = compressed(input);
        for (int maxSize : new int[] {input.length - 1, input.length / 2, 1, 0}) {
            assertThatThrownBy(() -> engine().decompress(compressed, maxSize))
                    .as("decompress(%d bytes that expand to %d, maxSize %d)", compressed.length, input.length, maxSize)
                    .isInstanceOf(CompressionException.class);
        }
        assertThat(engine().decompress(compressed, input.length)).as("decompress with maxSize = the exact size").isEqualTo(input);
    }

    /**
     * A decompression bomb (32 MiB of zeros) is refused under a 1 MiB limit without allocating anything near the
     * whole output on the heap.
     */
    @Test
    public void decompressionBombIsRefusedWithoutAllocatingTheWholeOutput() {
        byte[] compressed = compressed(new byte[BOMB_SIZE]);
        long before = allocatedBytes();
        assertThatThrownBy(() -> engine().decompress(compressed, BOMB_LIMIT))
                .as("decompress(%d bytes that expand to %d, maxSize %d)", compressed.length, BOMB_SIZE, BOMB_LIMIT)
                .isInstanceOf(CompressionException.class);
        long allocated = allocatedBytes() - before;
        if (before >= 0) {
            assertThat(allocated).as("bytes allocated by the refused decompression (output %d bytes, limit %d)", BOMB_SIZE, BOMB_LIMIT)
                    .isLessThan(BOMB_ALLOCATION_ALLOWANCE);
        }
    }

    /**
     * Corrupt input (every flipped bit position sampled, truncations, random bytes, empty input) throws
     * {@link CompressionException} and nothing else; where the format cannot detect the damage, the output is
     * still at most {@code maxSize} bytes.
     */
    @Test
    public void corruptInputThrowsNothingButCompressionException() {
        for (byte[] bad : corruptInputs()) {
            assertFailsOnlyWithCompressionException(bad, 8 << 10);
        }
    }

    /** Truncated input never decompresses to the original. */
    @Test
    public void truncatedInputNeverDecompressesToTheOriginal() {
        byte[] input = Kits.compressibleBytes(4 << 10);
        byte[] compressed = compressed(input);
        for (int length = 0; length < compressed.length; length += Math.max(1, compressed.length / 64)) {
            byte[] truncated = Arrays.copyOf(compressed, length);
            byte[] out = assertFailsOnlyWithCompressionException(truncated, input.length);
            assertThat(out).as("decompress(first %d of %d bytes)", length, compressed.length).isNotEqualTo(input);
        }
    }

    /**
     * One engine compresses and decompresses correctly from many threads at once.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void concurrentUseGivesCorrectResults() throws Exception {
        CompressionEngine shared = engine();
        Kits.concurrently(Kits.THREADS, thread -> {
            for (int round = 0; round < 50; round++) {
                int size = 1 + (round * 997 + thread * 131) % (64 << 10);
                byte[] input = round % 2 == 0 ? Kits.compressibleBytes(size) : Kits.randomBytes(size, round * 17L + thread);
                Optional<byte[]> compressed = shared.compress(input);
                if (compressed.isPresent()) {
                    assertThat(shared.decompress(compressed.get(), size)).as("round trip of %d bytes", size).isEqualTo(input);
                }
            }
        });
    }

    /** Closing the engine twice is harmless. */
    @Test
    public void closeIsIdempotent() {
        CompressionEngine created = provider().create(settings());
        created.close();
        created.close();
    }

    /**
     * Compresses and decompresses, and checks the bytes come back, the output was smaller, and the input was not
     * changed.
     *
     * @param input the bytes
     */
    protected final void assertRoundTrip(byte[] input) {
        byte[] copy = input.clone();
        Optional<byte[]> compressed = engine().compress(input);
        assertThat(compressed).as("compress(%d bytes)", input.length).isNotNull();
        assertThat(input).as("input after compress").isEqualTo(copy);
        if (compressed.isEmpty()) {
            return;
        }
        byte[] out = compressed.get();
        assertThat(out.length).as("compressed size of %d bytes", input.length).isLessThan(input.length);
        byte[] restored = engine().decompress(out, input.length);
        assertThat(restored.length).as("decompressed size").isEqualTo(input.length);
        assertThat(Arrays.mismatch(restored, input)).as("first differing byte after a round trip of %d bytes", input.length).isEqualTo(-1);
        assertThat(engine().decompress(out, input.length + 1000)).as("decompress with room to spare").isEqualTo(input);
    }

    /**
     * Decompresses bad input and checks that it throws {@link CompressionException} or returns at most
     * {@code maxSize} bytes, and nothing else.
     *
     * @param bad     the input
     * @param maxSize the limit
     * @return the output, or null when decompression threw {@link CompressionException}
     */
    protected final byte[] assertFailsOnlyWithCompressionException(byte[] bad, int maxSize) {
        byte[] out;
        try {
            out = engine().decompress(bad, maxSize);
        } catch (CompressionException e) {
            return null;
        } catch (RuntimeException | Error e) {
            throw new AssertionError("decompressing " + bad.length + " corrupt bytes threw " + e.getClass().getName()
                    + "; engines must throw CompressionException and nothing else", e);
        }
        assertThat(out).as("decompressed corrupt input").isNotNull();
        assertThat(out.length).as("size of decompressed corrupt input").isLessThanOrEqualTo(maxSize);
        return out;
    }

    private byte[] compressed(byte[] input) {
        Optional<byte[]> out = engine().compress(input);
        assertThat(out).as("compress(%d compressible bytes)", input.length).isPresent();
        return out.orElseThrow();
    }

    private List<byte[]> corruptInputs() {
        List<byte[]> inputs = new ArrayList<>();
        byte[] compressed = compressed(Kits.compressibleBytes(4 << 10));
        int step = Math.max(1, compressed.length / 256);
        for (int i = 0; i < compressed.length; i += step) {
            inputs.add(Kits.flipBit(compressed, i, i % 8));
        }
        inputs.add(Kits.flipBit(compressed, compressed.length - 1, 0));
        for (int length = 0; length < compressed.length; length += step) {
            inputs.add(Arrays.copyOf(compressed, length));
        }
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 100; i++) {
            inputs.add(Kits.randomBytes(random.nextInt(1, 2000), random.nextLong()));
        }
        byte[] ones = new byte[64];
        Arrays.fill(ones, (byte) 0xFF);
        inputs.add(ones);
        inputs.add(new byte[64]);
        inputs.add(new byte[0]);
        return inputs;
    }

    /** {@return the bytes allocated by this thread so far, or -1 when the JVM does not count them} */
    private static long allocatedBytes() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean
                && bean.isThreadAllocatedMemorySupported() && bean.isThreadAllocatedMemoryEnabled()) {
            return bean.getCurrentThreadAllocatedBytes();
        }
        return -1;
    }
}
