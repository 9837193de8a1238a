package io.whispeer.protocol;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.whispeer.api.Envelope;
import io.whispeer.api.Headers;
import io.whispeer.api.MessageId;
import io.whispeer.protocol.v1.Ack;
import io.whispeer.protocol.v1.Connack;
import io.whispeer.protocol.v1.Connect;
import io.whispeer.protocol.v1.Error;
import io.whispeer.protocol.v1.ErrorCode;
import io.whispeer.protocol.v1.Frame;
import io.whispeer.protocol.v1.Nack;
import io.whispeer.protocol.v1.OverflowPolicy;
import io.whispeer.protocol.v1.Ping;
import io.whispeer.protocol.v1.Pong;
import io.whispeer.protocol.v1.Puback;
import io.whispeer.protocol.v1.QoS;
import io.whispeer.protocol.v1.Replay;
import io.whispeer.protocol.v1.SessionLimits;
import io.whispeer.protocol.v1.Status;
import io.whispeer.protocol.v1.Suback;
import io.whispeer.protocol.v1.Subscribe;
import io.whispeer.protocol.v1.Unsuback;
import io.whispeer.protocol.v1.Unsubscribe;
import io.whispeer.protocol.v1.UsernamePassword;

/** Sample envelopes and one valid frame of every kind. */
final class TestFrames {
    private TestFrames() {
    }

    /** A sealed-looking envelope: cipher 1 (xchacha20-poly1305) with a 24-byte nonce and a 16-byte tag. */
    static Envelope envelope(String topic, Headers headers, int payloadBytes) {
        byte[] payload = new byte[payloadBytes + 16];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 31 + 7);
        }
        return Envelope.builder()
                .topic(topic)
                .id(new MessageId(0x0123_4567_89AB_CDEFL, 0xFEDC_BA98_7654_3210L))
                .timestamp(Instant.ofEpochMilli(1_767_225_600_123L))
                .headers(headers)
                .codecId(1)
                .cipherId(1)
                .keyId(42)
                .nonce(new byte[24])
                .payload(payload)
                .build();
    }

    static Envelope envelope() {
        return envelope("sensors/kitchen/temp", Headers.of("trace", "abc", "unit", "°C"), 40);
    }

    static Frame[] everyKind() {
        Envelope e = envelope();
        return new Frame[] {
            Frame.newBuilder().setConnect(Connect.newBuilder().addVersions(1).addVersions(2).setClientId("client-1")
                    .setUsernamePassword(UsernamePassword.newBuilder().setUsername("ana").setPassword("pässword"))).build(),
            Frame.newBuilder().setConnect(Connect.newBuilder().addVersions(1).setToken("t0k3n").setKeepAliveMillis(30_000)).build(),
            Frame.newBuilder().setConnack(Connack.newBuilder().setVersion(1).setServerId("srv")
                    .setLimits(SessionLimits.newBuilder().setMaxFrameBytes(16 << 20).setMaxTopicBytes(1024)
                            .setMaxHeaderBytes(16 << 10).setMaxSubscriptions(1000).setKeepAliveMillis(30_000)
                            .setMaxPendingOutboundBytes(8 << 20))).build(),
            EnvelopeFrames.publish(7, e),
            Frame.newBuilder().setPuback(Puback.newBuilder().setRequestId(7).setMatched(3).setQueued(2).setDropped(1)
                    .setSequence(99)).build(),
            Frame.newBuilder().setSubscribe(Subscribe.newBuilder().setRequestId(8).setSubscriptionId(1).setFilter("sensors/+/temp")
                    .setQueueCapacity(256).setOverflowPolicy(OverflowPolicy.OVERFLOW_POLICY_DROP_OLDEST)
                    .setQos(QoS.QOS_AT_LEAST_ONCE).setReplay(Replay.newBuilder().setLastN(10)).setName("durable")).build(),
            Frame.newBuilder().setSuback(Suback.newBuilder().setRequestId(8).setSubscriptionId(1)).build(),
            Frame.newBuilder().setUnsubscribe(Unsubscribe.newBuilder().setRequestId(9).setSubscriptionId(1)).build(),
            Frame.newBuilder().setUnsuback(Unsuback.newBuilder().setRequestId(9).setSubscriptionId(1)).build(),
            EnvelopeFrames.deliver(1, 5, 1, e),
            Frame.newBuilder().setAck(Ack.newBuilder().setSubscriptionId(1).setDeliveryTag(5)).build(),
            Frame.newBuilder().setNack(Nack.newBuilder().setSubscriptionId(1).setDeliveryTag(5).setRequeue(true)
                    .setReason("handler failed")).build(),
            Frame.newBuilder().setPing(Ping.newBuilder().setNonce(1234)).build(),
            Frame.newBuilder().setPong(Pong.newBuilder().setNonce(1234)).build(),
            Frame.newBuilder().setError(Error.newBuilder().setRequestId(8).setCode(ErrorCode.ERROR_CODE_NOT_AUTHORIZED)
                    .setMessage("no subscribe grant for sensors/+/temp")).build(),
            Frame.newBuilder().setStatus(Status.newBuilder().setSubscriptionId(1).setDropped(10).setQueued(5).setPaused(true)
                    .setDetail("slow")).build(),
        };
    }

    static String repeat(String s, int times) {
        return s.repeat(times);
    }

    static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
