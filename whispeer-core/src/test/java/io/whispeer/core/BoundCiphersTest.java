package io.whispeer.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import io.whispeer.api.Envelope;
import io.whispeer.api.KeyRing;
import io.whispeer.api.KeyUsageLimitException;
import io.whispeer.api.SealingKey;
import io.whispeer.api.spi.EncryptionEngine;
import io.whispeer.api.spi.KeyedCipher;
import io.whispeer.api.spi.Plugin;
import io.whispeer.api.spi.Settings;

/** One bound object per sealing key, however the key ring hands keys out; rotation when a key is exhausted. */
class BoundCiphersTest {
    private static final byte[] AAD = {1, 2, 3};

    private static EncryptionEngine engine(long limit) {
        return new TestCiphers.AesGcmProvider("test-gcm", 90, limit).create(Settings.empty());
    }

    private static byte[] material(int seed) {
        byte[] bytes = new byte[32];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (seed * 31 + i * 7 + (seed >>> 8));
        }
        bytes[0] = (byte) seed;
        bytes[1] = (byte) (seed >>> 8);
        return bytes;
    }

    @Test
    void aKeyRingThatReturnsANewKeyObjectPerCallStillGetsOneSealingObjectPerKey() {
        try (EncryptionEngine engine = engine(1000); BoundCiphers ciphers = new BoundCiphers(engine)) {
            KeyedCipher first = ciphers.forSealing(new SecretKeySpec(material(1), "AES"));
            KeyedCipher again = ciphers.forSealing(new SecretKeySpec(material(1), "HmacSha256"));
            KeyedCipher other = ciphers.forSealing(new SecretKeySpec(material(2), "AES"));
            assertThat(again).isSameAs(first);
            assertThat(other).isNotSameAs(first);
            assertThat(ciphers.sealingSize()).isEqualTo(2);
        }
    }

    @Test
    void anEngineWithALimitKeepsEverySealingObjectSoThatNoCountRestarts() {
        try (EncryptionEngine engine = engine(1000); BoundCiphers ciphers = new BoundCiphers(engine)) {
            KeyedCipher first = ciphers.forSealing(new SecretKeySpec(material(0), "AES"));
            first.seal(new byte[1], AAD);
            for (int i = 1; i < 3 * BoundCiphers.MAX_CACHED; i++) {
                ciphers.forSealing(new SecretKeySpec(material(i), "AES"));
            }
            assertThat(ciphers.sealingSize()).isEqualTo(3 * BoundCiphers.MAX_CACHED);
            assertThat(ciphers.forSealing(new SecretKeySpec(material(0), "AES"))).isSameAs(first);
        }
    }

    @Test
    void anEngineWithoutALimitBoundsItsSealingCache() {
        try (EncryptionEngine engine = engine(Long.MAX_VALUE); BoundCiphers ciphers = new BoundCiphers(engine)) {
            for (int i = 0; i < 3 * BoundCiphers.MAX_CACHED; i++) {
                ciphers.forSealing(new SecretKeySpec(material(i), "AES"));
            }
            assertThat(ciphers.sealingSize()).isLessThanOrEqualTo(BoundCiphers.MAX_CACHED);
        }
    }

    @Test
    void openingObjectsAreCachedByCipherIdAndMaterialAndTheCacheIsBounded() {
        try (EncryptionEngine engine = engine(1000); EncryptionEngine another = new TestCiphers.AesGcmProvider("other-gcm", 91).create(Settings.empty());
                BoundCiphers ciphers = new BoundCiphers(engine)) {
            KeyedCipher opener = ciphers.forOpening(engine, new SecretKeySpec(material(5), "AES"));
            assertThat(ciphers.forOpening(engine, new SecretKeySpec(material(5), "RAW"))).isSameAs(opener);
            assertThat(ciphers.forOpening(another, new SecretKeySpec(material(5), "AES"))).isNotSameAs(opener);
            assertThat(ciphers.forOpening(engine, new SecretKeySpec(material(5), "AES"))).as("not the sealing object")
                    .isNotSameAs(ciphers.forSealing(new SecretKeySpec(material(5), "AES")));
            for (int i = 0; i < 3 * BoundCiphers.MAX_CACHED; i++) {
                ciphers.forOpening(engine, new SecretKeySpec(material(i), "AES"));
            }
            assertThat(ciphers.openingSize()).isLessThanOrEqualTo(BoundCiphers.MAX_CACHED);
        }
    }

    @Test
    void closingClosesEveryCachedObject() {
        try (EncryptionEngine engine = engine(1000)) {
            BoundCiphers ciphers = new BoundCiphers(engine);
            KeyedCipher sealer = ciphers.forSealing(new SecretKeySpec(material(1), "AES"));
            KeyedCipher opener = ciphers.forOpening(engine, new SecretKeySpec(material(2), "AES"));
            ciphers.close();
            assertThatThrownBy(() -> sealer.seal(new byte[1], AAD)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> opener.open(new byte[12], new byte[16], AAD)).isInstanceOf(IllegalStateException.class);
            assertThat(ciphers.sealingSize() + ciphers.openingSize()).isZero();
        }
    }

    @Test
    void publishingPastTheLimitRotatesTheKeyRingAndSealsOnceMoreWithTheNewKey() throws Exception {
        CountingRing ring = new CountingRing(true);
        List<Integer> keyIds = new CopyOnWriteArrayList<>();
        try (CoreBroker broker = broker(ring, 3, keyIds)) {
            LinkedBlockingQueue<String> inbox = new LinkedBlockingQueue<>();
            broker.subscribe("t", String.class, m -> inbox.add(m.payload()));
            for (int i = 0; i < 7; i++) {
                broker.publish("t", "m" + i).join();
            }
            List<String> received = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                received.add(inbox.poll(5, TimeUnit.SECONDS));
            }
            assertThat(received).containsExactly("m0", "m1", "m2", "m3", "m4", "m5", "m6");
            assertThat(keyIds).containsExactly(0, 0, 0, 1, 1, 1, 2);
            assertThat(ring.rotations).hasValue(2);
        }
    }

    @Test
    void aKeyRingThatCannotRotateFailsThePublishAfterTheLimitEvenWithANewKeyObjectPerCall() {
        CountingRing ring = new CountingRing(false);
        try (CoreBroker broker = broker(ring, 3, new CopyOnWriteArrayList<>())) {
            for (int i = 0; i < 3; i++) {
                broker.publish("t", "m" + i).join();
            }
            Throwable failure = catchThrowable(() -> broker.publish("t", "one too many").join());
            assertThat(causes(failure)).anyMatch(KeyUsageLimitException.class::isInstance);
            assertThat(ring.sealingCalls.get()).as("the ring handed out a new key object per publish").isGreaterThanOrEqualTo(4);
        }
    }

    private static CoreBroker broker(KeyRing ring, long limit, List<Integer> keyIds) {
        Plugin capture = new Plugin() {
            @Override
            public String name() {
                return "key-ids";
            }

            @Override
            public void onPublish(Envelope envelope) {
                keyIds.add(envelope.keyId());
            }
        };
        return TestSupport.broker(TestSupport.builder().encryption("test-gcm", ring).plugin(capture), List.of(),
                List.of(new TestCiphers.AesGcmProvider("test-gcm", 90, limit)));
    }

    private static List<Throwable> causes(Throwable failure) {
        List<Throwable> all = new ArrayList<>();
        for (Throwable t = failure; t != null && !all.contains(t); t = t.getCause()) {
            all.add(t);
        }
        return all;
    }

    /** A ring whose key N is {@code material(N)}, handed out as a new key object on every call, as derived rings do. */
    private static final class CountingRing implements KeyRing {
        final AtomicInteger current = new AtomicInteger();
        final AtomicInteger rotations = new AtomicInteger();
        final AtomicInteger sealingCalls = new AtomicInteger();
        private final boolean rotates;

        CountingRing(boolean rotates) {
            this.rotates = rotates;
        }

        @Override
        public SealingKey sealingKey(String topic) {
            sealingCalls.incrementAndGet();
            int id = current.get();
            return new SealingKey(id, new SecretKeySpec(material(id), "AES"));
        }

        @Override
        public Optional<SecretKey> key(String topic, int keyId) {
            return keyId >= 0 && keyId <= current.get() ? Optional.of(new SecretKeySpec(material(keyId), "AES")) : Optional.empty();
        }

        @Override
        public boolean rotate(String topic) {
            if (!rotates) {
                return false;
            }
            rotations.incrementAndGet();
            current.incrementAndGet();
            return true;
        }
    }
}
