package io.whispeer.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

import io.whispeer.api.Envelope;
import io.whispeer.api.Headers;
import io.whispeer.protocol.v1.ErrorCode;
import io.whispeer.protocol.v1.Frame;
import io.whispeer.protocol.v1.Header;
import io.whispeer.protocol.v1.Publish;

class EnvelopeFramesTest {
    private final Frames frames = Frames.defaults();

    @Test
    void anEnvelopeWithNonAsciiTopicAndHeadersSurvivesPublishOnTheWire() {
        Envelope sent = TestFrames.envelope("käse/東京/🧀", Headers.of("ключ", "значение 🚀", "emoji🙂", "\tтаб"), 100);
        Frame decoded = frames.decode(frames.encode(EnvelopeFrames.publish(42, sent)));

        assertThat(decoded.getPublish().getRequestId()).isEqualTo(42);
        assertSame(EnvelopeFrames.toEnvelope(decoded.getPublish()), sent);
    }

    @Test
    void anEnvelopeSurvivesAGatheredDeliverOnTheWire() {
        Envelope sent = TestFrames.envelope("ünïcødé/topic", Headers.of("ü", "ö"), 3);
        Frame decoded = frames.decode(frames.encodeDeliver(EnvelopeFrames.deliverHeader(9, 10, 2, sent), ByteBuffer.wrap(sent.toBytes())));

        assertThat(decoded.getDeliver().getSubscriptionId()).isEqualTo(9);
        assertThat(decoded.getDeliver().getDeliveryTag()).isEqualTo(10);
        assertThat(decoded.getDeliver().getDeliveryCount()).isEqualTo(2);
        assertSame(EnvelopeFrames.toEnvelope(decoded.getDeliver()), sent);
    }

    @Test
    void theSealedBytesTravelExactlyAsThePublisherWroteThem() {
        Envelope sent = TestFrames.envelope();
        Frame frame = frames.decode(frames.encode(EnvelopeFrames.publish(1, sent)));
        assertThat(frame.getPublish().getSealed().toByteArray()).isEqualTo(sent.toBytes());
    }

    @Test
    void sealedBytesThatAreNotAnEnvelopeAreAProtocolException() {
        Publish bad = EnvelopeFrames.publish(1, TestFrames.envelope()).getPublish().toBuilder()
                .setSealed(ByteString.copyFromUtf8("not an envelope at all")).build();
        assertThatThrownBy(() -> EnvelopeFrames.toEnvelope(bad))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ERROR_CODE_MALFORMED_FRAME))
                .hasMessageContaining("PUBLISH").hasMessageContaining("Not a whispeer envelope");
    }

    @Test
    void aRepeatedOrInvalidHeaderIsAProtocolException() {
        Publish good = EnvelopeFrames.publish(1, TestFrames.envelope("t", Headers.empty(), 1)).getPublish();
        Publish twice = good.toBuilder().addHeaders(Header.newBuilder().setKey("k").setValue("1"))
                .addHeaders(Header.newBuilder().setKey("k").setValue("2")).build();
        assertThatThrownBy(() -> EnvelopeFrames.toEnvelope(twice)).isInstanceOf(ProtocolException.class).hasMessageContaining("'k' appears twice");
        Publish control = good.toBuilder().addHeaders(Header.newBuilder().setKey("k\u0001").setValue("1")).build();
        assertThatThrownBy(() -> EnvelopeFrames.toEnvelope(control)).isInstanceOf(ProtocolException.class).hasMessageContaining("control character");
    }

    private static void assertSame(Envelope received, Envelope sent) {
        assertThat(received.topic()).isEqualTo(sent.topic());
        assertThat(received.id()).isEqualTo(sent.id());
        assertThat(received.timestamp()).isEqualTo(sent.timestamp());
        assertThat(received.headers()).isEqualTo(sent.headers());
        assertThat(received.toBytes()).isEqualTo(sent.toBytes());
        assertThat(received.associatedData()).isEqualTo(sent.associatedData());
    }
}
