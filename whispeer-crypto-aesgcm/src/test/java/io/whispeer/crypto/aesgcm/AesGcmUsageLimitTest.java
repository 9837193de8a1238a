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
        AesGcmEngine.Bound key = engine.forKey(AesGcmEngineTest.newAesKey());
        for (int i = 0; i < 1000; i++) {
            key.seal(PLAINTEXT, AAD);
        }
        assertThat(key.sealedCount()).isEqualTo(1000);
        assertThatThrownBy(() -> key.seal(PLAINTEXT, AAD)).isInstanceOf(KeyUsageLimitException.class);
        assertThat(key.sealedCount()).as("refused seals are not counted").isEqualTo(1000);
    }

    @Test
    void anotherKeyStillSealsAfterOneKeyReachedTheLimit() {
        AesGcmEngine.Bound exhausted = engine.forKey(AesGcmEngineTest.newAesKey());
        exhaust(exhausted);
        AesGcmEngine.Bound fresh = engine.forKey(AesGcmEngineTest.newAesKey());
        SealedPayload sealed = fresh.seal(PLAINTEXT, AAD);
        assertThat(fresh.open(sealed.nonce(), sealed.ciphertext(), AAD)).isEqualTo(PLAINTEXT);
    }

    @Test
    void anExhaustedKeyStillOpensWhatItSealed() {
        AesGcmEngine.Bound key = engine.forKey(AesGcmEngineTest.newAesKey());
        SealedPayload first = key.seal(PLAINTEXT, AAD);
        exhaust(key);
        assertThat(key.open(first.nonce(), first.ciphertext(), AAD)).isEqualTo(PLAINTEXT);
    }

    @Test
    void theEngineKeepsNoCountSoEachBoundObjectCountsOnlyItsOwnSeals() {
        // Why a caller must bind each key once and reuse the bound object: a second binding starts again at zero.
        SecretKey material = AesGcmEngineTest.newAesKey();
        exhaust(engine.forKey(material));
        AesGcmEngine.Bound second = engine.forKey(new SecretKeySpec(material.getEncoded(), "RawBytes"));
        assertThat(second.sealedCount()).isZero();
        second.seal(PLAINTEXT, AAD);
        assertThat(second.sealedCount()).isEqualTo(1);
    }

    @Test
    void limitMessageNamesTheLimitTheSettingAndRotationButNoKey() {
        SecretKey material = AesGcmEngineTest.newAesKey();
        AesGcmEngine.Bound key = engine.forKey(material);
        exhaust(key);
        byte[] bytes = material.getEncoded();
        assertThatThrownBy(() -> key.seal(PLAINTEXT, AAD))
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
        AesGcmEngine.Bound key = engine.forKey(AesGcmEngineTest.newAesKey());
        AtomicInteger sealed = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> tasks = new ArrayList<>();
            for (int t = 0; t < 50; t++) {
                tasks.add(threads.submit(() -> {
                    for (int i = 0; i < 40; i++) {
                        try {
                            key.seal(PLAINTEXT, AAD);
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
        assertThat(key.sealedCount()).isEqualTo(1000);
    }

    private static void exhaust(AesGcmEngine.Bound key) {
        for (long i = key.sealedCount(); i < 1000; i++) {
            key.seal(PLAINTEXT, AAD);
        }
    }
}
