package io.whispeer.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.whispeer.api.MessageAuthenticationException;
import io.whispeer.api.EncryptionException;
import io.whispeer.api.spi.EncryptionEngine;
import io.whispeer.api.spi.EncryptionEngineProvider;
import io.whispeer.api.spi.SealedPayload;
import io.whispeer.api.spi.Settings;

/**
 * The compatibility kit for {@link EncryptionEngineProvider} and {@link EncryptionEngine}, after Tink's
 * {@code AeadTest}. Extend it, return the provider and a way to make keys:
 * <pre>{@code
 * class XChaChaEngineTest extends EncryptionEngineCompatibilityKit {
 *     protected EncryptionEngineProvider provider() { return new XChaCha20Poly1305Provider(); }
 *     protected SecretKey newKey() { return new SecretKeySpec(randomBytes(32), "XChaCha20"); }
 * }
 * }</pre>
 *
 * <p>What it checks: names, ids and sizes; round trips, including empty plaintext and empty associated data; that
 * the nonce has the declared size and the ciphertext is exactly the plaintext plus the tag; that sealing the same
 * plaintext twice gives different nonces and ciphertexts; that a wrong key, other associated data, any flipped bit
 * in the nonce, ciphertext or tag, truncation, empty input and garbage throw {@link MessageAuthenticationException}
 * and nothing else; that a key of the wrong size is refused; use from many threads at once without a repeated
 * nonce; and that no exception message and no {@code toString()} reveals key bytes or plaintext.
 */
public abstract class EncryptionEngineCompatibilityKit {
    private static final byte[] AAD = "whispeer/v1 topic=sensors/kitchen id=0001".getBytes(StandardCharsets.US_ASCII);
    private static final int CONCURRENT_SEALS = 200;

    private EncryptionEngine engine;
    private final List<Throwable> failures = new ArrayList<>();

    /** For subclasses. */
    protected EncryptionEngineCompatibilityKit() {
    }

    /**
     * The provider under test.
     *
     * @return a new provider, as {@link java.util.ServiceLoader} would create it
     */
    protected abstract EncryptionEngineProvider provider();

    /**
     * A new random key for the engine, of {@link EncryptionEngine#keySize()} bytes.
     *
     * @return a key that no earlier call returned
     */
    protected abstract SecretKey newKey();

    /**
     * The settings the engine is created with.
     *
     * @return empty settings, unless overridden
     */
    protected Settings settings() {
        return Settings.empty();
    }

    /** {@return the engine under test, created once per test from {@link #provider()} and {@link #settings()}} */
    protected final EncryptionEngine engine() {
        if (engine == null) {
            engine = provider().create(settings());
            assertThat(engine).as("%s.create(settings)", provider().getClass().getName()).isNotNull();
        }
        return engine;
    }

    /** Closes the engine the test created. */
    @AfterEach
    public void closeEngine() {
        if (engine != null) {
            engine.close();
            engine = null;
        }
    }

    /** The provider's name is lowercase and its wire id fits one byte. */
    @Test
    public void providerNameIsLowercaseAndIdFitsOneByte() {
        Kits.assertValidName("encryption", provider().name());
        Kits.assertValidWireId("encryption", provider().id());
    }

    /** The engine has the same name and id as the provider that created it. */
    @Test
    public void createdEngineHasTheProvidersNameAndId() {
        assertThat(engine().name()).as("engine name").isEqualTo(provider().name());
        assertThat(engine().id()).as("engine id").isEqualTo(provider().id());
    }

    /** Keys are at least 128 bits, tags at least 96 bits, nonces not empty, and {@link #newKey()} fits the engine. */
    @Test
    public void engineDeclaresSecureKeyNonceAndTagSizes() {
        assertThat(engine().keySize()).as("key size in bytes").isGreaterThanOrEqualTo(16);
        assertThat(engine().tagSize()).as("tag size in bytes").isGreaterThanOrEqualTo(12);
        assertThat(engine().nonceSize()).as("nonce size in bytes").isBetween(1, 255);
        assertThat(newKey().getEncoded()).as("newKey() bytes").hasSize(engine().keySize());
    }

    /** Plaintexts of 1 byte to 1 MiB open to what was sealed. */
    @Test
    public void sealedPayloadsOpenToThePlaintext() {
        SecretKey key = newKey();
        for (int size : new int[] {1, 15, 16, 17, 100, 4 << 10, 64 << 10, 1 << 20}) {
            byte[] plaintext = Kits.randomBytes(size, size);
            byte[] copy = plaintext.clone();
            SealedPayload sealed = engine().seal(key, plaintext, AAD);
            assertThat(plaintext).as("plaintext after seal").isEqualTo(copy);
            assertThat(engine().open(key, sealed.nonce(), sealed.ciphertext(), AAD)).as("opened %d bytes", size).isEqualTo(copy);
        }
    }

