package io.whispeer.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.whispeer.api.BrokerBuilder;
import io.whispeer.api.CompressionDictionary;
import io.whispeer.api.CompressionException;
import io.whispeer.api.ConfigurationException;
import io.whispeer.api.Envelope;
import io.whispeer.api.Headers;
import io.whispeer.api.MessageId;
import io.whispeer.api.Subscription;
import io.whispeer.api.TopicPolicy;
import io.whispeer.api.spi.Plugin;

/** The compression rules of the pipeline: threshold, not-smaller, per-topic policy, dictionaries, bounds. */
class CompressionPolicyTest {
    private final List<Envelope> seen = new CopyOnWriteArrayList<>();
    private final Plugin capture = new Plugin() {
        @Override
        public String name() {
            return "capture";
        }

        @Override
        public void onPublish(Envelope envelope) {
            seen.add(envelope);
        }
    };

    private CoreBroker broker(BrokerBuilder builder) {
        return TestSupport.broker(builder.plugin(capture), List.of(new TestCompression()), List.of());
    }

    private static String json(int i) {
        return "{\"sensor\":\"kitchen-" + i + "\",\"temperature\":21.5,\"humidity\":40,\"battery\":\"ok\",\"firmware\":\"1.2.3\"}";
    }

    @Test
    void theOnlyEngineIsTheDefaultAndACompressibleMessageArrivesEqualButTravelsSmaller() throws Exception {
        try (CoreBroker broker = broker(TestSupport.builder())) {
            LinkedBlockingQueue<String> inbox = new LinkedBlockingQueue<>();
            broker.subscribe("t", String.class, m -> inbox.add(m.payload()));
            String big = "abc".repeat(1000);
            broker.publish("t", big).join();
            assertThat(inbox.poll(5, TimeUnit.SECONDS)).isEqualTo(big);
            Envelope e = seen.get(0);
            assertThat(e.compressionId()).isEqualTo(80);
            assertThat(e.isCompressed()).isTrue();
            assertThat(e.payloadSize()).isLessThan(big.length() / 10);
        }
    }

    @Test
    void messagesBelowTheThresholdAndIncompressibleOnesTravelUncompressed() throws Exception {
        try (CoreBroker broker = broker(TestSupport.builder())) {
            LinkedBlockingQueue<byte[]> inbox = new LinkedBlockingQueue<>();
            broker.subscribe("t", byte[].class, m -> inbox.add(m.payload()));
            broker.publish("t", "x".repeat(100)).join();
            byte[] random = new byte[4096];
            new Random(1).nextBytes(random);
            broker.publish("t", random).join();
            assertThat(seen).extracting(Envelope::isCompressed).containsExactly(false, false);
            assertThat(seen).extracting(Envelope::compressionId).containsExactly(0, 0);
            inbox.poll(5, TimeUnit.SECONDS);
            assertThat(inbox.poll(5, TimeUnit.SECONDS)).isEqualTo(random);
        }
    }

    @Test
    void topicPoliciesSwitchCompressionOffAndSetTheirOwnThreshold() {
        try (CoreBroker broker = broker(TestSupport.builder()
                .topic("raw/#", TopicPolicy.compression("none"))
                .topic("tiny/#", TopicPolicy.defaults().withCompressionThreshold(0))
                .property("whispeer.compression.threshold", "4096"))) {
            String text = "abc".repeat(1000);
            broker.publish("raw/a", text).join();
            broker.publish("tiny/a", "x".repeat(50)).join();
            broker.publish("other", text).join();
            broker.publish("other", text + text).join();
            assertThat(seen).extracting(Envelope::isCompressed).containsExactly(false, true, false, true);
        }
    }

    @Test
    void aPerTopicLevelUsesItsOwnEngineInstance() {
        try (CoreBroker broker = broker(TestSupport.builder().topic("fast/#", TopicPolicy.defaults().withCompressionLevel(1)))) {
            assertThat(broker.topicPolicy("fast/a").compression()).isEqualTo(new TestCompression.Engine(1));
            assertThat(broker.topicPolicy("other").compression()).isEqualTo(new TestCompression.Engine(6));
        }
    }

