package io.whispeer.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.SecretKey;

import org.junit.jupiter.api.Test;

import io.whispeer.api.EncryptionException;
import io.whispeer.api.SealingKey;

/** The key rings: which key seals a topic, which id opens what, rotation, and what never shows. */
class KeyRingsTest {
    private static final byte[] MASTER = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    @Test
    void derivedKeysDifferPerTopicAndAreStableForOneTopic() {
        DerivedKeyRing ring = KeyRings.derived(7, MASTER);
        SealingKey a = ring.sealingKey("sensor/a");
        SealingKey b = ring.sealingKey("sensor/b");
        assertThat(a.keyId()).isEqualTo(7);
        assertThat(a.key().getEncoded()).isNotEqualTo(b.key().getEncoded());
        assertThat(ring.sealingKey("sensor/a").key()).isSameAs(a.key());
        assertThat(ring.key("sensor/a", 7)).contains(a.key());
        assertThat(ring.key("sensor/a", 8)).isEmpty();
    }

    @Test
    void derivedKeyIsHkdfSha256OfTheMasterWithTheTopicInTheInfo() {
        byte[] info = "whispeer/v1sensor/a".getBytes(StandardCharsets.UTF_8);
        byte[] expected = Hkdf.sha256(MASTER, new byte[0], info, 32);
        assertThat(KeyRings.derived(7, MASTER).sealingKey("sensor/a").key().getEncoded()).isEqualTo(expected);
    }

    @Test
    void rotatingTheMasterKeepsOldKeysForOpening() {
        DerivedKeyRing v1 = KeyRings.derived(1, MASTER);
        SealingKey old = v1.sealingKey("t");
        DerivedKeyRing v2 = v1.withMaster(2, new byte[32]);
        assertThat(v2.sealingKey("t").keyId()).isEqualTo(2);
        assertThat(v2.key("t", 1).orElseThrow().getEncoded()).isEqualTo(old.key().getEncoded());
        assertThatThrownBy(() -> v2.withMaster(1, MASTER)).hasMessageContaining("already in this ring");
    }

    @Test
    void perTopicKeysSealWithTheMostSpecificFilterAndOpenOnlyTheirOwnTopics() {
        SecretKey all = KeyRings.generateKey();
        SecretKey kitchen = KeyRings.generateKey();
        PerTopicKeyRing ring = KeyRings.perTopic().key("home/#", 1, all).key("home/kitchen/+", 2, kitchen).build();
        assertThat(ring.sealingKey("home/kitchen/oven").keyId()).isEqualTo(2);
        assertThat(ring.sealingKey("home/garage").keyId()).isEqualTo(1);
        assertThat(ring.key("home/kitchen/oven", 2)).contains(kitchen);
        assertThat(ring.key("home/garage", 2)).as("the kitchen key cannot open garage messages").isEmpty();
        assertThatThrownBy(() -> ring.sealingKey("office/desk")).isInstanceOf(EncryptionException.class).hasMessageContaining("'office/desk'");
    }

    @Test
    void aBroadFiltersKeyCannotOpenATopicThatAMoreSpecificFilterSeals() {
        SecretKey broad = KeyRings.generateKey();
        SecretKey secret = KeyRings.generateKey();
        PerTopicKeyRing full = KeyRings.perTopic().key("sensor/#", 1, broad).key("sensor/secret", 2, secret).build();
        PerTopicKeyRing holderOfKey1 = KeyRings.perTopic().key("sensor/#", 1, broad).build();
        SealingKey forged = holderOfKey1.sealingKey("sensor/secret");
        assertThat(forged.keyId()).isEqualTo(1);
        assertThat(full.key("sensor/secret", forged.keyId())).as("key 1 must not open sensor/secret, which key 2 seals").isEmpty();
        assertThat(full.key("sensor/secret", 2)).contains(secret);
        assertThat(full.key("sensor/other", 1)).contains(broad);
    }

    @Test
    void equallySpecificOverlappingFiltersSealAndOpenWithTheFilterAddedFirst() {
        SecretKey first = KeyRings.generateKey();
        SecretKey second = KeyRings.generateKey();
        PerTopicKeyRing ring = KeyRings.perTopic().key("a/+/c", 1, first).key("a/b/+", 2, second).build();
        assertThat(ring.sealingKey("a/b/c").keyId()).isEqualTo(1);
        assertThat(ring.key("a/b/c", 1)).contains(first);
        assertThat(ring.key("a/b/c", 2)).isEmpty();
        assertThat(ring.key("a/b/d", 2)).contains(second);
    }

    @Test
    void rotatingRingRotatesAtTheMessageCountByAgeAndOnDemand() {
        MutableClock clock = new MutableClock();
        RotatingKeyRing ring = new RotatingKeyRing(3, Duration.ofHours(1), 2, clock, new SecureRandom());
        assertThat(ring.sealingKey("t").keyId()).isEqualTo(1);
        ring.sealingKey("t");
        ring.sealingKey("t");
        assertThat(ring.sealingKey("t").keyId()).as("the fourth message").isEqualTo(2);
        clock.now = clock.now.plus(Duration.ofHours(1));
        assertThat(ring.sealingKey("t").keyId()).as("after an hour").isEqualTo(3);
        assertThat(ring.rotate("t")).isTrue();
        assertThat(ring.currentKeyId()).isEqualTo(4);
        assertThat(ring.key("t", 2)).isPresent();
        assertThat(ring.key("t", 1)).as("beyond the history of 2").isEmpty();
    }

    @Test
    void noRingShowsKeyMaterial() {
        SecretKey key = KeyRings.generateKey();
        String hex = HexFormat.of().formatHex(key.getEncoded());
        String base64 = Base64.getEncoder().encodeToString(key.getEncoded());
        for (Object ring : new Object[] {KeyRings.global(1, key), KeyRings.perTopic().key("#", 1, key).build(),
                KeyRings.derived(1, key.getEncoded()), KeyRings.rotating(10, Duration.ofMinutes(1), 1)}) {
            assertThat(ring.toString()).doesNotContain(hex).doesNotContain(base64);
        }
    }

    @Test
    void keysOfTheWrongSizeAreRefused() {
        assertThatThrownBy(() -> KeyRings.derived(1, new byte[16])).hasMessageContaining("16 bytes").hasMessageContaining("32");
        assertThatThrownBy(() -> KeyRings.global(1, new javax.crypto.spec.SecretKeySpec(new byte[16], "AES")))
                .hasMessageContaining("16 bytes");
    }

    private static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-11-27T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
