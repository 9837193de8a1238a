package io.whispeer.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.whispeer.api.Broker;
import io.whispeer.api.Envelope;
import io.whispeer.api.Message;
import io.whispeer.api.MessageStream;
import io.whispeer.api.SubscribeOptions;
import io.whispeer.api.Whispeer;
import io.whispeer.keys.KeyRings;
import io.whispeer.keys.RotatingKeyRing;

/** The real engines and key rings through a broker. */
class EncryptionThroughBrokerTest {
    private static final String CANARY = "canary-5d1e2f-do-not-leak";
    private static final byte[] MASTER = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    record Secret(String text, List<Integer> numbers) {
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"xchacha20-poly1305", "chacha20-poly1305", "aes-256-gcm"})
    void aCanaryNeverReachesWhatPluginsSeeAndSubscribersGetItBack(String cipher) throws Exception {
        CapturePlugin capture = new CapturePlugin();
        Secret secret = new Secret("the " + CANARY + " sings " + "la ".repeat(200), List.of(1, 2, 3));
        try (Broker broker = Whispeer.builder().encryption(cipher, KeyRings.derived(1, MASTER)).plugin(capture).build();
             MessageStream<Secret> stream = broker.stream("vault/+", Secret.class)) {
            broker.publish("vault/a", secret).join();
            assertThat(stream.poll(Duration.ofSeconds(5)).map(Message::payload)).contains(secret);
        }
        Envelope e = capture.last();
        assertThat(e.isCompressed()).isTrue();
        assertThat(e.isPadded()).isTrue();
        String visible = new String(e.toBytes(), StandardCharsets.ISO_8859_1) + e;
        assertThat(visible).doesNotContain(CANARY).doesNotContain("canary");
    }

    @Test
    void aesGcmForcesRotationExactlyAtTheConfiguredLimit() throws Exception {
        CapturePlugin capture = new CapturePlugin();
        RotatingKeyRing ring = KeyRings.rotating(Long.MAX_VALUE, Duration.ofDays(1), 4);
        int messages = 1_001;
        List<Integer> received = new ArrayList<>();
        try (Broker broker = Whispeer.builder().encryption("aes-256-gcm", ring).plugin(capture)
                .property("whispeer.encryption.aes-256-gcm.max-messages-per-key", "1000").build();
             MessageStream<Integer> stream = broker.stream("counter", io.whispeer.api.TypeRef.of(Integer.class),
                     SubscribeOptions.builder().queueCapacity(2_000).build())) {
            for (int i = 0; i < messages; i++) {
                broker.publish("counter", i).join();
            }
            for (int i = 0; i < messages; i++) {
                received.add(stream.poll(Duration.ofSeconds(5)).orElseThrow().payload());
            }
        }
        assertThat(received).hasSize(messages).startsWith(0, 1, 2).endsWith(999, 1000);
        assertThat(capture.published.subList(0, 1000)).allMatch(e -> e.keyId() == 1);
        assertThat(capture.published.get(1000).keyId()).isEqualTo(2);
        assertThat(ring.currentKeyId()).isEqualTo(2);
    }
}
