package io.whispeer.codec.protobuf;

import java.util.List;
import java.util.Random;

import com.google.protobuf.Any;
import com.google.protobuf.BytesValue;
import com.google.protobuf.ByteString;
import com.google.protobuf.DoubleValue;
import com.google.protobuf.Duration;
import com.google.protobuf.Empty;
import com.google.protobuf.FieldMask;
import com.google.protobuf.Int64Value;
import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.StringValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;

import io.whispeer.api.TypeRef;
import io.whispeer.api.spi.CodecProvider;
import io.whispeer.tck.CodecCompatibilityKit;

class ProtobufCodecCompatibilityTest extends CodecCompatibilityKit {
    static final Timestamp TIMESTAMP = Timestamp.newBuilder().setSeconds(1_735_787_045L).setNanos(123_456_789).build();

    @Override
    protected CodecProvider provider() {
        return new ProtobufCodecProvider();
    }

    @Override
    protected List<Sample<?>> samples() {
        byte[] random = new byte[1 << 20];
        new Random(1).nextBytes(random);
        return List.of(
                Sample.of("a timestamp", TIMESTAMP, Timestamp.class),
                Sample.of("a negative duration", Duration.newBuilder().setSeconds(-90).setNanos(-500).build(), Duration.class),
                Sample.of("a struct with nested values", struct(), Struct.class),
                Sample.of("a list value", ListValue.newBuilder().addValues(Value.newBuilder().setStringValue("a"))
                        .addValues(Value.newBuilder().setStructValue(struct())).build(), ListValue.class),
                Sample.of("unicode text", StringValue.of("Grüße, 世界! \uD83D\uDE00 \u0000"), StringValue.class),
                Sample.of("a 1 MiB string", StringValue.of("x".repeat(1 << 20)), StringValue.class),
                Sample.of("bytes", BytesValue.of(ByteString.copyFrom(new byte[] {0, (byte) 0xFF, 0x7F, (byte) 0x80})), BytesValue.class),
                Sample.of("1 MiB of random bytes", BytesValue.of(ByteString.copyFrom(random)), BytesValue.class),
                Sample.of("an Any packing a timestamp", Any.pack(TIMESTAMP), Any.class),
                Sample.of("extreme numbers", Int64Value.of(Long.MIN_VALUE), Int64Value.class),
                Sample.of("NaN", DoubleValue.of(Double.NaN), DoubleValue.class),
                Sample.of("a field mask", FieldMask.newBuilder().addPaths("reading.value").addPaths("sensor").build(), FieldMask.class));
    }

    @Override
    protected List<Sample<?>> emptySamples() {
        return List.of(
                Sample.of("an empty struct", Struct.getDefaultInstance(), Struct.class),
                Sample.of("an empty string", StringValue.of(""), StringValue.class),
                Sample.of("empty bytes", BytesValue.of(ByteString.EMPTY), BytesValue.class),
                Sample.of("an empty list", ListValue.getDefaultInstance(), ListValue.class),
                Sample.of("Empty", Empty.getDefaultInstance(), Empty.class),
                Sample.of("the epoch", Timestamp.getDefaultInstance(), Timestamp.class));
    }

    @Override
    protected List<Sample<?>> samplesWithNulls() {
        return List.of(Sample.of("a struct with null values", Struct.newBuilder()
                .putFields("missing", Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build())
                .putFields("list", Value.newBuilder().setListValue(ListValue.newBuilder()
                        .addValues(Value.newBuilder().setNullValue(NullValue.NULL_VALUE))).build())
                .build(), Struct.class));
    }

    @Override
    protected List<Sample<?>> unsupportedSamples() {
        return List.of(
                Sample.of("a string", "text", String.class),
                Sample.of("bytes", new byte[] {1}, byte[].class),
                Sample.of("a list of messages", List.of(TIMESTAMP), new TypeRef<List<Timestamp>>() { }),
                Sample.of("a message builder", TIMESTAMP.toBuilder(), Timestamp.Builder.class));
    }

    @Override
    protected Sample<?> sampleContaining(String text) {
        return Sample.of("a string message", StringValue.of(text), StringValue.class);
    }

    @Override
    protected List<Mismatch> mismatches() {
        return List.of(
                Mismatch.of(Sample.of("bytes that are not UTF-8", BytesValue.of(ByteString.copyFrom(new byte[] {(byte) 0xFF, (byte) 0xFE})),
                        BytesValue.class), StringValue.class),
                Mismatch.of(Sample.of("bytes that are no map entry", BytesValue.of(ByteString.copyFrom(new byte[] {(byte) 0xFF})),
                        BytesValue.class), Struct.class),
                Mismatch.of(Sample.of("a string that is no map entry", StringValue.of("x"), StringValue.class), Struct.class));
    }

    static Struct struct() {
        return Struct.newBuilder()
                .putFields("sensor", Value.newBuilder().setStringValue("kitchen").build())
                .putFields("value", Value.newBuilder().setNumberValue(21.5).build())
                .putFields("ok", Value.newBuilder().setBoolValue(true).build())
                .putFields("location", Value.newBuilder().setStructValue(Struct.newBuilder()
                        .putFields("floor", Value.newBuilder().setNumberValue(0).build())).build())
                .putFields("tags", Value.newBuilder().setListValue(ListValue.newBuilder()
                        .addValues(Value.newBuilder().setStringValue("indoor"))
                        .addValues(Value.newBuilder().setNumberValue(-1e300))).build())
                .build();
    }
}
