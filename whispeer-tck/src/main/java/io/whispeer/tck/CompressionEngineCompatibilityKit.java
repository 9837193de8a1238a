package io.whispeer.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import io.whispeer.api.CompressionDictionary;
import io.whispeer.api.CompressionException;
import io.whispeer.api.spi.BuiltInProviders;
import io.whispeer.api.spi.CompressionEngine;
import io.whispeer.api.spi.CompressionEngineProvider;
import io.whispeer.api.spi.Settings;

/**
 * The compatibility kit for {@link CompressionEngineProvider} and {@link CompressionEngine}. Extend it and return
 * the provider:
 * <pre>{@code
 * class ZstdCompressionEngineTest extends CompressionEngineCompatibilityKit {
 *     protected CompressionEngineProvider provider() { return new ZstdCompressionProvider(); }
 * }
 * }</pre>
 *
 * <p>What it checks: names and ids; round trips of random and of highly compressible data from 0 bytes to 4 MiB;
 * that compressible data shrinks and that {@code compress} returns empty when the output would not be smaller;
 * that {@code decompress} refuses output over {@code maxSize} with {@link CompressionException} without
 * allocating the whole output; that corrupt, truncated and random input throws {@link CompressionException} and
 * nothing else (or, where a format cannot detect the damage, returns at most {@code maxSize} bytes); use from many
 * threads at once; and that {@code close} is idempotent.
 *
 * <p>Dictionaries: when the engine declares {@link CompressionEngine#supportsDictionaries()}, the kit trains a
 * dictionary from 1000 generated JSON-like messages of about 160 bytes
 * ({@link #smallJsonMessages(int, long)}) and checks that it belongs to the engine, has a non-zero id and fits its
 * maximum size; that other messages of the same shape survive a round trip with it and come out smaller in total
 * than without it; that decompressing with another dictionary, or without the dictionary, throws
 * {@link CompressionException} <em>or</em> returns at most {@code maxSize} bytes that differ from the original
 * (formats that record which dictionary they used, such as zstd, should throw; the kit accepts either, because a
 * raw-content dictionary format cannot tell); that corrupt input and a too small {@code maxSize} with a
 * dictionary throw {@link CompressionException} and nothing else; that training on no samples throws
 * {@link CompressionException}; and that one dictionary is used correctly from many threads at once. When the engine
 * does not declare support, the kit checks that every dictionary method throws {@link CompressionException}.
 */
public abstract class CompressionEngineCompatibilityKit {
    /** The input sizes of the round trips: 0 B, 1 B, 100 B, 4 KiB, 64 KiB, 1 MiB, 4 MiB. */
    private static final int[] SIZES = {0, 1, 100, 4 << 10, 64 << 10, 1 << 20, 4 << 20};
    private static final int BOMB_SIZE = 32 << 20;
    private static final int BOMB_LIMIT = 1 << 20;
    private static final long BOMB_ALLOCATION_ALLOWANCE = 8L * BOMB_LIMIT + (8 << 20);
    /** How many generated messages the kit trains a dictionary on. */
    private static final int DICTIONARY_SAMPLES = 1000;
    /** How many other messages of the same shape it compresses with the dictionary. */
    private static final int DICTIONARY_MESSAGES = 200;
    /** The largest dictionary the kit asks for. */
    private static final int DICTIONARY_MAX_BYTES = 8 << 10;

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

