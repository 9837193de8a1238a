package io.whispeer.codec.json;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import com.google.protobuf.Timestamp;

import io.whispeer.api.CodecException;
import io.whispeer.api.ConfigurationException;
import io.whispeer.api.TypeRef;
import io.whispeer.api.spi.Codec;
import io.whispeer.api.spi.Settings;
import io.whispeer.api.spi.TypeSupport;
import io.whispeer.api.spi.WireIds;
import io.whispeer.codec.json.Payloads.Coloured;
import io.whispeer.codec.json.Payloads.Counter;
import io.whispeer.codec.json.Payloads.Note;
import io.whispeer.codec.json.Payloads.Pojo;
import io.whispeer.codec.json.Payloads.Reading;
import io.whispeer.codec.json.Payloads.Schedule;
import io.whispeer.codec.json.closed.ClosedRecord;

class JsonCodecTest {
    private static final JsonCodecProvider PROVIDER = new JsonCodecProvider();
    private static final Codec CODEC = PROVIDER.create(Settings.empty());
    private static final Codec STRICT = PROVIDER.create(Settings.of(Map.of("whispeer.codec.json.fail-on-unknown-properties", "true")).scoped("whispeer.codec.json."));

    @Test
    void providerIsNamedJsonWithTheBuiltInId() {
        assertThat(PROVIDER.name()).isEqualTo("json");
        assertThat(PROVIDER.id()).isEqualTo(WireIds.CODEC_JSON);
    }

    @Test
    void unknownPropertiesAreIgnoredByDefault() {
        byte[] json = "{\"text\":\"hello\",\"addedLater\":{\"deep\":[1,2]}}".getBytes(UTF_8);
        assertThat(CODEC.decode(json, TypeRef.of(Note.class))).isEqualTo(new Note("hello"));
    }

    @Test
    void unknownPropertiesFailWhenTheSettingIsTrue() {
        byte[] json = "{\"text\":\"hello\",\"addedLater\":1}".getBytes(UTF_8);
        assertThatThrownBy(() -> STRICT.decode(json, TypeRef.of(Note.class)))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining(Note.class.getName())
                .hasMessageContaining("[text]")
                .hasMessageContaining("whispeer.codec.json.fail-on-unknown-properties=true")
                .hasMessageNotContaining("addedLater");
    }

    @Test
    void knownPropertiesStillDecodeWhenUnknownOnesFail() {
        assertThat(STRICT.decode("{\"text\":\"hello\"}".getBytes(UTF_8), TypeRef.of(Note.class))).isEqualTo(new Note("hello"));
    }

    @Test
    void failOnUnknownPropertiesMustBeTrueOrFalse() {
        Settings settings = Settings.of(Map.of("whispeer.codec.json.fail-on-unknown-properties", "sometimes")).scoped("whispeer.codec.json.");
        assertThatThrownBy(() -> PROVIDER.create(settings))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("whispeer.codec.json.fail-on-unknown-properties");
    }

    @Test
    void supportIsGenericForRecordsPojosScalarsAndGenericTypes() {
        for (Type type : List.of(Reading.class, Pojo.class, String.class, int.class, Instant.class, Object.class,
                new TypeRef<List<Reading>>() { }.type(), new TypeRef<Map<String, List<Instant>>>() { }.type(), Byte[].class)) {
            assertThat(PROVIDER.support(type)).as("support(%s)", type.getTypeName()).isEqualTo(TypeSupport.GENERIC);
        }
    }

    @Test
    void supportIsUnsupportedForByteArrays() {
        assertThat(PROVIDER.support(byte[].class)).isEqualTo(TypeSupport.UNSUPPORTED);
    }

    @Test
    void supportIsUnsupportedForProtobufMessagesBuildersAndTypesContainingThem() {
        for (Type type : List.of(Timestamp.class, Timestamp.Builder.class, com.google.protobuf.Message.class, Timestamp[].class,
                new TypeRef<List<Timestamp>>() { }.type(), new TypeRef<Map<String, List<Timestamp>>>() { }.type())) {
            assertThat(PROVIDER.support(type)).as("support(%s)", type.getTypeName()).isEqualTo(TypeSupport.UNSUPPORTED);
        }
    }

    @Test
    void encodingAProtobufMessageNamesTheArtifactToAdd() {
        Object message = Timestamp.newBuilder().setSeconds(1).build();
        assertThatThrownBy(() -> CODEC.encode(message, TypeRef.of(Object.class)))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("com.google.protobuf.Timestamp")
                .hasMessageContaining("whispeer-codec-protobuf");
    }

    @Test
    void encodingByteArraysPointsToTheBytesCodec() {
        assertThatThrownBy(() -> CODEC.encode(new byte[] {1}, TypeRef.of(byte[].class)))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("bytes codec");
    }

    @Test
    void encodingAValueOfAnotherTypeThrowsCodecException() {
        assertThatThrownBy(() -> CODEC.encode("text", TypeRef.of(Reading.class)))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("java.lang.String")
                .hasMessageContaining(Reading.class.getName());
    }