    @Test
    void aDictionaryShrinksSmallMessagesAndTheIdTravelsInTheEnvelope() throws Exception {
        List<byte[]> samples = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            samples.add(json(i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        CompressionDictionary dictionary;
        try (CoreBroker trainer = broker(TestSupport.builder())) {
            dictionary = trainer.trainDictionary(TestCompression.NAME, samples, 4096);
        }
        try (CoreBroker broker = broker(TestSupport.builder().dictionary(dictionary)
                .topic("iot/#", TopicPolicy.defaults().withDictionary(dictionary.id()).withCompressionThreshold(0)))) {
            LinkedBlockingQueue<String> inbox = new LinkedBlockingQueue<>();
            broker.subscribe("iot/#", String.class, m -> inbox.add(m.payload()));
            broker.publish("iot/kitchen", json(7)).join();
            assertThat(inbox.poll(5, TimeUnit.SECONDS)).isEqualTo(json(7));
            Envelope e = seen.get(0);
            assertThat(e.dictionaryId()).hasValue(dictionary.id());
            assertThat(e.payloadSize()).isLessThan(json(7).length() / 3);
        }
    }

    @Test
    void aMissingDictionaryOnTheSubscriberSideIsAnErrorNamingItsId() {
        CompressionDictionary dictionary = new TestCompression.Engine(6).trainDictionary(List.of(json(1).getBytes(java.nio.charset.StandardCharsets.UTF_8)), 4096);
        try (CoreBroker publisher = broker(TestSupport.builder().dictionary(dictionary)
                .topic("iot/#", TopicPolicy.defaults().withDictionary(dictionary.id()).withCompressionThreshold(0)));
             CoreBroker subscriber = broker(TestSupport.builder())) {
            TestSupport.TextCodecProvider codec = new TestSupport.TextCodecProvider();
            Envelope d = publisher.pipeline().seal(MessageId.generate(), 1L, Headers.empty(), codec,
                    codec.encode(json(2), io.whispeer.api.TypeRef.of(String.class)), publisher.topicPolicy("iot/a"));
            assertThatThrownBy(() -> subscriber.pipeline().open(d, d.payloadBytes(), 1 << 20))
                    .isInstanceOf(CompressionException.class)
                    .hasMessageContaining("dictionary " + Integer.toUnsignedString(dictionary.id()))
                    .hasMessageContaining("not registered on this side");
        }
    }

    @Test
    void aPolicyNamingAnUnregisteredDictionaryFailsTheBuild() {
        assertThatThrownBy(() -> broker(TestSupport.builder().topic("iot/#", TopicPolicy.defaults().withDictionary(42))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'iot/#'")
                .hasMessageContaining("dictionary 42");
    }

    @Test
    void aDecompressionBombIsRejectedAndTheSubscriptionKeepsServing() throws Exception {
        byte[] bomb = deflatedZeros(256 << 20);
        try (CoreBroker broker = broker(TestSupport.builder())) {
            LinkedBlockingQueue<String> inbox = new LinkedBlockingQueue<>();
            List<Throwable> errors = new CopyOnWriteArrayList<>();
            Subscription s = broker.subscribe("t", String.class, m -> inbox.add(m.payload()),
                    io.whispeer.api.SubscribeOptions.builder().errorListener((sub, e) -> errors.add(e)).build());
            Envelope envelope = Envelope.builder().topic("t").id(MessageId.generate()).timestampMillis(1L)
                    .flags(Envelope.FLAG_COMPRESSED).codecId(70).compressionId(80).payload(bomb).build();
            broker.publishEnvelope(envelope);
            broker.publish("t", "after the bomb").join();
            assertThat(inbox.poll(5, TimeUnit.SECONDS)).isEqualTo("after the bomb");
            assertThat(s.stats().rejected()).isEqualTo(1);
            assertThat(errors).singleElement().asString()
                    .contains("did not decompress")
                    .contains("whispeer.message.max-bytes");
        }
    }

    /** {@code size} zeros, deflated while streaming, so the test never holds them. */
    private static byte[] deflatedZeros(int size) {
        java.util.zip.Deflater deflater = new java.util.zip.Deflater(9);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] zeros = new byte[1 << 20];
        byte[] buffer = new byte[1 << 16];
        for (int written = 0; written < size; written += zeros.length) {
            deflater.setInput(zeros);
            while (!deflater.needsInput()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    @Test
    void decompressionIsBoundedByTheTopicsMessageLimit() {
        try (CoreBroker broker = broker(TestSupport.builder().topic("small/#", TopicPolicy.defaults().withMaxMessageBytes(1000)))) {
            TestSupport.TextCodecProvider codec = new TestSupport.TextCodecProvider();
            Envelope d = broker.pipeline().seal(MessageId.generate(), 1L, Headers.empty(), codec,
                    codec.encode("a".repeat(5000), io.whispeer.api.TypeRef.of(String.class)), broker.topicPolicy("big"));
            assertThat(d.isCompressed()).isTrue();
            assertThatThrownBy(() -> broker.pipeline().open(d, d.payloadBytes(), 1000))
                    .isInstanceOf(CompressionException.class)
                    .hasMessageContaining("limit of 1000")
                    .hasMessageContaining("whispeer.message.max-bytes");
            assertThatThrownBy(() -> broker.publish("small/x", "a".repeat(1000)))
                    .hasMessageContaining("limit is 1000")
                    .hasMessageContaining("withMaxMessageBytes");
        }
    }
}