    /** An empty plaintext seals to a bare tag and opens to an empty array. */
    @Test
    public void emptyPlaintextSealsAndOpens() {
        SecretKey key = newKey();
        SealedPayload sealed = engine().seal(key, new byte[0], AAD);
        assertThat(sealed.ciphertext()).as("ciphertext of empty plaintext").hasSize(engine().tagSize());
        assertThat(engine().open(key, sealed.nonce(), sealed.ciphertext(), AAD)).as("opened empty plaintext").isEmpty();
    }

    /** Empty associated data works, and is not the same as non-empty associated data. */
    @Test
    public void emptyAssociatedDataWorks() {
        SecretKey key = newKey();
        byte[] plaintext = "reading=21.5".getBytes(StandardCharsets.US_ASCII);
        SealedPayload sealed = engine().seal(key, plaintext, new byte[0]);
        assertThat(engine().open(key, sealed.nonce(), sealed.ciphertext(), new byte[0])).isEqualTo(plaintext);
        assertAuthenticationFails(key, sealed.nonce(), sealed.ciphertext(), AAD, "empty associated data opened with non-empty");
    }

    /** The nonce has {@link EncryptionEngine#nonceSize()} bytes and the ciphertext is the plaintext plus the tag. */
    @Test
    public void nonceHasTheDeclaredSizeAndCiphertextAddsExactlyTheTag() {
        SecretKey key = newKey();
        for (int size : new int[] {0, 1, 100, 4096}) {
            SealedPayload sealed = engine().seal(key, new byte[size], AAD);
            assertThat(sealed.nonce()).as("nonce").hasSize(engine().nonceSize());
            assertThat(sealed.ciphertext()).as("ciphertext of %d bytes of plaintext", size).hasSize(size + engine().tagSize());
        }
    }

    /** Sealing the same plaintext twice gives different nonces and different ciphertexts. */
    @Test
    public void sealingTheSamePlaintextTwiceGivesDifferentNoncesAndCiphertexts() {
        SecretKey key = newKey();
        byte[] plaintext = "the same message".getBytes(StandardCharsets.US_ASCII);
        SealedPayload first = engine().seal(key, plaintext, AAD);
        SealedPayload second = engine().seal(key, plaintext, AAD);
        assertThat(second.nonce()).as("second nonce").isNotEqualTo(first.nonce());
        assertThat(second.ciphertext()).as("second ciphertext").isNotEqualTo(first.ciphertext());
    }

    /** The ciphertext does not contain the plaintext. */
    @Test
    public void ciphertextDoesNotContainThePlaintext() {
        byte[] plaintext = Kits.compressibleBytes(1024);
        SealedPayload sealed = engine().seal(newKey(), plaintext, AAD);
        String ciphertext = new String(sealed.ciphertext(), StandardCharsets.ISO_8859_1);
        assertThat(ciphertext).as("ciphertext as Latin-1").doesNotContain(new String(plaintext, 0, 16, StandardCharsets.ISO_8859_1));
    }

    /** Opening with another key throws {@link MessageAuthenticationException}. */
    @Test
    public void openingWithAnotherKeyThrowsMessageAuthenticationException() {
        SealedPayload sealed = engine().seal(newKey(), Kits.randomBytes(100, 1), AAD);
        assertAuthenticationFails(newKey(), sealed.nonce(), sealed.ciphertext(), AAD, "another key");
    }

    /** Opening with changed, longer, shorter or empty associated data throws {@link MessageAuthenticationException}. */
    @Test
    public void openingWithOtherAssociatedDataThrowsMessageAuthenticationException() {
        SecretKey key = newKey();
        SealedPayload sealed = engine().seal(key, Kits.randomBytes(100, 2), AAD);
        assertAuthenticationFails(key, sealed.nonce(), sealed.ciphertext(), Kits.flipBit(AAD, 3, 0), "a flipped AAD bit");
        assertAuthenticationFails(key, sealed.nonce(), sealed.ciphertext(), Arrays.copyOf(AAD, AAD.length + 1), "a longer AAD");
        assertAuthenticationFails(key, sealed.nonce(), sealed.ciphertext(), Arrays.copyOf(AAD, AAD.length - 1), "a shorter AAD");
        assertAuthenticationFails(key, sealed.nonce(), sealed.ciphertext(), new byte[0], "an empty AAD");
    }

