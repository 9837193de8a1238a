package io.whispeer.crypto.aesgcm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.whispeer.api.MessageAuthenticationException;
import io.whispeer.api.spi.SealedPayload;
import io.whispeer.api.spi.Settings;

class AesGcmConcurrencyTest {
    private static final byte[] AAD = "topic=sensors/kitchen".getBytes(StandardCharsets.US_ASCII);

    private final AesGcmEngine engine = (AesGcmEngine) new AesGcmProvider().create(Settings.empty());

    @AfterEach
    void closeEngine() {
        engine.close();
    }

    private record Sealed(int key, byte[] plaintext, SealedPayload payload) {
    }

    @Test
    void manyVirtualThreadsSealAndOpenEachOthersMessagesUnderSeveralKeys() throws Exception {
        int threads = 64;
        int messagesPerThread = 300;
        List<AesGcmEngine.Bound> keys = List.of(engine.forKey(AesGcmEngineTest.newAesKey()), engine.forKey(AesGcmEngineTest.newAesKey()),
                engine.forKey(AesGcmEngineTest.newAesKey()));
        ConcurrentLinkedQueue<Sealed> mailbox = new ConcurrentLinkedQueue<>();
        Set<String> nonces = ConcurrentHashMap.newKeySet();
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> tasks = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long seed = t;
                tasks.add(pool.submit(() -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    start.await();
                    int opened = 0;
                    for (int i = 0; i < messagesPerThread; i++) {
                        int k = random.nextInt(keys.size());
                        byte[] plaintext = new byte[random.nextInt(0, 3000)];
                        random.nextBytes(plaintext);
                        SealedPayload payload = keys.get(k).seal(plaintext, AAD);
                        assertThat(nonces.add(HexFormat.of().formatHex(payload.nonce()))).as("nonce is new").isTrue();
                        mailbox.add(new Sealed(k, plaintext, payload));
                        Sealed other = mailbox.poll();
                        if (other != null) {
                            SealedPayload p = other.payload();
                            assertThat(keys.get(other.key()).open(p.nonce(), p.ciphertext(), AAD)).isEqualTo(other.plaintext());
                            opened++;
                            int wrong = (other.key() + 1) % keys.size();
                            assertThatThrownBy(() -> keys.get(wrong).open(p.nonce(), p.ciphertext(), AAD))
                                    .isInstanceOf(MessageAuthenticationException.class);
                        }
                    }
                    return opened;
                }));
            }
            start.countDown();
            int opened = 0;
            for (Future<Integer> task : tasks) {
                opened += task.get();
            }
            assertThat(opened).isEqualTo(threads * messagesPerThread);
        }
        assertThat(nonces).hasSize(threads * messagesPerThread);
        assertThat(keys.stream().mapToLong(AesGcmEngine.Bound::sealedCount).sum()).isEqualTo(threads * messagesPerThread);
    }

    @Test
    void onePooledCipherIsReinitialisedWithANewNonceForEveryMessage() {
        AesGcmEngine.Bound key = engine.forKey(AesGcmEngineTest.newAesKey());
        byte[] plaintext = "the same message".getBytes(StandardCharsets.US_ASCII);
        Set<String> ciphertexts = new java.util.HashSet<>();
        for (int i = 0; i < 1000; i++) {
            SealedPayload sealed = key.seal(plaintext, AAD);
            assertThat(key.open(sealed.nonce(), sealed.ciphertext(), AAD)).isEqualTo(plaintext);
            ciphertexts.add(HexFormat.of().formatHex(sealed.ciphertext()));
        }
        assertThat(ciphertexts).hasSize(1000);
        assertThat(key.toString()).contains("sealed=1000");
    }

    @Test
    void sealingAndOpeningWorkAfterAFailedOpen() {
        AesGcmEngine.Bound key = engine.forKey(AesGcmEngineTest.newAesKey());
        byte[] plaintext = "after a failure".getBytes(StandardCharsets.US_ASCII);
        SealedPayload sealed = key.seal(plaintext, AAD);
        byte[] tampered = sealed.ciphertext().clone();
        tampered[0] ^= 1;
        assertThatThrownBy(() -> key.open(sealed.nonce(), tampered, AAD)).isInstanceOf(MessageAuthenticationException.class);
        SealedPayload again = key.seal(plaintext, AAD);
        assertThat(key.open(again.nonce(), again.ciphertext(), AAD)).isEqualTo(plaintext);
        assertThat(key.open(sealed.nonce(), sealed.ciphertext(), AAD)).isEqualTo(plaintext);
    }

    @Test
    void openingWhatThisEngineJustSealedAndSealingAgainWithTheSameKeyWorks() {
        // The JCE refuses to encrypt twice with one key and IV on one Cipher; an open with the seal's own key and
        // nonce in between must not make the next seal, with a fresh nonce, look like a repeat.
        AesGcmEngine.Bound key = engine.forKey(AesGcmEngineTest.newAesKey());
        for (int i = 0; i < 100; i++) {
            SealedPayload sealed = key.seal(new byte[i], AAD);
            key.open(sealed.nonce(), sealed.ciphertext(), AAD);
        }
    }
}
