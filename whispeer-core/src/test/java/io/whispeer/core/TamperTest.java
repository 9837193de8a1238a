package io.whispeer.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.whispeer.api.Envelope;
import io.whispeer.api.Headers;
import io.whispeer.api.KeyRing;
import io.whispeer.api.MessageId;
import io.whispeer.api.SubscribeOptions;
import io.whispeer.api.Subscription;
import io.whispeer.api.TopicPolicy;
import io.whispeer.api.spi.Plugin;
import io.whispeer.tck.CapturedLogs;

/**
 * Tampering with a sealed envelope, 10,000 random mutations per kind: every one is rejected and counted by the
 * subscription (or refused by the envelope parser before any subscription sees it), and none is delivered.
 */
class TamperTest {
    /** This class makes things fail on purpose; what whispeer logs about it is captured, not printed. */
    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs();

    private static final int MUTATIONS = 10_000;
    private static final KeyRing KEYS = KeyRing.single(7, new SecretKeySpec(
            HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"), "AES"));

    private final List<Envelope> published = new CopyOnWriteArrayList<>();
    private final List<String> delivered = new CopyOnWriteArrayList<>();
    private final AtomicLong parseRejected = new AtomicLong();
    private final SplittableRandom random = new SplittableRandom(20261127);
    private CoreBroker broker;
    private Subscription subscription;
    private Envelope original;
    private byte[] sealed;

    @BeforeEach
    void publishOneSealedCompressedMessage() throws Exception {
        Plugin capture = new Plugin() {
            @Override
            public String name() {
                return "capture";
            }

            @Override
            public void onPublish(Envelope envelope) {
                published.add(envelope);
            }
        };
        broker = TestSupport.broker(TestSupport.builder().encryption("test-gcm", KEYS).plugin(capture)
                        .topic("t/#", TopicPolicy.defaults().withCompressionThreshold(0)),
                List.of(new TestCompression()), List.of(new TestCiphers.AesGcmProvider("test-gcm", 90)));
        subscription = broker.subscribe("t/+", String.class, m -> delivered.add(m.payload()),
                SubscribeOptions.builder().queueCapacity(1 << 20).errorListener((s, e) -> { }).build());
        broker.publish("t/a", "the original message, compressible compressible compressible", Headers.of("k", "v")).join();
        DeliveryModesTest.waitUntil(() -> delivered.size() == 1);
        original = published.get(0);
        sealed = original.toBytes();
        assertThat(original.isCompressed()).isTrue();
        assertThat(original.isPadded()).isTrue();
        delivered.clear();
    }

    @AfterEach
    void closeBroker() {
        broker.close();
    }

    @Test
    void bitFlipsInTheHeaderAreRejected() throws Exception {
        int headerLength = original.headerBytes().length;
        assertAllRejected(i -> flip(sealed, random.nextInt(headerLength)));
    }

    @Test
    void bitFlipsInTheNonceAreRejected() throws Exception {
        int start = original.headerBytes().length + 1;
        assertAllRejected(i -> flip(sealed, start + random.nextInt(12)));
    }

    @Test
    void bitFlipsInTheCiphertextAreRejected() throws Exception {
        int start = original.headerBytes().length + 1 + 12;
        assertAllRejected(i -> flip(sealed, start + random.nextInt(sealed.length - 16 - start)));
    }

    @Test
    void bitFlipsInTheTagAreRejected() throws Exception {
        assertAllRejected(i -> flip(sealed, sealed.length - 1 - random.nextInt(16)));
    }

    @Test
    void truncationsAreRejected() throws Exception {
        assertAllRejected(i -> same(java.util.Arrays.copyOf(sealed, random.nextInt(sealed.length))));
    }

    @Test
    void anEnvelopeMovedToAnotherTopicIsRejected() throws Exception {
        assertAllRejected(i -> new Mutation("t/" + Long.toHexString(random.nextLong()), original.id(), original.timestampMillis(),
                original.headers(), sealed));
    }

    @Test
    void aChangedIdTimestampOrHeaderIsRejected() throws Exception {
        assertAllRejected(i -> switch (i % 3) {
            case 0 -> new Mutation(original.topic(), new MessageId(random.nextLong(), random.nextLong()), original.timestampMillis(),
                    original.headers(), sealed);
            case 1 -> new Mutation(original.topic(), original.id(), original.timestampMillis() + 1 + random.nextInt(1_000_000),
                    original.headers(), sealed);
            default -> new Mutation(original.topic(), original.id(), original.timestampMillis(),
                    Headers.of("k", Long.toString(random.nextLong())), sealed);
        });
    }

    @Test
    void anUnknownKeyIdIsRejected() throws Exception {
        assertAllRejected(i -> {
            byte[] bytes = sealed.clone();
            int keyId = random.nextInt();
            java.nio.ByteBuffer.wrap(bytes, 6, 4).putInt(keyId == 7 ? 8 : keyId);
            return same(bytes);
        });
    }

    @Test
    void aStrippedCompressionOrPaddingFlagIsRejected() throws Exception {
        byte[] noCompression = sealed.clone();
        noCompression[2] &= (byte) ~Envelope.FLAG_COMPRESSED;
        noCompression[4] = 0;
        byte[] noPadding = sealed.clone();
        noPadding[2] &= (byte) ~Envelope.FLAG_PADDED;
        List<byte[]> variants = List.of(noCompression, noPadding);
        assertAllRejected(i -> same(variants.get(i % 2)), 2);
    }

    @Test
    void aSubscriberWithAnotherKeyRejectsEverything() throws Exception {
        KeyRing other = KeyRing.single(7, new SecretKeySpec(new byte[32], "AES"));
        try (CoreBroker stranger = TestSupport.broker(TestSupport.builder().encryption("test-gcm", other),
                List.of(new TestCompression()), List.of(new TestCiphers.AesGcmProvider("test-gcm", 90)))) {
            List<String> got = new CopyOnWriteArrayList<>();
            Subscription s = stranger.subscribe("t/+", String.class, m -> got.add(m.payload()),
                    SubscribeOptions.builder().errorListener((x, e) -> { }).build());
            for (int i = 0; i < 100; i++) {
                stranger.publishEnvelope(Envelope.parse(original.topic(), original.id(), original.timestamp(), original.headers(), sealed));
            }
            DeliveryModesTest.waitUntil(() -> s.stats().rejected() == 100);
            assertThat(got).isEmpty();
        }
    }

    private record Mutation(String topic, MessageId id, long timestampMillis, Headers headers, byte[] bytes) {
    }

    private Mutation same(byte[] bytes) {
        return new Mutation(original.topic(), original.id(), original.timestampMillis(), original.headers(), bytes);
    }

    private Mutation flip(byte[] bytes, int index) {
        byte[] copy = bytes.clone();
        copy[index] ^= (byte) (1 << random.nextInt(8));
        return same(copy);
    }

    private void assertAllRejected(Function<Integer, Mutation> mutate) throws Exception {
        assertAllRejected(mutate, MUTATIONS);
    }

    private void assertAllRejected(Function<Integer, Mutation> mutate, int count) throws Exception {
        long offered = 0;
        for (int i = 0; i < count; i++) {
            Mutation m = mutate.apply(i);
            Envelope envelope;
            try {
                envelope = Envelope.parse(m.topic(), m.id(), Instant.ofEpochMilli(m.timestampMillis()), m.headers(), m.bytes());
            } catch (IllegalArgumentException refused) {
                parseRejected.incrementAndGet();
                continue;
            }
            broker.publishEnvelope(envelope);
            offered++;
        }
        long expected = offered;
        DeliveryModesTest.waitUntil(() -> subscription.stats().rejected() == expected);
        assertThat(delivered).as("delivered after tampering").isEmpty();
        assertThat(subscription.stats().rejected() + parseRejected.get()).isEqualTo(count);
        assertThat(broker.stats().rejected()).isEqualTo(expected);
    }
}