    @Test
    void javaTimeValuesAreIsoStringsNotTimestamps() {
        assertThat(json(Instant.parse("2025-01-02T03:04:05.5Z"), Instant.class)).isEqualTo("\"2025-01-02T03:04:05.500Z\"");
        assertThat(json(LocalDate.of(2025, 1, 2), LocalDate.class)).isEqualTo("\"2025-01-02\"");
        assertThat(json(Duration.ofMinutes(90), Duration.class)).isEqualTo("\"PT1H30M\"");
        assertThat(json(new Schedule(Instant.EPOCH), Schedule.class)).isEqualTo("{\"at\":\"1970-01-01T00:00:00Z\"}");
    }

    @Test
    void decodingJsonNullThrowsCodecException() {
        assertThatThrownBy(() -> CODEC.decode("null".getBytes(UTF_8), TypeRef.of(Reading.class)))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("null");
    }

    @Test
    void decodingEmptyInputThrowsCodecException() {
        assertThatThrownBy(() -> CODEC.decode(new byte[0], TypeRef.of(String.class))).isInstanceOf(CodecException.class);
    }

    @Test
    void contentAfterTheValueThrowsCodecException() {
        assertThatThrownBy(() -> CODEC.decode("{\"text\":\"a\"} {}".getBytes(UTF_8), TypeRef.of(Note.class)))
                .isInstanceOf(CodecException.class);
    }

    @Test
    void errorMessagesNameTheTypeThePropertyAndThePosition() {
        assertThatThrownBy(() -> CODEC.decode("{\n  \"count\": \"many\"\n}".getBytes(UTF_8), TypeRef.of(Counter.class)))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining(Counter.class.getName())
                .hasMessageContaining("$.count")
                .hasMessageContaining("line 2")
                .hasMessageNotContaining("many");
    }

    @Test
    void truncatedInputIsReportedAsTruncated() {
        assertThatThrownBy(() -> CODEC.decode("{\"text\":\"abc".getBytes(UTF_8), TypeRef.of(Note.class)))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("ends too early");
    }

    @Test
    void decodingErrorsHaveNoCauseThatCouldQuoteTheInput() {
        assertThatThrownBy(() -> CODEC.decode("{\"count\":\"many\"}".getBytes(UTF_8), TypeRef.of(Counter.class)))
                .isInstanceOf(CodecException.class)
                .hasNoCause();
    }

    /**
     * A secret in the input never appears in the error, wherever Jackson would quote it.
     *
     * @return one test per place
     */
    @TestFactory
    Stream<DynamicTest> decodingErrorsNeverQuoteTheInput() {
        String canary = "canary" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        record Case(String name, Codec codec, String json, TypeRef<?> type) {
        }
        List<Case> cases = List.of(
                new Case("a string where an int belongs", CODEC, "{\"count\":\"" + canary + "\"}", TypeRef.of(Counter.class)),
                new Case("an unknown enum constant", CODEC, "{\"unit\":\"" + canary + "\"}", TypeRef.of(Coloured.class)),
                new Case("a malformed instant", CODEC, "{\"at\":\"" + canary + "\"}", TypeRef.of(Schedule.class)),
                new Case("a string as a record", CODEC, "\"" + canary + "\"", TypeRef.of(Reading.class)),
                new Case("a string as a number", CODEC, "\"" + canary + "\"", TypeRef.of(Long.class)),
                new Case("an unquoted token", CODEC, "{\"text\":" + canary + "}", TypeRef.of(Note.class)),
                new Case("a bare token", CODEC, canary, TypeRef.of(String.class)),
                new Case("a map key with a bad value", CODEC, "{\"" + canary + "\":\"x\"}", new TypeRef<Map<String, Integer>>() { }),
                new Case("a map key as an integer", CODEC, "{\"" + canary + "\":1}", new TypeRef<Map<Integer, Integer>>() { }),
                new Case("an unknown property name", STRICT, "{\"" + canary + "\":1}", TypeRef.of(Note.class)),
                new Case("a truncated string", CODEC, "{\"text\":\"" + canary, TypeRef.of(Note.class)),
                new Case("an unescaped control character", CODEC, "\"" + canary + "\u0001\"", TypeRef.of(String.class)),
                new Case("trailing content", CODEC, "\"a\" " + canary, TypeRef.of(String.class)),
                new Case("an object where a list belongs", CODEC, "{\"" + canary + "\":[]}", new TypeRef<List<String>>() { }));
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Throwable thrown = catchDecoding(c.codec(), c.json().getBytes(UTF_8), c.type());
            assertThat(thrown).isInstanceOf(CodecException.class);
            for (Throwable t = thrown; t != null; t = t.getCause()) {
                assertThat(t.getMessage()).as("message of %s", t.getClass().getName()).doesNotContain(canary).doesNotContain("canary");
            }
        }));
    }

    @Test
    void aPayloadPackageClosedToJacksonGetsAnErrorSayingWhatToOpen() {
        assumeTrue(JsonCodec.class.getModule().isNamed(), "packages are closed only on the module path");
        assertThatThrownBy(() -> CODEC.encode(new ClosedRecord("x"), TypeRef.of(ClosedRecord.class)))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("opens io.whispeer.codec.json.closed to com.fasterxml.jackson.databind");
    }

    private static String json(Object value, Class<?> type) {
        return new String(CODEC.encode(value, TypeRef.of(type)), UTF_8);
    }

    private static Throwable catchDecoding(Codec codec, byte[] json, TypeRef<?> type) {
        try {
            codec.decode(json, type);
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("decoding succeeded");
    }
}
