package io.whispeer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;

import io.whispeer.api.Broker;
import io.whispeer.api.CodecException;
import io.whispeer.api.Message;
import io.whispeer.api.MessageStream;
import io.whispeer.api.SubscribeOptions;
import io.whispeer.api.TypeMismatchException;
import io.whispeer.api.TypeRef;
import io.whispeer.api.Whispeer;
import io.whispeer.api.spi.WireIds;

/** Typed payloads through a broker built by discovery: JSON for records, Protobuf for messages, bytes for byte[]. */
class CodecsThroughBrokerTest {
    record Reading(String sensor, double value, Instant at, LocalDate day, Optional<String> note) {
    }

    record Temperature(double celsius) {
    }

    private final CapturePlugin capture = new CapturePlugin();
    private final Broker broker = Whispeer.builder().plugin(capture).topic("typed/temperature", Temperature.class).build();

    @AfterEach
    void close() {
        broker.close();
    }

    private <T> T roundTrip(String topic, T value, TypeRef<T> type) throws InterruptedException {
        try (MessageStream<T> stream = broker.stream(topic, type, SubscribeOptions.defaults())) {
            broker.publish(topic, value).join();
            return stream.poll(Duration.ofSeconds(5)).map(Message::payload).orElseThrow();
        }
    }

    @Test
    void recordsTravelAsJson() throws Exception {
        Reading reading = new Reading("s1", 21.5, Instant.parse("2026-11-27T10:15:30.123Z"), LocalDate.of(2026, 11, 27), Optional.of("ok"));
        assertThat(roundTrip("r", reading, TypeRef.of(Reading.class))).isEqualTo(reading);
        assertThat(capture.last().codecId()).isEqualTo(WireIds.CODEC_JSON);
    }

    @Test
    void genericTypesTravelThroughATypeRef() throws Exception {
        List<Reading> readings = List.of(new Reading("a", 1, Instant.EPOCH, LocalDate.EPOCH, Optional.empty()),
                new Reading("b", 2, Instant.EPOCH, LocalDate.EPOCH, Optional.empty()));
        assertThat(roundTrip("g", readings, new TypeRef<List<Reading>>() { })).isEqualTo(readings);
        Map<String, List<Integer>> map = Map.of("x", List.of(1, 2, 3));
        assertThat(roundTrip("m", map, new TypeRef<Map<String, List<Integer>>>() { })).isEqualTo(map);
    }

    @Test
    void protobufMessagesTravelAsProtobuf() throws Exception {
        Timestamp ts = Timestamp.newBuilder().setSeconds(1_700_000_000L).setNanos(42).build();
        assertThat(roundTrip("p/ts", ts, TypeRef.of(Timestamp.class))).isEqualTo(ts);
        assertThat(capture.last().codecId()).isEqualTo(WireIds.CODEC_PROTOBUF);
        Struct struct = Struct.newBuilder().putFields("k", Value.newBuilder().setStringValue("v").build()).build();
        assertThat(roundTrip("p/struct", struct, TypeRef.of(Struct.class))).isEqualTo(struct);
    }

    @Test
    void byteArraysTravelAsTheyAre() throws Exception {
        byte[] bytes = {1, 2, 3};
        assertThat(roundTrip("b", bytes, TypeRef.of(byte[].class))).containsExactly(1, 2, 3);
        assertThat(capture.last().codecId()).isEqualTo(WireIds.CODEC_BYTES);
    }

    @Test
    void aSubscriberDecodesWithTheCodecNamedInTheEnvelopeWithoutConfiguration() throws Exception {
        try (MessageStream<byte[]> raw = broker.stream("r", byte[].class)) {
            broker.publish("r", new Temperature(3.5)).join();
            String json = new String(raw.poll(Duration.ofSeconds(5)).orElseThrow().payload(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(json).isEqualTo("{\"celsius\":3.5}");
        }
    }

    @Test
    void declaredTypesAreEnforcedWithRealCodecs() {
        assertThatThrownBy(() -> broker.publish("typed/temperature", new Reading("a", 1, Instant.EPOCH, LocalDate.EPOCH, Optional.empty())))
                .isInstanceOf(TypeMismatchException.class)
                .hasMessageContaining(Temperature.class.getName())
                .hasMessageContaining(Reading.class.getName());
        assertThatThrownBy(() -> broker.subscribe("typed/#", Reading.class, m -> { }))
                .isInstanceOf(TypeMismatchException.class);
    }

    @Test
    void aPayloadOfAnotherShapeIsRejectedNotDelivered() throws Exception {
        List<Throwable> reported = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (MessageStream<Timestamp> wrong = broker.stream("x", Timestamp.class,
                io.whispeer.api.SubscribeOptions.builder().errorListener((s, e) -> reported.add(e)).build())) {
            broker.publish("x", new Temperature(1)).join();
            assertThat(wrong.poll(Duration.ofMillis(300))).isEmpty();
            assertThat(wrong.subscription().stats().rejected()).isEqualTo(1);
            assertThat(reported).singleElement().isInstanceOf(io.whispeer.api.CodecException.class);
        }
    }

    @Test
    void aPerTopicCodecOverridesTheChoiceByType() {
        try (Broker overriding = Whispeer.builder().plugin(capture)
                .topic("forced/#", io.whispeer.api.TopicPolicy.codec("protobuf")).build()) {
            overriding.publish("forced/ts", Timestamp.getDefaultInstance()).join();
            assertThat(capture.last().codecId()).isEqualTo(WireIds.CODEC_PROTOBUF);
            assertThatThrownBy(() -> overriding.publish("forced/rec", new Temperature(1)))
                    .isInstanceOf(CodecException.class);
        }
    }
}
