package io.whispeer.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.whispeer.api.BrokerBuilder;
import io.whispeer.api.ConfigurationException;
import io.whispeer.api.Envelope;
import io.whispeer.api.Headers;
import io.whispeer.api.KeyRing;
import io.whispeer.api.MessageAuthenticationException;
import io.whispeer.api.MessageId;
import io.whispeer.api.SubscribeOptions;
import io.whispeer.api.Subscription;
import io.whispeer.api.TopicPolicy;
import io.whispeer.api.spi.EncryptionEngineProvider;
import io.whispeer.tck.CapturedLogs;

/**
 * Secure defaults of the typed layer: every sealed payload is padded, and the cipher is pinned. (The warning for shared
 * static keys with 96-bit-nonce ciphers is tested in whispeer-it, which captures the log on the class path.)
 */
class SecurityDefaultsTest {
    /** This class makes things fail on purpose; what whispeer logs about it is captured, not printed. */
    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs();

    private static final KeyRing KEYS = KeyRing.single(7, new SecretKeySpec(
            HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"), "AES"));
    private static final List<EncryptionEngineProvider> TWO_CIPHERS = List.of(new TestCiphers.AesGcmProvider("test-gcm", 90),
            new TestCiphers.AesGcmProvider("test-gcm-b", 91));
    private static final TestSupport.TextCodecProvider CODEC = new TestSupport.TextCodecProvider();

    private static CoreBroker broker(BrokerBuilder builder) {
        return TestSupport.broker(builder, List.of(), TWO_CIPHERS);
    }

    private static int sealedSize(CoreBroker broker, int payloadBytes) {
        return broker.pipeline().seal(MessageId.generate(), 1L, Headers.empty(), CODEC, new byte[payloadBytes], broker.topicPolicy("t"))
                .toBytes().length;
    }

    @Test
    void aOneByteAndATwoByteMessageSealToTheSameSizeByDefault() {
        try (CoreBroker broker = broker(TestSupport.builder().encryption("test-gcm", KEYS))) {
            assertThat(sealedSize(broker, 1)).isEqualTo(sealedSize(broker, 2)).isEqualTo(sealedSize(broker, Padding.MIN_PADDED - 1));
            assertThat(broker.pipeline().seal(MessageId.generate(), 1L, Headers.empty(), CODEC, new byte[1], broker.topicPolicy("t"))
                    .isPadded()).isTrue();
        }
    }

    @Test
    void paddingAutoMeansOnAndPaddingOffIsAnExplicitChoiceThatKeepsExactLengths() {
        try (CoreBroker auto = broker(TestSupport.builder().encryption("test-gcm", KEYS).property("whispeer.padding", "auto"));
             CoreBroker off = broker(TestSupport.builder().encryption("test-gcm", KEYS).property("whispeer.padding", "off"));
             CoreBroker offForOneTopic = broker(TestSupport.builder().encryption("test-gcm", KEYS)
                     .topic("t", TopicPolicy.defaults().withPadding(false)))) {
            assertThat(sealedSize(auto, 1)).isEqualTo(sealedSize(auto, 2));
            assertThat(sealedSize(off, 2)).isEqualTo(sealedSize(off, 1) + 1);
            assertThat(sealedSize(offForOneTopic, 2)).isEqualTo(sealedSize(offForOneTopic, 1) + 1);
        }
        assertThatThrownBy(() -> broker(TestSupport.builder().encryption("test-gcm", KEYS).property("whispeer.padding", "compressed")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("whispeer.padding='compressed'").hasMessageContaining("off");
    }

    @Test
    void anEnvelopeSealedWithAnotherCipherThanTheConfiguredOneIsRefusedAsTamperedAndCounted() throws Exception {
        try (CoreBroker publisher = broker(TestSupport.builder().encryption("test-gcm-b", KEYS));
             CoreBroker subscriber = broker(TestSupport.builder().encryption("test-gcm", KEYS))) {
            Envelope other = publisher.pipeline().seal(MessageId.generate(), 1L, Headers.empty(), CODEC, CODEC.encode("hi", null),
                    publisher.topicPolicy("t"));
            assertThat(other.cipherId()).isEqualTo(91);
            List<String> delivered = new CopyOnWriteArrayList<>();
            List<Throwable> errors = new CopyOnWriteArrayList<>();
            Subscription s = subscriber.subscribe("t", String.class, m -> delivered.add(m.payload()),
                    SubscribeOptions.builder().errorListener((x, e) -> errors.add(e)).build());
            subscriber.publishEnvelope(other);
            DeliveryModesTest.waitUntil(() -> s.stats().rejected() == 1);
            assertThat(delivered).isEmpty();
            assertThat(subscriber.stats().rejected()).isEqualTo(1);
            assertThat(errors).singleElement().satisfies(e -> assertThat(causes(e)).anySatisfy(c -> assertThat(c)
                    .isInstanceOf(MessageAuthenticationException.class).hasMessageContaining("cipher id 91 (test-gcm-b)")
                    .hasMessageContaining("opens only test-gcm").hasMessageContaining("TopicPolicy.withAllowedCiphers")));
        }
    }

    @Test
    void aTopicPolicyMayAllowFurtherCiphers() throws Exception {
        try (CoreBroker publisher = broker(TestSupport.builder().encryption("test-gcm-b", KEYS));
             CoreBroker subscriber = broker(TestSupport.builder().encryption("test-gcm", KEYS)
                     .topic("t", TopicPolicy.defaults().withAllowedCiphers("test-gcm-b")))) {
            Envelope other = publisher.pipeline().seal(MessageId.generate(), 1L, Headers.empty(), CODEC, CODEC.encode("hi", null),
                    publisher.topicPolicy("t"));
            List<String> delivered = new CopyOnWriteArrayList<>();
            subscriber.subscribe("t", String.class, m -> delivered.add(m.payload()));
            subscriber.publishEnvelope(other);
            DeliveryModesTest.waitUntil(() -> delivered.size() == 1);
            assertThat(delivered).containsExactly("hi");
        }
    }

    @Test
    void aTopicPolicyAllowingACipherThatIsNotPresentFailsTheBuild() {
        assertThatThrownBy(() -> broker(TestSupport.builder().encryption("test-gcm", KEYS)
                .topic("t/#", TopicPolicy.defaults().withAllowedCiphers("aes-gcm"))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("'t/#'").hasMessageContaining("aes-gcm")
                .hasMessageContaining("test-gcm-b");
    }

    private static List<Throwable> causes(Throwable e) {
        List<Throwable> chain = new java.util.ArrayList<>();
        for (Throwable t = e; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }
}
