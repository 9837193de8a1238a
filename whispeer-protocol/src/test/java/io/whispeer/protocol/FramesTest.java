package io.whispeer.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.UnknownFieldSet;

import io.whispeer.api.Envelope;
import io.whispeer.api.Headers;
import io.whispeer.api.TopicRules;
import io.whispeer.api.spi.TransportSettings;
import io.whispeer.protocol.v1.Ack;
import io.whispeer.protocol.v1.Connect;
import io.whispeer.protocol.v1.Deliver;
import io.whispeer.protocol.v1.ErrorCode;
import io.whispeer.protocol.v1.Frame;
import io.whispeer.protocol.v1.Header;
import io.whispeer.protocol.v1.Publish;
import io.whispeer.protocol.v1.Subscribe;

class FramesTest {
    private final Frames frames = Frames.defaults();

    @Test
    void everyFrameKindSurvivesEncodingAndDecoding() {
        for (Frame frame : TestFrames.everyKind()) {
            ByteBuffer bytes = frames.encode(frame);
            assertThat(frames.decode(bytes)).as(frame.getKindCase().name()).isEqualTo(frame);
            assertThat(frames.decode(frame.toByteArray())).isEqualTo(frame);
            ByteBuffer direct = ByteBuffer.allocateDirect(bytes.remaining() + 3).put(new byte[3]).put(bytes.duplicate()).flip().position(3);
            assertThat(frames.decode(direct)).isEqualTo(frame);
        }
    }

    @Test
    void theDefaultLimitsAreTheCoresLimits() {
        assertThat(FrameLimits.DEFAULT).isEqualTo(new FrameLimits(TransportSettings.DEFAULT_MAX_FRAME_BYTES,
                TopicRules.DEFAULT_MAX_BYTES, 16 * 1024));
        assertThat(FrameLimits.DEFAULT.maxFrameBytes()).isEqualTo(16 << 20);
    }

    @Test
    void aDeliverWrittenAsHeaderPlusSharedSealedBytesDecodesToTheSameFrameAsThePlainEncoding() {
        Envelope envelope = TestFrames.envelope();
        ByteBuffer shared = ByteBuffer.wrap(envelope.toBytes());
        for (long subscription : new long[] {1, 300, Long.MAX_VALUE}) {
            Deliver header = EnvelopeFrames.deliverHeader(subscription, subscription * 2, 1, envelope);
            ByteBuffer[] parts = frames.encodeDeliver(header, shared);

            Frame plain = EnvelopeFrames.deliver(subscription, subscription * 2, 1, envelope);
            assertThat(parts).hasSize(2);
            assertThat(parts[1].remaining()).isEqualTo(envelope.sealedSize());
            assertThat(parts[0].remaining()).isLessThan(128);
            assertThat(frames.decode(parts)).isEqualTo(plain);
            assertThat(concat(parts)).isEqualTo(plain.toByteArray());
        }
        assertThat(shared.position()).isZero();
        assertThat(shared.remaining()).isEqualTo(envelope.sealedSize());
    }

    @Test
    void theGatheredDeliverSharesTheSealedBytesInsteadOfCopyingThem() {
        byte[] sealed = TestFrames.envelope().toBytes();
        ByteBuffer[] parts = frames.encodeDeliver(EnvelopeFrames.deliverHeader(1, 1, 1, TestFrames.envelope()), ByteBuffer.wrap(sealed));
        sealed[sealed.length - 1] ^= 1;
        assertThat(parts[1].get(parts[1].limit() - 1)).isEqualTo(sealed[sealed.length - 1]);
        assertThat(parts[1].isReadOnly()).isTrue();
    }

