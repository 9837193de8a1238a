package io.whispeer.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.whispeer.api.MessageAuthenticationException;
import io.whispeer.api.EncryptionException;
import io.whispeer.api.Envelope;
import io.whispeer.api.Headers;
import io.whispeer.api.KeyRing;
import io.whispeer.api.MessageId;
import io.whispeer.api.spi.Plugin;
import io.whispeer.tck.CapturedLogs;

/**
 * The sealing pipeline with a real AEAD (JCE AES-GCM under a test name): plugins see ciphertext only, and any
 * change to what the envelope binds fails authentication.
 */
class SealingPipelineTest {
    /** This class makes things fail on purpose; what whispeer logs about it is captured, not printed. */
    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs();

    private static final byte[] KEY = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private static final KeyRing KEYS = KeyRing.single(7, new SecretKeySpec(KEY, "AES"));
    private static final String CANARY = "canary-7f3a9c";
    private static final int MAX = 1 << 20;

    private static CoreBroker sealedBroker(Plugin plugin) {
        return TestSupport.broker(TestSupport.builder().encryption("test-gcm", KEYS).plugin(plugin), List.of(),
                List.of(new TestCiphers.AesGcmProvider("test-gcm", 90)));
    }

    @Test
    void pluginsSeeOnlyCiphertextAndSubscribersGetThePlaintext() throws Exception {
        List<Envelope> seen = new CopyOnWriteArrayList<>();
        Plugin capture = new Plugin() {
            @Override
            public String name() {
                return "capture";
            }

            @Override
            public void onPublish(Envelope envelope) {
                seen.add(envelope);
            }
        };
        try (CoreBroker broker = sealedBroker(capture)) {
            LinkedBlockingQueue<String> inbox = new LinkedBlockingQueue<>();
            broker.subscribe("secret/+", String.class, m -> inbox.add(m.payload()));
            broker.publish("secret/a", "the " + CANARY + " sings").join();
            assertThat(inbox.poll(5, TimeUnit.SECONDS)).isEqualTo("the " + CANARY + " sings");
            Envelope envelope = seen.get(0);
            assertThat(envelope.cipherId()).isEqualTo(90);
            assertThat(envelope.keyId()).isEqualTo(7);
            assertThat(envelope.nonce()).hasSize(12);
            assertThat(new String(envelope.toBytes(), StandardCharsets.ISO_8859_1)).doesNotContain(CANARY);
            assertThat(envelope.toString()).doesNotContain(CANARY);
        }
    }

    @Test
    void anEnvelopeMovedToAnotherTopicOrWithAChangedIdTimestampOrHeaderDoesNotOpen() {
        try (CoreBroker broker = sealedBroker(new NamedPlugin())) {
            Pipeline pipeline = broker.pipeline();
            Codec text = new Codec();
            Envelope d = pipeline.seal(MessageId.generate(), 1_000L, Headers.of("k", "v"), text.codec, text.encoded, broker.topicPolicy("secret/a"));
            byte[] sealed = d.toBytes();
            Envelope original = d;
            assertThat(pipeline.open(reparse(original, original.topic(), original.id(), original.timestampMillis(), original.headers(), sealed), payloadOf(sealed), MAX))
                    .isEqualTo(text.encoded);
            assertRejected(pipeline, reparse(original, "secret/b", original.id(), original.timestampMillis(), original.headers(), sealed), sealed);
            assertRejected(pipeline, reparse(original, original.topic(), MessageId.generate(), original.timestampMillis(), original.headers(), sealed), sealed);
            assertRejected(pipeline, reparse(original, original.topic(), original.id(), 1_001L, original.headers(), sealed), sealed);
            assertRejected(pipeline, reparse(original, original.topic(), original.id(), original.timestampMillis(), Headers.of("k", "w"), sealed), sealed);
            byte[] flipped = sealed.clone();
            flipped[flipped.length - 1] ^= 1;
            assertRejected(pipeline, reparse(original, original.topic(), original.id(), original.timestampMillis(), original.headers(), flipped), flipped);
            byte[] flagged = sealed.clone();
            flagged[2] ^= Envelope.FLAG_PADDED; // padded by default: strip the flag
            assertRejected(pipeline, reparse(original, original.topic(), original.id(), original.timestampMillis(), original.headers(), flagged), flagged);
        }
    }