    /**
     * The provider claims no built-in name and no reserved id, unless it is the built-in provider class itself:
     * {@code build()} refuses such a provider with this same message ({@link BuiltInProviders#identityProblem}).
     */
    @Test
    public void providerClaimsNoBuiltInNameOrReservedIdThatBuildWouldRefuse() {
        Kits.assertIdentityAccepted(BuiltInProviders.COMPRESSION, provider(), provider().name(), provider().id());
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
            assertThatThrownBy(() -> engine().decompress(compressed, maxSize),
                    "decompress(%d compressed bytes that expand to %d, maxSize %d) must throw CompressionException: the output"
                            + " limit maxSize is below the decompressed size", compressed.length, input.length, maxSize)
                    .isInstanceOf(CompressionException.class);
        }
        Kits.assertSameBytes("decompress with maxSize = the exact size", engine().decompress(compressed, input.length), input);
    }

    /**
     * A decompression bomb (32 MiB of zeros) is refused under a 1 MiB limit without allocating anything near the
     * whole output on the heap.
     */
    @Test
    public void decompressionBombIsRefusedWithoutAllocatingTheWholeOutput() {
        byte[] compressed = compressed(new byte[BOMB_SIZE]);
        long before = allocatedBytes();
        assertThatThrownBy(() -> engine().decompress(compressed, BOMB_LIMIT),
                "decompress(%d compressed bytes that expand to %d, maxSize %d) must throw CompressionException: the output"
                        + " limit maxSize is below the decompressed size", compressed.length, BOMB_SIZE, BOMB_LIMIT)
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
            Kits.assertDifferentBytes(String.format("decompress(first %d of %d bytes)", length, compressed.length), out, input);
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
                    Kits.assertSameBytes(String.format("round trip of %d bytes", size), shared.decompress(compressed.get(), size), input);
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

    /** An engine without dictionary support refuses every dictionary method with {@link CompressionException}. */
    @Test
    public void dictionaryMethodsThrowCompressionExceptionWhenUnsupported() {
        assumeFalse(engine().supportsDictionaries(), "the engine supports dictionaries; the dictionary checks apply");
        List<byte[]> samples = smallJsonMessages(DICTIONARY_SAMPLES, 1);
        CompressionDictionary dictionary = new CompressionDictionary(provider().name(), 1, samples.get(0));
        byte[] message = samples.get(1);
        assertThatThrownBy(() -> engine().trainDictionary(samples, DICTIONARY_MAX_BYTES), "trainDictionary")
                .isInstanceOf(CompressionException.class);
        assertThatThrownBy(() -> engine().compress(message, dictionary), "compress with a dictionary")
                .isInstanceOf(CompressionException.class);
        assertThatThrownBy(() -> engine().decompress(message, 1 << 10, dictionary), "decompress with a dictionary")
                .isInstanceOf(CompressionException.class);
    }

    /** A trained dictionary is for this engine, has a non-zero id and is at most as large as asked. */
    @Test
    public void trainedDictionaryBelongsToThisEngineAndFitsItsMaximumSize() {
        CompressionDictionary dictionary = trainedDictionary(1);
        assertThat(dictionary.engine()).as("engine of the trained dictionary").isEqualTo(engine().name());
        assertThat(dictionary.id()).as("id of the trained dictionary").isNotZero();
        assertThat(dictionary.size()).as("size of the trained dictionary").isBetween(1, DICTIONARY_MAX_BYTES);
    }

    /** Small messages that the dictionary was not trained on decompress, with it, to what was compressed. */
    @Test
    public void smallMessagesSurviveARoundTripWithATrainedDictionary() {
        CompressionDictionary dictionary = trainedDictionary(1);
        for (byte[] message : smallJsonMessages(DICTIONARY_MESSAGES, 2)) {
            byte[] copy = message.clone();
            Optional<byte[]> compressed = engine().compress(message, dictionary);
            assertThat(compressed).as("compress(%d bytes, dictionary)", message.length).isNotNull();
            Kits.assertSameBytes("input after compress with a dictionary", message, copy);
            if (compressed.isPresent()) {
                assertThat(compressed.get().length).as("compressed size of %d bytes with a dictionary", message.length)
                        .isLessThan(message.length);
                Kits.assertSameBytes(String.format("round trip of %d bytes with a dictionary", message.length), engine().decompress(compressed.get(), message.length, dictionary), message);
            }
        }
    }

    /** A dictionary trained on messages of one shape makes other messages of that shape smaller than without it. */
    @Test
    public void trainedDictionaryMakesSmallMessagesSmaller() {
        CompressionDictionary dictionary = trainedDictionary(1);
        long original = 0;
        long without = 0;
        long with = 0;
        for (byte[] message : smallJsonMessages(DICTIONARY_MESSAGES, 2)) {
            original += message.length;
            without += engine().compress(message).map(out -> out.length).orElse(message.length);
            with += engine().compress(message, dictionary).map(out -> out.length).orElse(message.length);
        }
        assertThat(with).as("total size of %d messages (%d bytes) compressed with a dictionary; without it: %d bytes",
                DICTIONARY_MESSAGES, original, without).isLessThan(without);
    }

    /**
     * Decompressing with a different dictionary throws {@link CompressionException} or returns at most
     * {@code maxSize} bytes other than the original; it never returns the original.
     */
    @Test
    public void decompressingWithAnotherDictionaryThrowsOrGivesOtherBytes() {
        CompressionDictionary dictionary = trainedDictionary(1);
        CompressionDictionary other = trainedDictionary(3);
        assertThat(other).as("dictionary trained on messages of another shape").isNotEqualTo(dictionary);
        for (byte[] message : smallJsonMessages(20, 2)) {
            Optional<byte[]> compressed = engine().compress(message, dictionary);
            if (compressed.isPresent()) {
                byte[] out = assertFailsOnlyWithCompressionException(() -> engine().decompress(compressed.get(), message.length, other),
                        compressed.get().length, message.length);
                Kits.assertDifferentBytes("decompressed with another dictionary", out, message);
            }
        }
    }

    /**
     * Decompressing what was compressed with a dictionary without it throws {@link CompressionException} or
     * returns at most {@code maxSize} bytes other than the original.
     */
    @Test
    public void decompressingWithoutTheDictionaryThrowsOrGivesOtherBytes() {
        CompressionDictionary dictionary = trainedDictionary(1);
        for (byte[] message : smallJsonMessages(20, 2)) {
            Optional<byte[]> compressed = engine().compress(message, dictionary);
            if (compressed.isPresent()) {
                byte[] out = assertFailsOnlyWithCompressionException(() -> engine().decompress(compressed.get(), message.length),
                        compressed.get().length, message.length);
                Kits.assertDifferentBytes("decompressed without the dictionary", out, message);
            }
        }
    }

    /**
     * With a dictionary, corrupt input throws {@link CompressionException} and nothing else, and output over
     * {@code maxSize} is refused.
     */
    @Test
    public void corruptOrOversizedInputWithADictionaryThrowsNothingButCompressionException() {
        CompressionDictionary dictionary = trainedDictionary(1);
        byte[] input = String.join("\n", smallJsonMessages(25, 2).stream().map(m -> new String(m, StandardCharsets.UTF_8)).toList())
                .getBytes(StandardCharsets.UTF_8);
        Optional<byte[]> compressed = engine().compress(input, dictionary);
        assertThat(compressed).as("compress(%d bytes of JSON-like messages, dictionary)", input.length).isPresent();
        byte[] good = compressed.orElseThrow();
        for (byte[] bad : corruptInputs(good)) {
            assertFailsOnlyWithCompressionException(() -> engine().decompress(bad, input.length, dictionary), bad.length, input.length);
        }
        for (int maxSize : new int[] {input.length - 1, input.length / 2, 0}) {
            assertThatThrownBy(() -> engine().decompress(good, maxSize, dictionary),
                    "decompress(%d compressed bytes that expand to %d, maxSize %d, dictionary) must throw CompressionException: the"
                            + " output limit maxSize is below the decompressed size", good.length, input.length, maxSize)
                    .isInstanceOf(CompressionException.class);
        }
        Kits.assertSameBytes("decompress with maxSize = the exact size", engine().decompress(good, input.length, dictionary), input);
    }

    /** Training on no samples throws {@link CompressionException}. */
    @Test
    public void trainingOnNoSamplesThrowsCompressionException() {
        assumeTrue(engine().supportsDictionaries(), "the engine does not support dictionaries");
        assertThatThrownBy(() -> engine().trainDictionary(List.of(), DICTIONARY_MAX_BYTES), "trainDictionary(no samples)")
                .isInstanceOf(CompressionException.class);
    }

    /**
     * One engine compresses and decompresses correctly with one dictionary from many threads at once.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void concurrentUseWithADictionaryGivesCorrectResults() throws Exception {
        CompressionDictionary dictionary = trainedDictionary(1);
        List<byte[]> messages = smallJsonMessages(DICTIONARY_MESSAGES, 2);
        CompressionEngine shared = engine();
        Kits.concurrently(Kits.THREADS, thread -> {
            for (int round = 0; round < 100; round++) {
                byte[] message = messages.get((round * 7 + thread * 13) % messages.size());
                Optional<byte[]> compressed = shared.compress(message, dictionary);
                if (compressed.isPresent()) {
                    Kits.assertSameBytes(String.format("round trip of %d bytes with a dictionary", message.length), shared.decompress(compressed.get(), message.length, dictionary), message);
                }
                Optional<byte[]> plain = shared.compress(message);
                if (plain.isPresent()) {
                    Kits.assertSameBytes(String.format("round trip of %d bytes", message.length), shared.decompress(plain.get(), message.length), message);
                }
            }
        });
    }

    /**
     * Small JSON-like messages of one shape, about 160 bytes each, as sensors publish them: the same keys with
     * varying values. The kit trains dictionaries on them; engine tests may use them too.
     *
     * @param count how many
     * @param seed  the seed of the values; the same seed gives the same messages
     * @return the messages, UTF-8
     */
    public static List<byte[]> smallJsonMessages(int count, long seed) {
        return jsonMessages(count, seed, false);
    }

    /**
     * JSON-like messages of about 1 KiB: arrays of six {@linkplain #smallJsonMessages(int, long) small messages}.
     *
     * @param count how many
     * @param seed  the seed of the values; the same seed gives the same messages
     * @return the messages, UTF-8
     */
    public static List<byte[]> kibibyteJsonMessages(int count, long seed) {
        List<byte[]> small = smallJsonMessages(count * 6, seed);
        List<byte[]> messages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write('[');
            for (int k = 0; k < 6; k++) {
                if (k > 0) {
                    out.write(',');
                }
                out.writeBytes(small.get(i * 6 + k));
            }
            out.write(']');
            messages.add(out.toByteArray());
        }
        return messages;
    }

    /**
     * Compressible text of an exact size: {@linkplain #kibibyteJsonMessages(int, long) 1 KiB JSON-like messages}, one a
     * line, cut at {@code size} bytes. The same size always gives the same bytes.
     *
     * @param size the length in bytes
     * @return the text, UTF-8
     */
    public static byte[] compressibleText(int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(size + 1024);
        for (byte[] message : kibibyteJsonMessages(size / 900 + 1, 7)) {
            out.writeBytes(message);
            out.write('\n');
        }
        return Arrays.copyOf(out.toByteArray(), size);
    }

    /**
     * Trains a dictionary on messages of one shape, skipping the test when the engine has no dictionary support.
     *
     * @param seed 1 for the shape of {@link #smallJsonMessages(int, long)}; 3 for another shape
     * @return the dictionary
     */
    private CompressionDictionary trainedDictionary(long seed) {
        assumeTrue(engine().supportsDictionaries(), "the engine does not support dictionaries");
        List<byte[]> samples = jsonMessages(DICTIONARY_SAMPLES, seed, seed == 3);
        CompressionDictionary dictionary = engine().trainDictionary(samples, DICTIONARY_MAX_BYTES);
        assertThat(dictionary).as("trainDictionary(%d samples, %d bytes)", samples.size(), DICTIONARY_MAX_BYTES).isNotNull();
        return dictionary;
    }

    private static List<byte[]> jsonMessages(int count, long seed, boolean otherShape) {
        SplittableRandom random = new SplittableRandom(seed);
        String[] rooms = {"kitchen", "living-room", "bedroom", "garage", "cellar", "attic", "office", "garden"};
        List<byte[]> messages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String text;
            if (otherShape) {
                text = String.format(Locale.ROOT, "{\"level\":\"%s\",\"logger\":\"com.example.service.Handler%d\",\"thread\":\"worker-%d\","
                        + "\"message\":\"request %d took %d ms\",\"traceId\":\"%016x\"}",
                        random.nextBoolean() ? "INFO" : "WARN", random.nextInt(20), random.nextInt(64), random.nextInt(1_000_000),
                        random.nextInt(5000), random.nextLong());
            } else {
                text = String.format(Locale.ROOT, "{\"device\":\"sensor-%04d\",\"room\":\"%s\",\"ts\":%d,\"temperature\":%.2f,"
                        + "\"humidity\":%.1f,\"battery\":%d,\"unit\":\"celsius\",\"firmware\":\"1.4.%d\"}",
                        random.nextInt(10_000), rooms[random.nextInt(rooms.length)], 1_735_689_600_000L + random.nextInt(1_000_000_000),
                        15 + random.nextDouble() * 15, 30 + random.nextDouble() * 40, random.nextInt(101), random.nextInt(10));
            }
            messages.add(text.getBytes(StandardCharsets.UTF_8));
        }
        return messages;
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
        Kits.assertSameBytes("input after compress", input, copy);
        if (compressed.isEmpty()) {
            return;
        }
        byte[] out = compressed.get();
        assertThat(out.length).as("compressed size of %d bytes", input.length).isLessThan(input.length);
        byte[] restored = engine().decompress(out, input.length);
        Kits.assertSameBytes(String.format("round trip of %d bytes", input.length), restored, input);
        Kits.assertSameBytes("decompress with room to spare", engine().decompress(out, input.length + 1000), input);
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
        return assertFailsOnlyWithCompressionException(() -> engine().decompress(bad, maxSize), bad.length, maxSize);
    }

    /** A decompression the kit expects to fail. */
    @FunctionalInterface
    private interface Decompression {
        byte[] run();
    }

    private static byte[] assertFailsOnlyWithCompressionException(Decompression decompression, int inputSize, int maxSize) {
        byte[] out;
        try {
            out = decompression.run();
        } catch (CompressionException e) {
            return null;
        } catch (RuntimeException | Error e) {
            throw new AssertionError("decompressing " + inputSize + " corrupt bytes threw " + e.getClass().getName()
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
        return corruptInputs(compressed(Kits.compressibleBytes(4 << 10)));
    }

    private static List<byte[]> corruptInputs(byte[] compressed) {
        List<byte[]> inputs = new ArrayList<>();
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