    /** Flipping any bit of the nonce makes opening throw {@link MessageAuthenticationException}. */
    @Test
    public void flippingABitOfTheNonceThrowsMessageAuthenticationException() {
        SecretKey key = newKey();
        SealedPayload sealed = engine().seal(key, Kits.randomBytes(100, 3), AAD);
        for (int i = 0; i < sealed.nonce().length; i++) {
            for (int bit : new int[] {0, 7}) {
                assertAuthenticationFails(key, Kits.flipBit(sealed.nonce(), i, bit), sealed.ciphertext(), AAD, "nonce bit " + bit + " of byte " + i);
            }
        }
    }

    /** Flipping a bit anywhere in the encrypted body makes opening throw {@link MessageAuthenticationException}. */
    @Test
    public void flippingABitOfTheCiphertextThrowsMessageAuthenticationException() {
        SecretKey key = newKey();
        SealedPayload sealed = engine().seal(key, Kits.randomBytes(100, 4), AAD);
        int body = sealed.ciphertext().length - engine().tagSize();
        for (int i = 0; i < body; i += 7) {
            assertAuthenticationFails(key, sealed.nonce(), Kits.flipBit(sealed.ciphertext(), i, i % 8), AAD, "ciphertext byte " + i);
        }
    }

    /** Flipping any bit of the tag makes opening throw {@link MessageAuthenticationException}. */
    @Test
    public void flippingABitOfTheTagThrowsMessageAuthenticationException() {
        SecretKey key = newKey();
        SealedPayload sealed = engine().seal(key, Kits.randomBytes(100, 5), AAD);
        byte[] ciphertext = sealed.ciphertext();
        for (int i = ciphertext.length - engine().tagSize(); i < ciphertext.length; i++) {
            for (int bit : new int[] {0, 7}) {
                assertAuthenticationFails(key, sealed.nonce(), Kits.flipBit(ciphertext, i, bit), AAD, "tag bit " + bit + " of byte " + i);
            }
        }
    }

    /** A ciphertext cut short, by one byte or down to less than a tag, throws {@link MessageAuthenticationException}. */
    @Test
    public void truncatedCiphertextThrowsMessageAuthenticationException() {
        SecretKey key = newKey();
        SealedPayload sealed = engine().seal(key, Kits.randomBytes(100, 6), AAD);
        byte[] ciphertext = sealed.ciphertext();
        for (int length : new int[] {ciphertext.length - 1, ciphertext.length - engine().tagSize(), engine().tagSize(),
                engine().tagSize() - 1, 1}) {
            assertAuthenticationFails(key, sealed.nonce(), Arrays.copyOf(ciphertext, length), AAD, "the first " + length + " bytes");
        }
    }

    /** An empty ciphertext throws {@link MessageAuthenticationException}. */
    @Test
    public void emptyCiphertextThrowsMessageAuthenticationException() {
        SecretKey key = newKey();
        SealedPayload sealed = engine().seal(key, new byte[0], AAD);
        assertAuthenticationFails(key, sealed.nonce(), new byte[0], AAD, "an empty ciphertext");
    }

    /** A nonce that is shorter, longer or empty throws {@link MessageAuthenticationException}. */
    @Test
    public void nonceOfTheWrongSizeThrowsMessageAuthenticationException() {
        SecretKey key = newKey();
        SealedPayload sealed = engine().seal(key, Kits.randomBytes(100, 7), AAD);
        byte[] nonce = sealed.nonce();
        assertAuthenticationFails(key, Arrays.copyOf(nonce, nonce.length - 1), sealed.ciphertext(), AAD, "a short nonce");
        assertAuthenticationFails(key, Arrays.copyOf(nonce, nonce.length + 1), sealed.ciphertext(), AAD, "a long nonce");
        assertAuthenticationFails(key, new byte[0], sealed.ciphertext(), AAD, "an empty nonce");
    }

    /** Random nonces and ciphertexts of many sizes throw {@link MessageAuthenticationException}. */
    @Test
    public void garbageThrowsMessageAuthenticationException() {
        SecretKey key = newKey();
        SplittableRandom random = new SplittableRandom(99);
        for (int i = 0; i < 100; i++) {
            byte[] nonce = Kits.randomBytes(engine().nonceSize(), random.nextLong());
            byte[] ciphertext = Kits.randomBytes(random.nextInt(0, 300), random.nextLong());
            assertAuthenticationFails(key, nonce, ciphertext, AAD, ciphertext.length + " random bytes");
        }
    }