    @Test
    void anUnknownKeyIdIsRejectedNamingTheId() {
        try (CoreBroker broker = sealedBroker(new NamedPlugin())) {
            Pipeline pipeline = broker.pipeline();
            Codec text = new Codec();
            Envelope d = pipeline.seal(MessageId.generate(), 1L, Headers.empty(), text.codec, text.encoded, broker.topicPolicy("t"));
            byte[] sealed = d.toBytes();
            sealed[9] = 8;
            Envelope other = Envelope.parse("t", d.id(), d.timestamp(), Headers.empty(), sealed);
            assertThatThrownBy(() -> pipeline.open(other, payloadOf(sealed), MAX))
                    .isInstanceOf(EncryptionException.class)
                    .hasMessageContaining("Unknown key id 8");
        }
    }

    @Test
    void anUnsealedEnvelopeIsRefusedByABrokerThatSealsEverything() {
        try (CoreBroker broker = sealedBroker(new NamedPlugin());
             CoreBroker plain = TestSupport.broker(TestSupport.builder())) {
            Codec text = new Codec();
            Envelope d = plain.pipeline().seal(MessageId.generate(), 1L, Headers.empty(), text.codec, text.encoded, plain.topicPolicy("t"));
            assertThatThrownBy(() -> broker.pipeline().open(d, d.payloadBytes(), MAX))
                    .isInstanceOf(EncryptionException.class)
                    .hasMessageContaining("Refused an unsealed message");
        }
    }

    @Test
    void anInProcessUnsealedEnvelopeWithAKeyIdIsRefusedBeforeOpening() {
        assertMalformedRefused(b -> b.keyId(5), "cipher 0 (none) with key id 5");
    }

    @Test
    void anInProcessUnsealedEnvelopeWithANonceIsRefusedBeforeOpening() {
        assertMalformedRefused(b -> b.nonce(new byte[12]), "cipher 0 (none) with a nonce of 12 bytes");
    }

    @Test
    void anInProcessEnvelopeWithADictionaryFlagButNoCompressionIsRefusedBeforeOpening() {
        assertMalformedRefused(b -> b.dictionaryId(9), "dictionary flag is set without the compressed flag");
    }

    private static void assertMalformedRefused(java.util.function.UnaryOperator<Envelope.Builder> breakIt, String reason) {
        try (CoreBroker plain = TestSupport.broker(TestSupport.builder())) {
            Codec text = new Codec();
            Envelope d = plain.pipeline().seal(MessageId.generate(), 1L, Headers.empty(), text.codec, text.encoded, plain.topicPolicy("t"));
            Envelope broken = breakIt.apply(Envelope.builder().topic(d.topic()).id(d.id()).timestampMillis(d.timestampMillis())
                    .codecId(d.codecId()).payload(d.payloadBytes())).build();
            assertThatThrownBy(() -> plain.pipeline().open(broken, broken.payloadBytes(), MAX))
                    .isInstanceOf(io.whispeer.api.WhispeerException.class)
                    .hasMessageContaining("Refused the message on topic 't'")
                    .hasMessageContaining(reason);
        }
    }

    private static Envelope reparse(Envelope e, String topic, MessageId id, long ts, Headers headers, byte[] sealed) {
        return Envelope.parse(topic, id, java.time.Instant.ofEpochMilli(ts), headers, sealed);
    }

    private static byte[] payloadOf(byte[] sealed) {
        Envelope e = Envelope.parse("x", MessageId.generate(), java.time.Instant.EPOCH, Headers.empty(), sealed);
        byte[] payload = new byte[e.payloadSize()];
        e.payload().get(payload);
        return payload;
    }

    private static void assertRejected(Pipeline pipeline, Envelope envelope, byte[] sealed) {
        assertThatThrownBy(() -> pipeline.open(envelope, payloadOf(sealed), MAX)).isInstanceOf(MessageAuthenticationException.class);
    }

    private static final class Codec {
        final TestSupport.TextCodecProvider codec = new TestSupport.TextCodecProvider();
        final byte[] encoded = codec.encode(CANARY, io.whispeer.api.TypeRef.of(String.class));
    }

    private static final class NamedPlugin implements Plugin {
        @Override
        public String name() {
            return "noop";
        }
    }
}