    @Test
    void aDeliverHeaderThatAlreadyCarriesSealedBytesIsRefused() {
        Deliver withSealed = EnvelopeFrames.deliver(1, 1, 1, TestFrames.envelope()).getDeliver();
        assertThatThrownBy(() -> frames.encodeDeliver(withSealed, ByteBuffer.allocate(20)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already carries");
    }

    @Test
    void aFrameOverTheLimitIsRefusedBeforeParsingNamingSizeLimitAndSetting() {
        Frames small = Frames.withLimits(new FrameLimits(100, 1024, 1024));
        byte[] big = EnvelopeFrames.publish(1, TestFrames.envelope("a", Headers.empty(), 200)).toByteArray();
        assertThatThrownBy(() -> small.decode(big))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ERROR_CODE_LIMIT_EXCEEDED))
                .hasMessageContaining(big.length + " bytes").hasMessageContaining("limit of 100 bytes")
                .hasMessageContaining(TransportSettings.MAX_FRAME_BYTES);
        assertThatThrownBy(() -> small.encode(Frame.parseFrom(big))).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> small.encodeDeliver(EnvelopeFrames.deliverHeader(1, 1, 1, TestFrames.envelope()),
                ByteBuffer.wrap(TestFrames.envelope("a", Headers.empty(), 200).toBytes()))).isInstanceOf(ProtocolException.class);
    }

    @Test
    void aTopicOverTheLimitIsRefusedNamingItsUtf8SizeTheLimitAndTheSetting() {
        Frames frames = Frames.withLimits(new FrameLimits(1 << 20, 10, 1024));
        String topic = "é".repeat(6); // 6 characters, 12 UTF-8 bytes
        byte[] bytes = EnvelopeFrames.publish(1, TestFrames.envelope(topic, Headers.empty(), 1)).toByteArray();
        assertThatThrownBy(() -> frames.decode(bytes))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ERROR_CODE_LIMIT_EXCEEDED))
                .hasMessageContaining("topic of 12 bytes").hasMessageContaining("limit of 10 bytes")
                .hasMessageContaining(TopicRules.MAX_BYTES_SETTING);
        Frame subscribe = Frame.newBuilder().setSubscribe(Subscribe.newBuilder().setRequestId(1).setSubscriptionId(1)
                .setFilter("a/b/c/d/e/f/#")).build();
        assertThatThrownBy(() -> frames.decode(subscribe.toByteArray())).hasMessageContaining("filter of 13 bytes");
    }

    @Test
    void headersOverTheLimitAreRefusedNamingTheirSizeTheLimitAndTheSetting() {
        Frames frames = Frames.withLimits(new FrameLimits(1 << 20, 1024, 10));
        byte[] bytes = EnvelopeFrames.publish(1, TestFrames.envelope("t", Headers.of("ключ", "значение"), 1)).toByteArray();
        assertThatThrownBy(() -> frames.decode(bytes))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ERROR_CODE_LIMIT_EXCEEDED))
                .hasMessageContaining("headers of " + (TestFrames.utf8("ключ") + TestFrames.utf8("значение")) + " bytes")
                .hasMessageContaining("limit of 10 bytes").hasMessageContaining(FrameLimits.MAX_HEADER_BYTES_SETTING);
    }

    @Test
    void bytesThatAreNotProtobufAreAMalformedFrame() {
        assertThatThrownBy(() -> frames.decode(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF}))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ERROR_CODE_MALFORMED_FRAME))
                .hasMessageStartingWith("Malformed frame");
    }

    @Test
    void aFrameWithNoKindOrAnUnknownKindIsRefused() {
        assertThatThrownBy(() -> frames.decode(new byte[0])).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("no frame kind");
        byte[] unknown = Frame.newBuilder().setUnknownFields(UnknownFieldSet.newBuilder()
                .addField(99, UnknownFieldSet.Field.newBuilder().addLengthDelimited(ByteString.copyFromUtf8("x")).build()).build())
                .build().toByteArray();
        assertThatThrownBy(() -> frames.decode(unknown)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("Unknown frame kind").hasMessageContaining("99");
    }

    @Test
    void missingRequiredFieldsAreRefusedNamingTheField() {
        Publish good = EnvelopeFrames.publish(1, TestFrames.envelope()).getPublish();
        assertMissing(Frame.newBuilder().setPublish(good.toBuilder().clearTopic()).build(), "PUBLISH", "topic");
        assertMissing(Frame.newBuilder().setPublish(good.toBuilder().clearSealed()).build(), "PUBLISH", "sealed");
        assertMissing(Frame.newBuilder().setConnect(Connect.newBuilder().setClientId("c")).build(), "CONNECT", "versions");
        assertMissing(Frame.newBuilder().setSubscribe(Subscribe.newBuilder().setRequestId(1).setFilter("a")).build(),
                "SUBSCRIBE", "subscription_id");
        assertMissing(Frame.newBuilder().setSubscribe(Subscribe.newBuilder().setRequestId(1).setSubscriptionId(1)).build(),
                "SUBSCRIBE", "filter");
        assertMissing(Frame.newBuilder().setAck(Ack.newBuilder().setSubscriptionId(1)).build(), "ACK", "delivery_tag");
        assertMissing(Frame.newBuilder().setPublish(good.toBuilder().addHeaders(Header.newBuilder().setValue("v"))).build(),
                "PUBLISH", "headers");
        Deliver deliver = EnvelopeFrames.deliver(1, 1, 1, TestFrames.envelope()).getDeliver();
        assertMissing(Frame.newBuilder().setDeliver(deliver.toBuilder().clearSubscriptionId()).build(), "DELIVER", "subscription_id");
    }

    @Test
    void anUnknownOverflowPolicyOrQosIsRefused() {
        Subscribe s = Subscribe.newBuilder().setRequestId(1).setSubscriptionId(1).setFilter("a").build();
        assertThatThrownBy(() -> frames.decode(Frame.newBuilder().setSubscribe(s.toBuilder().setOverflowPolicyValue(17)).build()
                .toByteArray())).isInstanceOf(ProtocolException.class).hasMessageContaining("overflow policy 17");
        assertThatThrownBy(() -> frames.decode(Frame.newBuilder().setSubscribe(s.toBuilder().setQosValue(9)).build()
                .toByteArray())).isInstanceOf(ProtocolException.class).hasMessageContaining("QoS 9");
    }

    @Test
    void aTruncatedFrameIsAMalformedFrame() throws Exception {
        byte[] bytes = EnvelopeFrames.publish(1, TestFrames.envelope()).toByteArray();
        for (int length = 1; length < bytes.length; length++) {
            byte[] truncated = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> frames.decode(truncated)).isInstanceOf(ProtocolException.class);
        }
        ByteBuffer lie = ByteBuffer.allocate(16);
        CodedOutputStream out = CodedOutputStream.newInstance(lie);
        out.writeTag(Frame.PUBLISH_FIELD_NUMBER, 2);
        out.writeUInt32NoTag(Integer.MAX_VALUE);
        out.flush();
        assertThatThrownBy(() -> frames.decode(lie.flip())).isInstanceOf(ProtocolException.class);
    }

    @Test
    void decodedSealedBytesShareTheInputInsteadOfCopyingIt() {
        byte[] input = EnvelopeFrames.publish(1, TestFrames.envelope()).toByteArray();
        Frame frame = frames.decode(input);
        byte before = frame.getPublish().getSealed().byteAt(frame.getPublish().getSealed().size() - 1);
        input[input.length - 1] ^= 1;
        assertThat(frame.getPublish().getSealed().byteAt(frame.getPublish().getSealed().size() - 1)).isEqualTo((byte) (before ^ 1));
    }

    @Test
    void decodingDoesNotMoveTheInputBuffer() {
        ByteBuffer bytes = frames.encode(TestFrames.everyKind()[0]);
        frames.decode(bytes);
        assertThat(bytes.position()).isZero();
    }

    @Test
    void invalidLimitsAreRefusedNamingTheSettingAndRange() {
        assertThatThrownBy(() -> new FrameLimits(0, 1024, 1024)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(TransportSettings.MAX_FRAME_BYTES + "=0");
        assertThatThrownBy(() -> new FrameLimits(100, 70_000, 1024)).hasMessageContaining(TopicRules.MAX_BYTES_SETTING)
                .hasMessageContaining("65535");
    }

    private void assertMissing(Frame frame, String kind, String field) {
        assertThatThrownBy(() -> frames.decode(frame.toByteArray()))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ERROR_CODE_MALFORMED_FRAME))
                .hasMessageContaining(kind).hasMessageContaining("'" + field + "'");
        assertThatThrownBy(() -> frames.encode(frame)).isInstanceOf(ProtocolException.class);
    }

    private static byte[] concat(ByteBuffer[] parts) {
        ByteBuffer all = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(ByteBuffer::remaining).sum());
        for (ByteBuffer p : parts) {
            all.put(p.duplicate());
        }
        return all.array();
    }
}
