package io.whispeer.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import io.whispeer.api.CodecException;
import io.whispeer.api.TypeRef;
import io.whispeer.api.spi.BuiltInProviders;
import io.whispeer.api.spi.Codec;
import io.whispeer.api.spi.CodecProvider;
import io.whispeer.api.spi.Settings;
import io.whispeer.api.spi.TypeSupport;

/**
 * The compatibility kit for {@link CodecProvider} and {@link Codec}. Extend it, return the provider and the sample
 * values the codec supports, and every test of the {@link Codec} contract runs against them:
 * <pre>{@code
 * class JsonCodecTest extends CodecCompatibilityKit {
 *     protected CodecProvider provider() { return new JsonCodecProvider(); }
 *     protected List<Sample<?>> samples() { return List.of(Sample.of("a record", new Reading("kitchen", 21.5), Reading.class)); }
 *     protected List<Sample<?>> emptySamples() { return List.of(Sample.of("an empty string", "", String.class)); }
 *     protected Sample<?> sampleContaining(String text) { return Sample.of("a note", new Note(text), Note.class); }
 *     protected List<Mismatch> mismatches() { return List.of(new Mismatch("a string read as a record", Sample.of("text", "x", String.class), TypeRef.of(Reading.class))); }
 * }
 * }</pre>
 *
 * <p>What it checks: names and ids; that the provider supports every sample type and refuses the unsupported ones
 * (and that encode agrees); round trips of every sample, of empty values, of values with nulls and of generic types;
 * decoding from a range in the middle of a larger array; that decoded values do not share the input array; that
 * garbage, truncated bytes and bytes of another type throw {@link CodecException} and nothing else; that no
 * decoding error reveals payload text; and that one codec instance works from many threads at once.
 *
 * <p>Values are compared with {@link Object#equals}; override {@link #assertSameValue} for types without a useful
 * {@code equals}.
 */
public abstract class CodecCompatibilityKit {
    private static final int CONCURRENT_ROUNDS = 10;
    private static final int MAX_TRUNCATIONS = 200;

    private Codec codec;

    /** For subclasses. */
    protected CodecCompatibilityKit() {
    }

    /**
     * The provider under test.
     *
     * @return a new provider, as {@link java.util.ServiceLoader} would create it
     */
    protected abstract CodecProvider provider();

    /**
     * Values of the shapes the codec supports: records, messages, collections, numbers, text, large values.
     *
     * @return at least one sample
     */
    protected abstract List<Sample<?>> samples();

    /**
     * Empty values the codec supports: an empty string, an empty list, a record or message with no fields set.
     *
     * @return at least one sample
     */
    protected abstract List<Sample<?>> emptySamples();

    /**
     * A value that carries {@code text} in its encoding, such as a record with a string field or a string message.
     * The kit plants a secret there and checks that no decoding error reveals it.
     *
     * @param text letters and digits only
     * @return a sample whose encoding contains {@code text}, so that truncating it makes decoding fail
     */
    protected abstract Sample<?> sampleContaining(String text);

    /**
     * Bytes of one type read as another type that the codec must refuse, such as a record read as a list.
     *
     * @return at least one mismatch
     */
    protected abstract List<Mismatch> mismatches();

    /**
     * The settings the codec is created with.
     *
     * @return empty settings, unless overridden
     */
    protected Settings settings() {
        return Settings.empty();
    }

    /**
     * Values with {@code null} inside (a record field, a list element), for codecs that support them.
     *
     * @return no samples unless overridden; the test is then skipped
     */
    protected List<Sample<?>> samplesWithNulls() {
        return List.of();
    }

    /**
     * Values of generic types given by a {@link TypeRef} subclass, such as {@code new TypeRef<List<Reading>>() {}},
     * for codecs that support them.
     *
     * @return no samples unless overridden; the test is then skipped
     */
    protected List<Sample<?>> genericSamples() {
        return List.of();
    }

    /**
     * Values of types that the provider reports as {@link TypeSupport#UNSUPPORTED}; encoding them must throw
     * {@link CodecException}.
     *
     * @return no samples unless overridden; the test is then skipped
     */
    protected List<Sample<?>> unsupportedSamples() {
        return List.of();
    }

    /**
     * Inputs that are no value of any sample type. The defaults are invalid in JSON, in Protobuf and in
     * length-prefixed binary formats; a codec for which some byte sequence is always valid (raw bytes) returns an
     * empty list.
     *
     * @return sixteen {@code 0xFF} bytes, a single {@code 0xFF} byte and eight zero bytes, unless overridden
     */
    protected List<byte[]> garbage() {
        byte[] ones = new byte[16];
        Arrays.fill(ones, (byte) 0xFF);
        return List.of(ones, new byte[] {(byte) 0xFF}, new byte[8]);
    }

