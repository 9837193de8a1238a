package io.whispeer.codec.protobuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.protobuf.Any;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.GeneratedMessage;
import com.google.protobuf.Message;
import com.google.protobuf.MessageLite;
import com.google.protobuf.StringValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;

import io.whispeer.api.CodecException;
import io.whispeer.api.TypeRef;
import io.whispeer.api.spi.Codec;
import io.whispeer.api.spi.Settings;
import io.whispeer.api.spi.TypeSupport;
import io.whispeer.api.spi.WireIds;

class ProtobufCodecTest {
    private static final ProtobufCodecProvider PROVIDER = new ProtobufCodecProvider();
    private static final Codec CODEC = PROVIDER.create(Settings.empty());

    @Test
    void providerIsNamedProtobufWithTheBuiltInId() {
        assertThat(PROVIDER.name()).isEqualTo("protobuf");
        assertThat(PROVIDER.id()).isEqualTo(WireIds.CODEC_PROTOBUF);
    }

    @Test
    void supportIsSpecificForGeneratedMessageClasses() {
        for (Class<?> type : List.of(Timestamp.class, Struct.class, Any.class, StringValue.class)) {
            assertThat(PROVIDER.support(type)).as("support(%s)", type.getName()).isEqualTo(TypeSupport.SPECIFIC);
        }
    }

    @Test
    void supportIsUnsupportedForEverythingElse() {
        for (Type type : List.of(String.class, byte[].class, Object.class, Message.class, MessageLite.class, GeneratedMessage.class,
                DynamicMessage.class, Timestamp.Builder.class, Timestamp[].class, new TypeRef<List<Timestamp>>() { }.type())) {
            assertThat(PROVIDER.support(type)).as("support(%s)", type.getTypeName()).isEqualTo(TypeSupport.UNSUPPORTED);
        }
    }

    @Test
    void encodingIsProtobufsOwnEncoding() {
        Timestamp timestamp = Timestamp.newBuilder().setSeconds(5).setNanos(7).build();
        assertThat(CODEC.encode(timestamp, TypeRef.of(Timestamp.class))).isEqualTo(timestamp.toByteArray());
    }

    @Test
    void bytesThatAreNotAMessageOfTheTypeThrowCodecExceptionNamingIt() {
        byte[] notUtf8 = {0x0A, 0x02, (byte) 0xFF, (byte) 0xFE};
        assertThatThrownBy(() -> CODEC.decode(notUtf8, TypeRef.of(StringValue.class)))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("com.google.protobuf.StringValue")
                .hasNoCause();
    }

    @Test
    void garbageThrowsCodecException() {
        byte[] garbage = new byte[32];
        Arrays.fill(garbage, (byte) 0xFF);
        assertThatThrownBy(() -> CODEC.decode(garbage, TypeRef.of(Timestamp.class))).isInstanceOf(CodecException.class);
    }

    @Test
    void truncatedBytesThrowCodecExceptionWithoutThePayload() {
        byte[] encoded = StringValue.of("secret-reading-42").toByteArray();
        assertThatThrownBy(() -> CODEC.decode(encoded, 0, encoded.length - 3, TypeRef.of(StringValue.class)))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("StringValue")
                .hasMessageNotContaining("secret");
    }

    @Test
    void encodingAValueThatIsNotAMessagePointsToTheJsonCodec() {
        assertThatThrownBy(() -> CODEC.encode("text", TypeRef.of(String.class)))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("whispeer-codec-json");
    }

    @Test
    void encodingAMessageOfAnotherTypeThrowsCodecException() {
        assertThatThrownBy(() -> CODEC.encode(StringValue.of("x"), TypeRef.of(Timestamp.class)))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("com.google.protobuf.StringValue")
                .hasMessageContaining("com.google.protobuf.Timestamp");
    }
}
