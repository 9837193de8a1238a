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
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.whispeer.api.ConfigurationException;
import io.whispeer.api.KeyUsageLimitException;
import io.whispeer.api.spi.EncryptionEngine;
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

    private void sealTimes(SecretKey key, int times) {
        for (int i = 0; i < times; i++) {
            engine.seal(key, new byte[] {(byte) i}, AAD);
        }
    }

    @Test
    void theSettingSetsTheLimitTheEngineDeclares() {
        assertThat(engine.maxMessagesPerKey()).isEqualTo(1000);
    }

    @Test
    void aKeySealsExactlyTheLimitAndTheNextSealThrowsKeyUsageLimitException() {
        SecretKey key = TestKeys.random();
        sealTimes(key, 1000);
        assertThatThrownBy(() -> engine.seal(key, new byte[10], AAD)).isInstanceOf(KeyUsageLimitException.class);
    }

    @Test
    void threadsRacingOnOneKeySealExactlyTheLimitBetweenThem() throws Exception {
        SecretKey key = TestKeys.random();
        List<Callable<Boolean>> attempts = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            attempts.add(() -> {
                try {
                    engine.seal(key, new byte[1], AAD);
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
        SecretKey key = TestKeys.random();
        sealTimes(key, 1000);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> engine.seal(key, new byte[10], AAD)).isInstanceOf(KeyUsageLimitException.class);
        }
    }

    @Test
    void anotherKeyStillSealsWhenOneKeyIsExhausted() {
        SecretKey exhausted = TestKeys.random();
        sealTimes(exhausted, 1000);
        SecretKey other = TestKeys.random();
        SealedPayload sealed = engine.seal(other, new byte[] {42}, AAD);
        assertThat(engine.open(other, sealed.nonce(), sealed.ciphertext(), AAD)).containsExactly(42);
    }

    @Test
    void anExhaustedKeyStillOpensWhatItSealed() {
        SecretKey key = TestKeys.random();
        sealTimes(key, 999);
        SealedPayload last = engine.seal(key, new byte[] {7}, AAD);
        assertThatThrownBy(() -> engine.seal(key, new byte[10], AAD)).isInstanceOf(KeyUsageLimitException.class);
        assertThat(engine.open(key, last.nonce(), last.ciphertext(), AAD)).containsExactly(7);
    }

    @Test
    void keysAreCountedByTheirBytesWhateverTheirObjectOrAlgorithmName() {
        byte[] material = TestKeys.random().getEncoded();
        for (int i = 0; i < 1000; i++) {
            engine.seal(new SecretKeySpec(material, i % 2 == 0 ? "ChaCha20" : "RAW"), new byte[1], AAD);
        }
        assertThatThrownBy(() -> engine.seal(new SecretKeySpec(material, "XYZ"), new byte[1], AAD))
                .isInstanceOf(KeyUsageLimitException.class);
    }

    @Test
    void theRefusalNamesTheLimitAndTheSettingButNotTheKey() {
        SecretKey key = TestKeys.random();
        sealTimes(key, 1000);
        assertThatThrownBy(() -> engine.seal(key, new byte[10], AAD))
                .hasMessageContaining("this key")
                .hasMessageContaining("1000")
                .hasMessageContaining(SETTING)
                .hasMessageNotContaining(HexFormat.of().formatHex(key.getEncoded()));
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
    void xchacha20Poly1305HasNoLimit() {
        try (EncryptionEngine xchacha = new XChaCha20Poly1305Provider().create(Settings.empty())) {
            assertThat(xchacha.maxMessagesPerKey()).isEqualTo(Long.MAX_VALUE);
        }
    }
}
