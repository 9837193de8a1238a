package io.whispeer.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.whispeer.api.Broker;
import io.whispeer.api.Message;
import io.whispeer.api.MessageStream;
import io.whispeer.api.Whispeer;

/**
 * The same code, run by three Surefire executions with different jars on the class path (both engines, only zstd,
 * only lz4): the engine changes with the dependencies alone, as the envelope's compression id shows.
 * {@code it.expected-compression} names the engine each execution expects.
 */
class CompressionSwapTest {
    record Reading(String sensor, List<Double> values) {
    }

    @Test
    void theCompressionEngineFollowsTheJarsOnThePath() throws Exception {
        String expected = System.getProperty("it.expected-compression", "zstd");
        int expectedId = expected.equals("zstd") ? 1 : 2;
        CapturePlugin capture = new CapturePlugin();
        Reading reading = new Reading("kitchen", java.util.Collections.nCopies(200, 21.5));
        try (Broker broker = Whispeer.builder().plugin(capture).build();
             MessageStream<Reading> stream = broker.stream("swap/readings", Reading.class)) {
            broker.publish("swap/readings", reading).join();
            assertThat(stream.poll(Duration.ofSeconds(5)).map(Message::payload)).contains(reading);
        }
        assertThat(capture.last().compressionId()).as("compression id of the envelope").isEqualTo(expectedId);
        assertThat(capture.last().isCompressed()).isTrue();
    }
}