    /**
     * Checks that a decoded value equals the sample's value.
     *
     * @param sample  the sample that was encoded
     * @param decoded what decoding returned
     */
    protected void assertSameValue(Sample<?> sample, Object decoded) {
        assertThat(decoded).as("decoded %s", sample).isEqualTo(sample.value());
    }

    /** {@return the codec under test, created once per test from {@link #provider()} and {@link #settings()}} */
    protected final Codec codec() {
        if (codec == null) {
            codec = provider().create(settings());
            assertThat(codec).as("%s.create(settings)", provider().getClass().getName()).isNotNull();
        }
        return codec;
    }

    /** The provider's name is lowercase and its wire id fits one byte. */
    @Test
    public void providerNameIsLowercaseAndIdFitsOneByte() {
        CodecProvider provider = provider();
        Kits.assertValidName("codec", provider.name());
        Kits.assertValidWireId("codec", provider.id());
    }

    /**
     * The provider claims no built-in name and no reserved id, unless it is the built-in provider class itself:
     * {@code build()} refuses such a provider with this same message ({@link BuiltInProviders#identityProblem}).
     */
    @Test
    public void providerClaimsNoBuiltInNameOrReservedIdThatBuildWouldRefuse() {
        Kits.assertIdentityAccepted(BuiltInProviders.CODEC, provider(), provider().name(), provider().id());
    }

    /** The codec has the same name and id as the provider that created it. */
    @Test
    public void createdCodecHasTheProvidersNameAndId() {
        assertThat(codec().name()).as("codec name").isEqualTo(provider().name());
        assertThat(codec().id()).as("codec id").isEqualTo(provider().id());
    }

    /** The provider supports the type of every sample, so the broker would choose it for them. */
    @Test
    public void providerSupportsTheTypeOfEverySample() {
        for (Sample<?> sample : allSamples()) {
            assertThat(provider().support(sample.type().type()))
                    .as("support(%s)", sample.type())
                    .isNotNull()
                    .isNotEqualTo(TypeSupport.UNSUPPORTED);
        }
    }

    /** Types the provider reports as unsupported are refused by encode and decode with {@link CodecException}. */
    @Test
    public void unsupportedTypesAreReportedAndRefused() {
        assumeFalse(unsupportedSamples().isEmpty(), "no unsupported samples given");
        byte[] someBytes = encode(samples().getFirst());
        for (Sample<?> sample : unsupportedSamples()) {
            assertThat(provider().support(sample.type().type())).as("support(%s)", sample.type()).isEqualTo(TypeSupport.UNSUPPORTED);
            assertThatThrownBy(() -> codec().encode(sample.value(), sample.type()), "encoding %s, whose type the provider does not support", sample)
                    .isInstanceOf(CodecException.class);
            assertThatThrownBy(() -> codec().decode(someBytes, sample.type()), "decoding as %s, which the provider does not support", sample.type())
                    .isInstanceOf(CodecException.class);
        }
    }

    /** Every sample decodes to a value equal to the one encoded. */
    @Test
    public void everySampleSurvivesARoundTrip() {
        assertThat(samples()).as("samples()").isNotEmpty();
        samples().forEach(this::assertRoundTrip);
    }

    /** Empty strings, lists and messages decode to what was encoded. */
    @Test
    public void emptyValuesSurviveARoundTrip() {
        assertThat(emptySamples()).as("emptySamples()").isNotEmpty();
        emptySamples().forEach(this::assertRoundTrip);
    }

    /** Values with nulls inside decode with the nulls in place. */
    @Test
    public void valuesWithNestedNullsSurviveARoundTrip() {
        assumeFalse(samplesWithNulls().isEmpty(), "the codec declares no values with nulls");
        samplesWithNulls().forEach(this::assertRoundTrip);
    }

    /** Values of generic types, given by a {@link TypeRef} subclass, decode with their type arguments intact. */
    @Test
    public void genericValuesSurviveARoundTripThroughTypeRef() {
        assumeFalse(genericSamples().isEmpty(), "the codec declares no generic samples");
        for (Sample<?> sample : genericSamples()) {
            assertThat(sample.type().type()).as("type of generic sample %s", sample).isNotInstanceOf(Class.class);
            assertRoundTrip(sample);
        }
    }

    /** Decoding reads exactly the given range of a larger array, whatever surrounds it. */
    @Test
    public void decodingFromTheMiddleOfALargerArrayReadsOnlyTheGivenRange() {
        for (Sample<?> sample : allSamples()) {
            byte[] encoded = encode(sample);
            byte[] larger = embed(encoded, 17, 23);
            assertSameValue(sample, decode(larger, 17, encoded.length, sample));
        }
    }

