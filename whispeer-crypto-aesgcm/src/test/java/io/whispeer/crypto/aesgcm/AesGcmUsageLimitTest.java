package io.whispeer.crypto.aesgcm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.whispeer.api.KeyUsageLimitException;
import io.whispeer.api.spi.SealedPayload;
import io.whispeer.api.spi.Settings;

class AesGcmUsageLimitTest {
    private static final byte[] AAD = "topic=sensors/kitchen".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PLAINTEXT = "21.5".getBytes(StandardCharsets.US_ASCII);

    private final AesGcmEngine engine = (AesGcmEngine) new AesGcmProvider()
            .create(Settings.of(Map.of("whispeer.encryption.aes-256-gcm.max-messages-per-key", "1000")).scoped(AesGcmProvider.SCOPE));

    @AfterEach
    void closeEngine() {
        engine.close();
    }

    @Test
    void exactly1000SealsWithOneKeySucceedAndThe1001stThrowsKeyUsageLimitException() {
        SecretKey key = AesGcmEngineTest.newAesKey();
        for (int i = 0; i < 1000; i++) {
            engine.seal(key, PLAINTEXT, AAD);
        }
        assertThat(engine.sealedCount(key)).isEqualTo(1000);
        assertThatThrownBy(() -> engine.seal(key, PLAINTEXT, AAD)).isInstanceOf(KeyUsageLimitException.class);
        assertThat(engine.sealedCount(key)).as("refused seals are not counted").isEqualTo(1000);
    }

    @Test
    void anotherKeyStillSealsAfterOneKeyReachedTheLimit() {
        SecretKey exhausted = AesGcmEngineTest.newAesKey();
        exhaust(exhausted);
        SecretKey fresh = AesGcmEngineTest.newAesKey();
        SealedPayload sealed = engine.seal(fresh, PLAINTEXT, AAD);
        assertThat(engine.open(fresh, sealed.nonce(), sealed.ciphertext(), AAD)).isEqualTo(PLAINTEXT);
    }

    @Test
    void anExhaustedKeyStillOpensWhatItSealed() {
        SecretKey key = AesGcmEngineTest.newAesKey();
        SealedPayload first = engine.seal(key, PLAINTEXT, AAD);
        exhaust(key);
        assertThat(engine.open(key, first.nonce(), first.ciphertext(), AAD)).isEqualTo(PLAINTEXT);
    }

    @Test
    void anotherObjectWithTheSameKeyMaterialSharesTheCount() {
        SecretKey key = AesGcmEngineTest.newAesKey();
        exhaust(key);
        SecretKey sameMaterial = new SecretKeySpec(key.getEncoded(), "RawBytes");
        assertThatThrownBy(() -> engine.seal(sameMaterial, PLAINTEXT, AAD)).isInstanceOf(KeyUsageLimitException.class);
    }

    @Test
    void limitMessageNamesTheLimitTheSettingAndRotationButNoKey() {
        SecretKey key = AesGcmEngineTest.newAesKey();
        exhaust(key);
        byte[] bytes = key.getEncoded();
        assertThatThrownBy(() -> engine.seal(key, PLAINTEXT, AAD))
                .isInstanceOf(KeyUsageLimitException.class)
                .hasMessageContaining("1000")
                .hasMessageContaining("whispeer.encryption.aes-256-gcm.max-messages-per-key")
                .hasMessageContainingAll("Rotate the key")
                .hasNoCause()
                .message()
                .doesNotContain(HexFormat.of().formatHex(bytes), HexFormat.of().withUpperCase().formatHex(bytes),
                        Base64.getEncoder().encodeToString(bytes));
    }

    @Test
    void manyThreadsRacingForTheLastMessagesSealExactlyTheLimit() throws Exception {
        SecretKey key = AesGcmEngineTest.newAesKey();
        AtomicInteger sealed = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> tasks = new ArrayList<>();
            for (int t = 0; t < 50; t++) {
                tasks.add(threads.submit(() -> {
                    for (int i = 0; i < 40; i++) {
                        try {
                            engine.seal(key, PLAINTEXT, AAD);
                            sealed.incrementAndGet();
                        } catch (KeyUsageLimitException e) {
                            refused.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> task : tasks) {
                task.get();
            }
        }
        assertThat(sealed).hasValue(1000);
        assertThat(refused).hasValue(1000);
        assertThat(engine.sealedCount(key)).isEqualTo(1000);
    }

    private void exhaust(SecretKey key) {
        for (long i = engine.sealedCount(key); i < 1000; i++) {
            engine.seal(key, PLAINTEXT, AAD);
        }
    }
}