    /** Sealing with a key of the wrong size throws {@link EncryptionException}. */
    @Test
    public void sealingWithAKeyOfTheWrongSizeThrowsEncryptionException() {
        String algorithm = newKey().getAlgorithm();
        for (int size : new int[] {engine().keySize() - 1, engine().keySize() + 1}) {
            SecretKey wrong = new SecretKeySpec(Kits.randomBytes(size, size), algorithm);
            assertThatThrownBy(() -> engine().seal(wrong, new byte[10], AAD))
                    .as("seal with a key of %d bytes", size)
                    .isInstanceOf(EncryptionException.class);
        }
    }

    /**
     * One engine seals and opens correctly from many threads at once, and never repeats a nonce.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void concurrentSealingAndOpeningWorksAndNeverRepeatsANonce() throws Exception {
        EncryptionEngine shared = engine();
        SecretKey key = newKey();
        Set<String> nonces = ConcurrentHashMap.newKeySet();
        Kits.concurrently(Kits.THREADS, thread -> {
            for (int i = 0; i < CONCURRENT_SEALS; i++) {
                byte[] plaintext = Kits.randomBytes(1 + (i * 31 + thread) % 2000, i * 1000L + thread);
                SealedPayload sealed = shared.seal(key, plaintext, AAD);
                assertThat(nonces.add(HexFormat.of().formatHex(sealed.nonce()))).as("nonce is new").isTrue();
                assertThat(shared.open(key, sealed.nonce(), sealed.ciphertext(), AAD)).isEqualTo(plaintext);
            }
        });
        assertThat(nonces).hasSize(Kits.THREADS * CONCURRENT_SEALS);
    }

    /** No exception message and no {@code toString()} contains the key (as hex or Base64) or the plaintext. */
    @Test
    public void exceptionsAndToStringRevealNoKeyOrPlaintext() {
        SecretKey key = newKey();
        String secret = "plaintext-canary-" + HexFormat.of().formatHex(Kits.randomBytes(8, System.nanoTime()));
        byte[] plaintext = secret.getBytes(StandardCharsets.US_ASCII);
        SealedPayload sealed = engine().seal(key, plaintext, AAD);
        engine().open(key, sealed.nonce(), sealed.ciphertext(), AAD);
        failures.clear();
        assertAuthenticationFails(key, Kits.flipBit(sealed.nonce(), 0, 0), sealed.ciphertext(), AAD, "a flipped nonce bit");
        assertAuthenticationFails(key, sealed.nonce(), Kits.flipBit(sealed.ciphertext(), 0, 0), AAD, "a flipped ciphertext bit");
        assertAuthenticationFails(key, sealed.nonce(), Arrays.copyOf(sealed.ciphertext(), 3), AAD, "a truncated ciphertext");
        assertAuthenticationFails(newKey(), sealed.nonce(), sealed.ciphertext(), AAD, "another key");
        try {
            engine().seal(new SecretKeySpec(Arrays.copyOf(key.getEncoded(), engine().keySize() + 1), key.getAlgorithm()), plaintext, AAD);
        } catch (RuntimeException e) {
            failures.add(e);
        }

        byte[] keyBytes = key.getEncoded();
        List<String> forbidden = List.of(HexFormat.of().formatHex(keyBytes), HexFormat.of().withUpperCase().formatHex(keyBytes),
                Base64.getEncoder().encodeToString(keyBytes), secret);
        List<String> texts = new ArrayList<>();
        texts.add(String.valueOf(engine()));
        texts.add(String.valueOf(sealed));
        failures.forEach(f -> texts.addAll(Kits.describeAll(f)));
        for (String text : texts) {
            for (String secretText : forbidden) {
                assertThat(text).as("exception message or toString()").doesNotContain(secretText);
            }
        }
    }

    /** Closing the engine twice is harmless. */
    @Test
    public void closeIsIdempotent() {
        EncryptionEngine created = provider().create(settings());
        created.close();
        created.close();
    }

    /**
     * Checks that opening throws {@link MessageAuthenticationException} and nothing else.
     *
     * @param key         the key
     * @param nonce       the nonce
     * @param ciphertext  the ciphertext with tag
     * @param aad         the associated data
     * @param description what was changed, for the failure message
     */
    protected final void assertAuthenticationFails(SecretKey key, byte[] nonce, byte[] ciphertext, byte[] aad, String description) {
        byte[] opened;
        try {
            opened = engine().open(key, nonce, ciphertext, aad);
        } catch (MessageAuthenticationException e) {
            failures.add(e);
            return;
        } catch (RuntimeException | Error e) {
            throw new AssertionError("opening with " + description + " threw " + e.getClass().getName()
                    + "; engines must throw MessageAuthenticationException and nothing else", e);
        }
        throw new AssertionError("opening with " + description + " returned " + (opened == null ? "null" : opened.length + " bytes")
                + " instead of throwing MessageAuthenticationException");
    }
}
