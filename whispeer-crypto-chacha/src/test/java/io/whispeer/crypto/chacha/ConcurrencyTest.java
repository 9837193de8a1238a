package io.whispeer.crypto.chacha;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.whispeer.api.MessageAuthenticationException;
import io.whispeer.api.spi.EncryptionEngineProvider;
import io.whispeer.api.spi.KeyedCipher;
import io.whispeer.api.spi.SealedPayload;

/** Many threads, platform and virtual, share one engine, its pool of ciphers and one bound object per key. */
class ConcurrencyTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int TASKS = 500;
    private static final int MESSAGES_PER_TASK = 40;
    private static final int KEYS = 7;

    static Stream<Arguments> engines() {
        return Stream.of(new XChaCha20Poly1305Provider(), new ChaCha20Poly1305Provider())
                .flatMap(p -> Stream.of(Arguments.of(p, "virtual"), Arguments.of(p, "platform")));
    }

    @ParameterizedTest(name = "{0} on {1} threads")
    @MethodSource("engines")
    void manyThreadsSealAndOpenWithSeveralKeysWithoutARepeatedNonceOrAWrongResult(EncryptionEngineProvider provider, String threads)
            throws Exception {
        Set<String> nonces = ConcurrentHashMap.newKeySet();
        try (ChaChaPoly1305Engine engine = TestKeys.engine(provider);
                ExecutorService executor = threads.equals("virtual") ? Executors.newVirtualThreadPerTaskExecutor()
                        : Executors.newFixedThreadPool(32)) {
            List<KeyedCipher> keys = Stream.generate(TestKeys::random).limit(KEYS).<KeyedCipher>map(engine::forKey).toList();
            List<Callable<Void>> tasks = new ArrayList<>();
            for (int t = 0; t < TASKS; t++) {
                int task = t;
                tasks.add(() -> {
                    SplittableRandom random = new SplittableRandom(task);
                    for (int i = 0; i < MESSAGES_PER_TASK; i++) {
                        KeyedCipher key = keys.get(random.nextInt(KEYS));
                        byte[] plaintext = new byte[random.nextInt(0, 3000)];
                        random.nextBytes(plaintext);
                        byte[] aad = {(byte) task, (byte) i};
                        SealedPayload sealed = key.seal(plaintext, aad);
                        assertThat(nonces.add(HexFormat.of().formatHex(sealed.nonce()))).as("nonce is new").isTrue();
                        assertThat(key.open(sealed.nonce(), sealed.ciphertext(), aad)).isEqualTo(plaintext);
                        KeyedCipher other = keys.get((keys.indexOf(key) + 1) % KEYS);
                        try {
                            other.open(sealed.nonce(), sealed.ciphertext(), aad);
                            throw new AssertionError("opened with another key");
                        } catch (MessageAuthenticationException expected) {
                            // as it must
                        }
                    }
                    return null;
                });
            }
            List<Future<Void>> futures = executor.invokeAll(tasks, TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            for (Future<Void> future : futures) {
                future.get();
            }
            assertThat(nonces).hasSize(TASKS * MESSAGES_PER_TASK);
            assertThat(engine.pool().idle()).as("idle ciphers").isLessThanOrEqualTo(Math.max(2, Runtime.getRuntime().availableProcessors()));
            assertThat(engine.pool().created()).as("ciphers created for %d messages", 3 * TASKS * MESSAGES_PER_TASK)
                    .isLessThan(TASKS * MESSAGES_PER_TASK / 10);
        }
    }
}
