package io.whispeer.crypto.chacha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.crypto.SecretKey;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.whispeer.api.ConfigurationException;
import io.whispeer.api.KeyUsageLimitException;
import io.whispeer.api.spi.EncryptionEngine;
import io.whispeer.api.spi.KeyedCipher;
import io.whispeer.api.spi.SealedPayload;
import io.whispeer.api.spi.Settings;

class KeyUsageLimitTest {
    private static final String SETTING = "whispeer.encryption.chacha20-poly1305.max-messages-per-key";
    private static final byte[] AAD = {1, 2, 3};

    private final EncryptionEngine engine = new ChaCha20Poly1305Provider().create(Settings.of(Map.of(SETTING, "1000")).scoped(ChaCha20Poly1305Provider.SCOPE));

    @AfterEach
    void closeEngine() {
        engine.close();
    }

    private static void sealTimes(KeyedCipher cipher, int times) {
        for (int i = 0; i < times; i++) {
            cipher.seal(new byte[] {(byte) i}, AAD);
        }
    }

    @Test
    void theSettingSetsTheLimitTheEngineDeclares() {
        assertThat(engine.maxMessagesPerKey()).isEqualTo(1000);
    }

    @Test
    void aBoundKeySealsExactlyTheLimitAndTheNextSealThrowsKeyUsageLimitException() {
        ChaChaKeyedCipher cipher = (ChaChaKeyedCipher) engine.forKey(TestKeys.random());
        sealTimes(cipher, 1000);
        assertThat(cipher.sealedCount()).isEqualTo(1000);
        assertThatThrownBy(() -> cipher.seal(new byte[10], AAD)).isInstanceOf(KeyUsageLimitException.class);
        assertThat(cipher.sealedCount()).as("refused seals are not counted").isEqualTo(1000);
    }

    @Test
    void threadsRacingOnOneBoundKeySealExactlyTheLimitBetweenThem() throws Exception {
        KeyedCipher cipher = engine.forKey(TestKeys.random());
        List<Callable<Boolean>> attempts = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            attempts.add(() -> {
                try {
                    cipher.seal(new byte[1], AAD);
                    return true;
                } catch (KeyUsageLimitException e) {
                    return false;
                }
            });
        }
        int sealed = 0;
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<Boolean> result : executor.invokeAll(attempts, 60, TimeUnit.SECONDS)) {
                sealed += result.get() ? 1 : 0;
            }
        }
        assertThat(sealed).isEqualTo(1000);
    }

    @Test
    void aKeyOverItsLimitStaysRefused() {
        KeyedCipher cipher = engine.forKey(TestKeys.random());
        sealTimes(cipher, 1000);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> cipher.seal(new byte[10], AAD)).isInstanceOf(KeyUsageLimitException.class);
        }
    }

    @Test
    void anotherKeyStillSealsWhenOneKeyIsExhausted() {
        sealTimes(engine.forKey(TestKeys.random()), 1000);
        KeyedCipher other = engine.forKey(TestKeys.random());
        SealedPayload sealed = other.seal(new byte[] {42}, AAD);
        assertThat(other.open(sealed.nonce(), sealed.ciphertext(), AAD)).containsExactly(42);
    }

    @Test
    void anExhaustedKeyStillOpensWhatItSealed() {
        KeyedCipher cipher = engine.forKey(TestKeys.random());
        sealTimes(cipher, 999);
        SealedPayload last = cipher.seal(new byte[] {7}, AAD);
        assertThatThrownBy(() -> cipher.seal(new byte[10], AAD)).isInstanceOf(KeyUsageLimitException.class);
        assertThat(cipher.open(last.nonce(), last.ciphertext(), AAD)).containsExactly(7);
    }

    @Test
    void theEngineKeepsNoCountSoEachBoundObjectCountsOnlyItsOwnSeals() {
        // Why a caller must bind each key once: a second binding of the same key starts again at zero.
        SecretKey key = TestKeys.random();
        sealTimes(engine.forKey(key), 1000);
        ChaChaKeyedCipher second = (ChaChaKeyedCipher) engine.forKey(key);
        assertThat(second.sealedCount()).isZero();
        second.seal(new byte[1], AAD);
        assertThat(second.sealedCount()).isEqualTo(1);
    }

    @Test
    void theRefusalNamesTheLimitAndTheSettingButNotTheKey() {
        SecretKey key = TestKeys.random();
        KeyedCipher cipher = engine.forKey(key);
        sealTimes(cipher, 1000);
        assertThatThrownBy(() -> cipher.seal(new byte[10], AAD))
                .hasMessageContaining("this key")
                .hasMessageContaining("1000")
                .hasMessageContaining(SETTING)
                .hasMessageNotContaining(HexFormat.of().formatHex(key.getEncoded()));
        assertThat(cipher.toString()).contains("1000 of 1000").doesNotContain(HexFormat.of().formatHex(key.getEncoded()));
    }

    @Test
    void theDefaultLimitIsTwoToTheThirty() {
        try (EncryptionEngine defaults = new ChaCha20Poly1305Provider().create(Settings.empty())) {
            assertThat(defaults.maxMessagesPerKey()).isEqualTo(1L << 30);
        }
    }

    @Test
    void aLimitAboveTwoToTheThirtyTwoIsRefusedNamingTheSetting() {
        Settings settings = Settings.of(Map.of(SETTING, String.valueOf((1L << 32) + 1))).scoped(ChaCha20Poly1305Provider.SCOPE);
        assertThatThrownBy(() -> new ChaCha20Poly1305Provider().create(settings))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(SETTING);
    }

    @Test
    void xchacha20Poly1305HasNoLimitAndCountsNothing() {
        try (EncryptionEngine xchacha = new XChaCha20Poly1305Provider().create(Settings.empty())) {
            assertThat(xchacha.maxMessagesPerKey()).isEqualTo(Long.MAX_VALUE);
            ChaChaKeyedCipher cipher = (ChaChaKeyedCipher) xchacha.forKey(TestKeys.random());
            cipher.seal(new byte[1], AAD);
            assertThat(cipher.sealedCount()).isZero();
            assertThat(cipher.toString()).contains("no limit");
        }
    }
}
