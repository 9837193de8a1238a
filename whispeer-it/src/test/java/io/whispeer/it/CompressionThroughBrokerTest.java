package io.whispeer.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.whispeer.api.Broker;
import io.whispeer.api.CompressionDictionary;
import io.whispeer.api.Envelope;
import io.whispeer.api.Message;
import io.whispeer.api.MessageStream;
import io.whispeer.api.TopicPolicy;
import io.whispeer.api.Whispeer;
import io.whispeer.api.spi.WireIds;

/** The real engines through a broker: what the envelope shows, and what the subscriber gets. */
class CompressionThroughBrokerTest {
    record Reading(String sensor, int seq, double temperature, double humidity, String status, String firmware) {
    }

    private static Reading reading(int i) {
        return new Reading("building-7/floor-" + (i % 12) + "/room-" + (i % 40), i, 18 + (i % 70) / 10.0, 30 + i % 50,
                i % 9 == 0 ? "degraded" : "ok", "fw-2.14." + (i % 3));
    }

    @Test
    void perTopicEnginesCompressAndSubscribersGetTheOriginal() throws Exception {
        CapturePlugin capture = new CapturePlugin();
        List<Reading> batch = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            batch.add(reading(i));
        }
        try (Broker broker = Whispeer.builder().plugin(capture).topic("fast/#", TopicPolicy.compression("lz4")).build();
             MessageStream<byte[]> all = broker.stream("#", byte[].class)) {
            broker.publish("default/batch", batch).join();
            broker.publish("fast/batch", batch).join();
            broker.publish("default/tiny", reading(1)).join();
            byte[] noise = new byte[2048];
            new Random(7).nextBytes(noise);
            broker.publish("default/noise", noise).join();
            for (int i = 0; i < 4; i++) {
                assertThat(all.poll(Duration.ofSeconds(5))).isPresent();
            }
        }
        List<Envelope> e = capture.published;
        assertThat(e.get(0).compressionId()).isEqualTo(WireIds.COMPRESSION_ZSTD);
        assertThat(e.get(1).compressionId()).isEqualTo(WireIds.COMPRESSION_LZ4);
        assertThat(e.get(0).payloadSize()).isLessThan(e.get(1).payloadSize());
        assertThat(e.get(2).isCompressed()).as("below the threshold").isFalse();
        assertThat(e.get(3).isCompressed()).as("random bytes").isFalse();
        assertThat(e.get(3).payloadSize()).isEqualTo(2048);
    }

    @Test
    void aTrainedZstdDictionaryShrinksSmallJsonAndRoundTrips() throws Exception {
        List<byte[]> samples = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            samples.add(json(reading(i)));
        }
        CompressionDictionary dictionary;
        try (Broker trainer = Whispeer.builder().build()) {
            dictionary = trainer.trainDictionary("zstd", samples, 16 * 1024);
        }
        CapturePlugin capture = new CapturePlugin();
        Reading small = reading(123_457);
        try (Broker broker = Whispeer.builder().plugin(capture).dictionary(dictionary)
                .topic("sensor/#", TopicPolicy.compression("zstd").withDictionary(dictionary.id()).withCompressionThreshold(0)).build();
             MessageStream<Reading> stream = broker.stream("sensor/#", Reading.class)) {
            broker.publish("sensor/a", small).join();
            assertThat(stream.poll(Duration.ofSeconds(5)).map(Message::payload)).contains(small);
        }
        Envelope envelope = capture.last();
        int jsonSize = json(small).length;
        assertThat(envelope.dictionaryId()).hasValue(dictionary.id());
        assertThat((double) jsonSize / envelope.payloadSize()).as("ratio on %d bytes of JSON", jsonSize).isGreaterThan(2.5);
    }

    private static byte[] json(Reading r) {
        return String.format(java.util.Locale.ROOT,
                "{\"sensor\":\"%s\",\"seq\":%d,\"temperature\":%s,\"humidity\":%s,\"status\":\"%s\",\"firmware\":\"%s\"}",
                r.sensor(), r.seq(), r.temperature(), r.humidity(), r.status(), r.firmware()).getBytes(StandardCharsets.UTF_8);
    }
}
