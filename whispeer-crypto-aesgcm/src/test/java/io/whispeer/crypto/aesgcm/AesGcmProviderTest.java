package io.whispeer.crypto.aesgcm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.whispeer.api.ConfigurationException;
import io.whispeer.api.EncryptionException;
import io.whispeer.api.spi.EncryptionEngine;
import io.whispeer.api.spi.KeyedCipher;
import io.whispeer.api.spi.SealedPayload;
import io.whispeer.api.spi.Settings;
import io.whispeer.api.spi.WireIds;

class AesGcmProviderTest {
    private static final byte[] AAD = "topic=a/b".getBytes(StandardCharsets.US_ASCII);

    @Test
    void providerHasTheBuiltInNameAndId() {
        assertThat(new AesGcmProvider().name()).isEqualTo("aes-256-gcm");
        assertThat(new AesGcmProvider().id()).isEqualTo(WireIds.CIPHER_AES_256_GCM);
    }

    @Test
    void engineUses32ByteKeys12ByteNoncesAnd16ByteTags() {
        try (EncryptionEngine engine = new AesGcmProvider().create(Settings.empty())) {
            assertThat(engine.keySize()).isEqualTo(32);
            assertThat(engine.nonceSize()).isEqualTo(12);
            assertThat(engine.tagSize()).isEqualTo(16);
        }
    }

    @Test
    void defaultLimitIsTwoToThe30MessagesPerKey() {
        try (EncryptionEngine engine = new AesGcmProvider().create(Settings.empty())) {
            assertThat(engine.maxMessagesPerKey()).isEqualTo(1L << 30);
        }
    }

    @Test
    void limitMayBeRaisedToNistsTwoToThe32() {
        try (EncryptionEngine engine = create("4294967296")) {
            assertThat(engine.maxMessagesPerKey()).isEqualTo(1L << 32);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "4294967297", "9223372036854775807", "lots"})
    void limitOutsideOneToTwoToThe32IsAConfigurationErrorNamingTheSetting(String value) {
        assertThatThrownBy(() -> create(value))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("whispeer.encryption.aes-256-gcm.max-messages-per-key")
                .hasMessageContaining(value);
    }

    @Test
    void wrongKeySizeMessageNamesTheExpectedSize() {
        try (EncryptionEngine engine = new AesGcmProvider().create(Settings.empty())) {
            assertThatThrownBy(() -> engine.forKey(new SecretKeySpec(new byte[16], "AES")))
                    .isInstanceOf(EncryptionException.class)
                    .hasMessageContaining("32 bytes")
                    .hasMessageContaining("has 16 bytes");
        }
    }

    @Test
    void keysAreUsedByTheirMaterialWhateverTheirAlgorithmName() {
        try (EncryptionEngine engine = new AesGcmProvider().create(Settings.empty())) {
            SecretKey aes = AesGcmEngineTest.newAesKey();
            SecretKey raw = new SecretKeySpec(aes.getEncoded(), "RAW");
            SealedPayload sealed = engine.forKey(raw).seal("hello".getBytes(StandardCharsets.US_ASCII), AAD);
            assertThat(engine.forKey(aes).open(sealed.nonce(), sealed.ciphertext(), AAD)).asString(StandardCharsets.US_ASCII).isEqualTo("hello");
        }
    }

    @Test
    void sealingWithAKnownNonceGivesTheKnownAnswer() {
        // NIST GCM test case 14 (McGrew and Viega, "The Galois/Counter Mode of Operation", appendix B): 256-bit zero
        // key, zero nonce, one zero block.
        try (AesGcmEngine engine = (AesGcmEngine) new AesGcmProvider().create(Settings.empty())) {
            SealedPayload sealed = engine.forKey(new SecretKeySpec(new byte[32], "AES")).sealWithNonce(new byte[12], new byte[16], new byte[0]);
            assertThat(HexFormat.of().formatHex(sealed.ciphertext()))
                    .isEqualTo("cea7403d4d606b6e074ec5d3baf39d18" + "d0d1c8a799996bf0265b98b5d48ab919");
        }
    }

    @Test
    void engineRefusesToWorkAfterCloseAndSoDoItsBoundKeys() {
        EncryptionEngine engine = new AesGcmProvider().create(Settings.empty());
        KeyedCipher key = engine.forKey(AesGcmEngineTest.newAesKey());
        SealedPayload sealed = key.seal(new byte[1], AAD);
        engine.close();
        assertThatThrownBy(() -> engine.forKey(AesGcmEngineTest.newAesKey())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> key.seal(new byte[1], AAD)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> key.open(sealed.nonce(), sealed.ciphertext(), AAD)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void toStringShowsTheLimitAndNoKey() {
        try (EncryptionEngine engine = create("1000")) {
            SecretKey key = AesGcmEngineTest.newAesKey();
            KeyedCipher bound = engine.forKey(key);
            bound.seal(new byte[1], AAD);
            assertThat(engine.toString())
                    .contains("aes-256-gcm", "maxMessagesPerKey=1000")
                    .doesNotContain(HexFormat.of().formatHex(key.getEncoded()));
            assertThat(bound.toString())
                    .contains("aes-256-gcm", "sealed=1 of 1000")
                    .doesNotContain(HexFormat.of().formatHex(key.getEncoded()));
        }
    }

    private static EncryptionEngine create(String maxMessagesPerKey) {
        return new AesGcmProvider().create(Settings.of(Map.of(AesGcmProvider.MAX_MESSAGES_PER_KEY, maxMessagesPerKey)).scoped(AesGcmProvider.SCOPE));
    }
}