    /** A decoded value does not change when the array it was decoded from is overwritten afterwards. */
    @Test
    public void decodedValuesDoNotShareTheInputArray() {
        for (Sample<?> sample : allSamples()) {
            byte[] encoded = encode(sample);
            byte[] larger = embed(encoded, 5, 5);
            Object decoded = decode(larger, 5, encoded.length, sample);
            Arrays.fill(larger, (byte) 0);
            assertSameValue(sample, decoded);
        }
    }

    /** Bytes that are no value at all throw {@link CodecException}, for every sample type. */
    @Test
    public void decodingGarbageThrowsCodecException() {
        assumeFalse(garbage().isEmpty(), "every input is valid for this codec");
        for (byte[] bytes : garbage()) {
            for (TypeRef<?> type : sampleTypes()) {
                assertDecodingFails(bytes, 0, bytes.length, type, "garbage " + HexFormat.of().formatHex(bytes));
            }
        }
    }

    /** Every truncation of an encoded value throws {@link CodecException}. */
    @Test
    public void decodingTruncatedBytesThrowsCodecException() {
        Sample<?> sample = sampleContaining(newCanary());
        byte[] encoded = encode(sample);
        assertThat(encoded.length).as("encoded size of sampleContaining(text)").isGreaterThan(1);
        for (int length : truncatedLengths(encoded.length)) {
            assertDecodingFails(encoded, 0, length, sample.type(), "the first " + length + " of " + encoded.length + " bytes of " + sample);
        }
    }

    /** Bytes of one type decoded as an incompatible type throw {@link CodecException}. */
    @Test
    public void decodingBytesOfAnotherTypeThrowsCodecException() {
        assertThat(mismatches()).as("mismatches()").isNotEmpty();
        for (Mismatch mismatch : mismatches()) {
            byte[] encoded = encode(mismatch.written());
            assertDecodingFails(encoded, 0, encoded.length, mismatch.readAs(), mismatch.description());
        }
    }

    /**
     * No decoding error reveals payload text: a secret planted in a value does not appear in the message of the
     * {@link CodecException} (or of its causes) thrown for truncated bytes or for bytes read as another type.
     */
    @Test
    public void decodingErrorsDoNotRevealThePayload() {
        String canary = newCanary();
        Sample<?> sample = sampleContaining(canary);
        byte[] encoded = encode(sample);
        List<CodecException> failures = new ArrayList<>();

        int at = indexOf(encoded, canary.getBytes(StandardCharsets.UTF_8));
        int middle = at >= 0 ? at + canary.length() / 2 : encoded.length / 2;
        for (int length : new int[] {middle, encoded.length - 1}) {
            failures.add(assertDecodingFails(encoded, 0, length, sample.type(), "a truncated " + sample));
        }
        Set<TypeRef<?>> otherTypes = new LinkedHashSet<>(sampleTypes());
        mismatches().forEach(m -> otherTypes.add(m.readAs()));
        otherTypes.remove(sample.type());
        for (TypeRef<?> other : otherTypes) {
            try {
                codec().decode(encoded, other);
            } catch (CodecException e) {
                failures.add(e);
            } catch (RuntimeException | Error e) {
                fail("decoding " + sample + " as " + other + " threw " + e.getClass().getName() + ", not CodecException", e);
            }
        }

        for (CodecException failure : failures) {
            for (String text : Kits.describeAll(failure)) {
                assertThat(text).as("decoding error message")
                        .doesNotContain(canary)
                        .doesNotContain(canary.substring(0, canary.length() / 2))
                        .doesNotContain(canary.substring(canary.length() / 2));
            }
        }
    }

    /**
     * One codec encodes and decodes every sample correctly from many threads at once.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void concurrentEncodingAndDecodingGiveTheSameResults() throws Exception {
        List<Sample<?>> all = allSamples();
        Codec shared = codec();
        Kits.concurrently(Kits.THREADS, thread -> {
            for (int round = 0; round < CONCURRENT_ROUNDS; round++) {
                for (int i = 0; i < all.size(); i++) {
                    Sample<?> sample = all.get((i + thread) % all.size());
                    byte[] encoded = shared.encode(sample.value(), sample.type());
                    assertSameValue(sample, shared.decode(encoded, sample.type()));
                }
            }
        });
    }

    /**
     * Encodes a sample and decodes the bytes, and checks the value is the same.
     *
     * @param sample the sample
     */
    protected final void assertRoundTrip(Sample<?> sample) {
        byte[] encoded = encode(sample);
        Object decoded = decode(encoded, 0, encoded.length, sample);
        assertSameValue(sample, decoded);
    }

    /**
     * Checks that decoding a range throws {@link CodecException} and nothing else.
     *
     * @param data        the array
     * @param offset      where the range starts
     * @param length      its length
     * @param type        the type to decode into
     * @param description what the bytes are, for the failure message
     * @return the exception
     */
    protected final CodecException assertDecodingFails(byte[] data, int offset, int length, TypeRef<?> type, String description) {
        Object decoded;
        try {
            decoded = codec().decode(data, offset, length, type);
        } catch (CodecException e) {
            return e;
        } catch (RuntimeException | Error e) {
            throw new AssertionError("decoding " + description + " as " + type + " threw " + e.getClass().getName()
                    + "; codecs must throw CodecException and nothing else", e);
        }
        throw new AssertionError("decoding " + description + " as " + type + " returned a "
                + (decoded == null ? "null" : decoded.getClass().getName()) + " instead of throwing CodecException");
    }

    private byte[] encode(Sample<?> sample) {
        byte[] bytes;
        try {
            bytes = codec().encode(sample.value(), sample.type());
        } catch (RuntimeException e) {
            throw new AssertionError("encoding " + sample + " threw " + e, e);
        }
        assertThat(bytes).as("encoding of %s", sample).isNotNull();
        return bytes;
    }

    private Object decode(byte[] data, int offset, int length, Sample<?> sample) {
        Object decoded;
        try {
            decoded = codec().decode(data, offset, length, sample.type());
        } catch (RuntimeException e) {
            throw new AssertionError("decoding " + sample + " threw " + e, e);
        }
        assertThat(decoded).as("decoded %s", sample).isNotNull();
        return decoded;
    }

    private List<Sample<?>> allSamples() {
        List<Sample<?>> all = new ArrayList<>(samples());
        all.addAll(emptySamples());
        all.addAll(samplesWithNulls());
        all.addAll(genericSamples());
        return all;
    }

    private List<TypeRef<?>> sampleTypes() {
        Set<TypeRef<?>> types = new LinkedHashSet<>();
        allSamples().forEach(s -> types.add(s.type()));
        return List.copyOf(types);
    }

    private static byte[] embed(byte[] encoded, int before, int after) {
        byte[] larger = new byte[before + encoded.length + after];
        Arrays.fill(larger, (byte) 0xFF);
        System.arraycopy(encoded, 0, larger, before, encoded.length);
        return larger;
    }

    private static List<Integer> truncatedLengths(int size) {
        Set<Integer> lengths = new LinkedHashSet<>();
        int step = Math.max(1, (size - 1) / MAX_TRUNCATIONS);
        for (int length = 1; length < size; length += step) {
            lengths.add(length);
        }
        lengths.add(size - 1);
        lengths.add(size / 2);
        return List.copyOf(lengths);
    }

    private static String newCanary() {
        return "canary" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()) + "secret";
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /**
     * A value with its declared type.
     *
     * @param description what the value is, shown in failure messages instead of the value (which may be large)
     * @param value       the value, not null
     * @param type        its type; {@code value} is an instance of it
     * @param <T>         the type
     */
    public record Sample<T>(String description, T value, TypeRef<T> type) {
        /** Checks the components. */
        public Sample {
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(type, "type");
        }

        /**
         * A sample of a generic type.
         *
         * @param description what the value is
         * @param value       the value
         * @param type        its type, such as {@code new TypeRef<List<Reading>>() {}}
         * @param <T>         the type
         * @return the sample
         */
        public static <T> Sample<T> of(String description, T value, TypeRef<T> type) {
            return new Sample<>(description, value, type);
        }

        /**
         * A sample of a class.
         *
         * @param description what the value is
         * @param value       the value
         * @param type        its class
         * @param <T>         the type
         * @return the sample
         */
        public static <T> Sample<T> of(String description, T value, Class<T> type) {
            return new Sample<>(description, value, TypeRef.of(type));
        }

        /** {@return the description and type; never the value} */
        @Override
        public String toString() {
            return description + " (" + type + ")";
        }
    }

    /**
     * Bytes of one type that must not decode as another type.
     *
     * @param description what the written bytes are, for failure messages
     * @param written     the value whose encoding is decoded
     * @param readAs      the incompatible type it is decoded as
     */
    public record Mismatch(String description, Sample<?> written, TypeRef<?> readAs) {
        /** Checks the components. */
        public Mismatch {
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(written, "written");
            Objects.requireNonNull(readAs, "readAs");
        }

        /**
         * A mismatch described by its sample.
         *
         * @param written the value whose encoding is decoded
         * @param readAs  the incompatible type it is decoded as
         * @return the mismatch
         */
        public static Mismatch of(Sample<?> written, TypeRef<?> readAs) {
            return new Mismatch(written.toString(), written, readAs);
        }

        /**
         * A mismatch described by its sample.
         *
         * @param written the value whose encoding is decoded
         * @param readAs  the incompatible class it is decoded as
         * @return the mismatch
         */
        public static Mismatch of(Sample<?> written, Class<?> readAs) {
            return of(written, TypeRef.of(readAs));
        }
    }
}
