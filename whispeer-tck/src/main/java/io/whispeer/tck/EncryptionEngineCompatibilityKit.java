package io.whispeer.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import io.whispeer.api.MessageAuthenticationException;
import io.whispeer.api.EncryptionException;
import io.whispeer.api.KeyUsageLimitException;
import io.whispeer.api.spi.BuiltInProviders;
import io.whispeer.api.spi.EncryptionEngine;
import io.whispeer.api.spi.EncryptionEngineProvider;
import io.whispeer.api.spi.KeyedCipher;
import io.whispeer.api.spi.SealedPayload;
import io.whispeer.api.spi.Settings;

/**
 * The compatibility kit for {@link EncryptionEngineProvider}, {@link EncryptionEngine} and the {@link KeyedCipher}s
 * its {@link EncryptionEngine#forKey} binds, after Tink's {@code AeadTest}. Extend it, return the provider and a way
 * to make keys:
 * <pre>{@code
 * class XChaChaEngineTest extends EncryptionEngineCompatibilityKit {
 *     protected EncryptionEngineProvider provider() { return new XChaCha20Poly1305Provider(); }
 *     protected SecretKey newKey() { return new SecretKeySpec(randomBytes(32), "XChaCha20"); }
 * }
 * }</pre>
 * An engine with a per-key message limit also overrides {@link #settingsWithMessageLimit(long)}.
 *
 * <p>What it checks: names, ids and sizes; round trips, including empty plaintext and empty associated data; that
 * the nonce has the declared size and the ciphertext is exactly the plaintext plus the tag; that sealing the same
 * plaintext twice gives different nonces and ciphertexts; that a bound object uses the key it was bound to; that a
 * wrong key, other associated data, any flipped bit in the nonce, ciphertext or tag, truncation, empty input and
 * garbage throw {@link MessageAuthenticationException} and nothing else; that {@code forKey} refuses a key of the
 * wrong size naming both sizes; use of one bound object from many threads at once without a repeated nonce; that
 * each bound object seals exactly {@link EncryptionEngine#maxMessagesPerKey()} messages, then refuses; that a
 * closed bound object refuses to work; and that no exception message and no {@code toString()} reveals key bytes or
 * plaintext.
 */
public abstract class EncryptionEngineCompatibilityKit {
    private static final byte[] AAD = "whispeer/v1 topic=sensors/kitchen id=0001".getBytes(StandardCharsets.US_ASCII);
    private static final int CONCURRENT_SEALS = 200;
    /** The limit the usage-limit checks set through {@link #settingsWithMessageLimit(long)}. */
    private static final int LIMIT = 100;
    /** The highest limit an engine may declare for the kit to reach it without {@link #settingsWithMessageLimit}. */
    private static final long REACHABLE_LIMIT = 10_000;

    private EncryptionEngine engine;
    private final List<EncryptionEngine> extraEngines = new CopyOnWriteArrayList<>();
    private final List<KeyedCipher> bound = new CopyOnWriteArrayList<>();
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

    /**
     * Settings that make the engine declare a {@link EncryptionEngine#maxMessagesPerKey()} of {@code limit}, so that
     * the kit can reach it. An engine with a limit too high to reach in a test (above 10,000) must override this.
     *
     * @param limit the limit the engine must declare (the kit asks for 100)
     * @return the settings as {@code create} receives them (scoped to the engine: {@code max-messages-per-key}, not
     *     {@code whispeer.encryption.<name>.max-messages-per-key}), or empty (the default) when the engine's limit
     *     cannot be set
     */
    protected Optional<Settings> settingsWithMessageLimit(long limit) {
        return Optional.empty();
    }

    /** {@return the engine under test, created once per test from {@link #provider()} and {@link #settings()}} */
    protected final EncryptionEngine engine() {
        if (engine == null) {
            engine = provider().create(settings());
            assertThat(engine).as("%s.create(settings)", provider().getClass().getName()).isNotNull();
        }
        return engine;
    }

    /**
     * Binds a key to the engine under test; the kit closes the bound object after the test.
     *
     * @param key the key
     * @return the bound object
     */
    protected final KeyedCipher bind(SecretKey key) {
        return bind(engine(), key);
    }

    private KeyedCipher bind(EncryptionEngine onto, SecretKey key) {
        KeyedCipher cipher = onto.forKey(key);
        assertThat(cipher).as("%s.forKey(key)", onto.name()).isNotNull();
        bound.add(cipher);
        return cipher;
    }

    /** Closes the bound objects and the engines the test created. */
    @AfterEach
    public void closeEngine() {
        bound.forEach(KeyedCipher::close);
        bound.clear();
        extraEngines.forEach(EncryptionEngine::close);
        extraEngines.clear();
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

    /**
     * The provider claims no built-in name and no reserved id, unless it is the built-in provider class itself:
     * {@code build()} refuses such a provider with this same message ({@link BuiltInProviders#identityProblem}).
     */
    @Test
    public void providerClaimsNoBuiltInNameOrReservedIdThatBuildWouldRefuse() {
        Kits.assertIdentityAccepted(BuiltInProviders.ENCRYPTION, provider(), provider().name(), provider().id());
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
        KeyedCipher cipher = bind(newKey());
        for (int size : new int[] {1, 15, 16, 17, 100, 4 << 10, 64 << 10, 1 << 20}) {
            byte[] plaintext = Kits.randomBytes(size, size);
            byte[] copy = plaintext.clone();
            SealedPayload sealed = cipher.seal(plaintext, AAD);
            Kits.assertSameBytes("plaintext after seal", plaintext, copy);
            Kits.assertSameBytes(String.format("opened %d bytes", size), cipher.open(sealed.nonce(), sealed.ciphertext(), AAD), copy);
        }
    }

    /** Another object bound to the same material, under another algorithm name, opens what the first sealed. */
    @Test
    public void anotherBoundObjectForTheSameKeyMaterialOpensWhatTheFirstSealed() {
        SecretKey key = newKey();
        SealedPayload sealed = bind(key).seal("reading=21.5".getBytes(StandardCharsets.US_ASCII), AAD);
        KeyedCipher again = bind(new SecretKeySpec(key.getEncoded(), "RAW"));
        assertThat(again.open(sealed.nonce(), sealed.ciphertext(), AAD)).asString(StandardCharsets.US_ASCII).isEqualTo("reading=21.5");
    }

    /** A bound object seals and opens under the key it was bound to, and under no other. */
    @Test
    public void boundObjectsUseTheKeyTheyWereBoundTo() {
        KeyedCipher first = bind(newKey());
        KeyedCipher second = bind(newKey());
        byte[] plaintext = Kits.randomBytes(64, 11);
        SealedPayload byFirst = first.seal(plaintext, AAD);
        SealedPayload bySecond = second.seal(plaintext, AAD);
        Kits.assertSameBytes("first.open(byFirst.nonce(), byFirst.ciphertext(), AAD)", first.open(byFirst.nonce(), byFirst.ciphertext(), AAD), plaintext);
        Kits.assertSameBytes("second.open(bySecond.nonce(), bySecond.ciphertext(), AAD)", second.open(bySecond.nonce(), bySecond.ciphertext(), AAD), plaintext);
        assertAuthenticationFails(second, byFirst.nonce(), byFirst.ciphertext(), AAD, "an object bound to another key (first sealed)");
        assertAuthenticationFails(first, bySecond.nonce(), bySecond.ciphertext(), AAD, "an object bound to another key (second sealed)");
    }

    /** An empty plaintext seals to a bare tag and opens to an empty array. */
    @Test
    public void emptyPlaintextSealsAndOpens() {
        KeyedCipher cipher = bind(newKey());
        SealedPayload sealed = cipher.seal(new byte[0], AAD);
        assertThat(sealed.ciphertext()).as("ciphertext of empty plaintext").hasSize(engine().tagSize());
        assertThat(cipher.open(sealed.nonce(), sealed.ciphertext(), AAD)).as("opened empty plaintext").isEmpty();
    }

    /** Empty associated data works, and is not the same as non-empty associated data. */
    @Test
    public void emptyAssociatedDataWorks() {
        KeyedCipher cipher = bind(newKey());
        byte[] plaintext = "reading=21.5".getBytes(StandardCharsets.US_ASCII);
        SealedPayload sealed = cipher.seal(plaintext, new byte[0]);
        Kits.assertSameBytes("cipher.open(sealed.nonce(), sealed.ciphertext(), new byte[0])", cipher.open(sealed.nonce(), sealed.ciphertext(), new byte[0]), plaintext);
        assertAuthenticationFails(cipher, sealed.nonce(), sealed.ciphertext(), AAD, "empty associated data opened with non-empty");
    }

    /** The nonce has {@link EncryptionEngine#nonceSize()} bytes and the ciphertext is the plaintext plus the tag. */
    @Test
    public void nonceHasTheDeclaredSizeAndCiphertextAddsExactlyTheTag() {
        KeyedCipher cipher = bind(newKey());
        for (int size : new int[] {0, 1, 100, 4096}) {
            SealedPayload sealed = cipher.seal(new byte[size], AAD);
            assertThat(sealed.nonce()).as("nonce").hasSize(engine().nonceSize());
            assertThat(sealed.ciphertext()).as("ciphertext of %d bytes of plaintext", size).hasSize(size + engine().tagSize());
        }
    }

    /** Sealing the same plaintext twice gives different nonces and different ciphertexts. */
    @Test
    public void sealingTheSamePlaintextTwiceGivesDifferentNoncesAndCiphertexts() {
        KeyedCipher cipher = bind(newKey());
        byte[] plaintext = "the same message".getBytes(StandardCharsets.US_ASCII);
        SealedPayload first = cipher.seal(plaintext, AAD);
        SealedPayload second = cipher.seal(plaintext, AAD);
        Kits.assertDifferentBytes("second nonce", second.nonce(), first.nonce());
        Kits.assertDifferentBytes("second ciphertext", second.ciphertext(), first.ciphertext());
    }

    /** The ciphertext does not contain the plaintext. */
    @Test
    public void ciphertextDoesNotContainThePlaintext() {
        byte[] plaintext = Kits.compressibleBytes(1024);
        SealedPayload sealed = bind(newKey()).seal(plaintext, AAD);
        String ciphertext = new String(sealed.ciphertext(), StandardCharsets.ISO_8859_1);
        assertThat(ciphertext).as("ciphertext as Latin-1").doesNotContain(new String(plaintext, 0, 16, StandardCharsets.ISO_8859_1));
    }

    /** Opening with another key throws {@link MessageAuthenticationException}. */
    @Test
    public void openingWithAnotherKeyThrowsMessageAuthenticationException() {
        SealedPayload sealed = bind(newKey()).seal(Kits.randomBytes(100, 1), AAD);
        assertAuthenticationFails(bind(newKey()), sealed.nonce(), sealed.ciphertext(), AAD, "another key");
    }

    /** Opening with changed, longer, shorter or empty associated data throws {@link MessageAuthenticationException}. */
    @Test
    public void openingWithOtherAssociatedDataThrowsMessageAuthenticationException() {
        KeyedCipher cipher = bind(newKey());
        SealedPayload sealed = cipher.seal(Kits.randomBytes(100, 2), AAD);
        assertAuthenticationFails(cipher, sealed.nonce(), sealed.ciphertext(), Kits.flipBit(AAD, 3, 0), "a flipped AAD bit");
        assertAuthenticationFails(cipher, sealed.nonce(), sealed.ciphertext(), Arrays.copyOf(AAD, AAD.length + 1), "a longer AAD");
        assertAuthenticationFails(cipher, sealed.nonce(), sealed.ciphertext(), Arrays.copyOf(AAD, AAD.length - 1), "a shorter AAD");
        assertAuthenticationFails(cipher, sealed.nonce(), sealed.ciphertext(), new byte[0], "an empty AAD");
    }

    /** Flipping any bit of the nonce makes opening throw {@link MessageAuthenticationException}. */
    @Test
    public void flippingABitOfTheNonceThrowsMessageAuthenticationException() {
        KeyedCipher cipher = bind(newKey());
        SealedPayload sealed = cipher.seal(Kits.randomBytes(100, 3), AAD);
        for (int i = 0; i < sealed.nonce().length; i++) {
            for (int bit : new int[] {0, 7}) {
                assertAuthenticationFails(cipher, Kits.flipBit(sealed.nonce(), i, bit), sealed.ciphertext(), AAD, "nonce bit " + bit + " of byte " + i);
            }
        }
    }

    /** Flipping a bit anywhere in the encrypted body makes opening throw {@link MessageAuthenticationException}. */
    @Test
    public void flippingABitOfTheCiphertextThrowsMessageAuthenticationException() {
        KeyedCipher cipher = bind(newKey());
        SealedPayload sealed = cipher.seal(Kits.randomBytes(100, 4), AAD);
        int body = sealed.ciphertext().length - engine().tagSize();
        for (int i = 0; i < body; i += 7) {
            assertAuthenticationFails(cipher, sealed.nonce(), Kits.flipBit(sealed.ciphertext(), i, i % 8), AAD, "ciphertext byte " + i);
        }
    }

    /** Flipping any bit of the tag makes opening throw {@link MessageAuthenticationException}. */
    @Test
    public void flippingABitOfTheTagThrowsMessageAuthenticationException() {
        KeyedCipher cipher = bind(newKey());
        SealedPayload sealed = cipher.seal(Kits.randomBytes(100, 5), AAD);
        byte[] ciphertext = sealed.ciphertext();
        for (int i = ciphertext.length - engine().tagSize(); i < ciphertext.length; i++) {
            for (int bit : new int[] {0, 7}) {
                assertAuthenticationFails(cipher, sealed.nonce(), Kits.flipBit(ciphertext, i, bit), AAD, "tag bit " + bit + " of byte " + i);
            }
        }
    }

    /** A ciphertext cut short, by one byte or down to less than a tag, throws {@link MessageAuthenticationException}. */
    @Test
    public void truncatedCiphertextThrowsMessageAuthenticationException() {
        KeyedCipher cipher = bind(newKey());
        SealedPayload sealed = cipher.seal(Kits.randomBytes(100, 6), AAD);
        byte[] ciphertext = sealed.ciphertext();
        for (int length : new int[] {ciphertext.length - 1, ciphertext.length - engine().tagSize(), engine().tagSize(),
                engine().tagSize() - 1, 1}) {
            assertAuthenticationFails(cipher, sealed.nonce(), Arrays.copyOf(ciphertext, length), AAD, "the first " + length + " bytes");
        }
    }

    /** An empty ciphertext throws {@link MessageAuthenticationException}. */
    @Test
    public void emptyCiphertextThrowsMessageAuthenticationException() {
        KeyedCipher cipher = bind(newKey());
        SealedPayload sealed = cipher.seal(new byte[0], AAD);
        assertAuthenticationFails(cipher, sealed.nonce(), new byte[0], AAD, "an empty ciphertext");
    }

    /** A nonce that is shorter, longer or empty throws {@link MessageAuthenticationException}. */
    @Test
    public void nonceOfTheWrongSizeThrowsMessageAuthenticationException() {
        KeyedCipher cipher = bind(newKey());
        SealedPayload sealed = cipher.seal(Kits.randomBytes(100, 7), AAD);
        byte[] nonce = sealed.nonce();
        assertAuthenticationFails(cipher, Arrays.copyOf(nonce, nonce.length - 1), sealed.ciphertext(), AAD, "a short nonce");
        assertAuthenticationFails(cipher, Arrays.copyOf(nonce, nonce.length + 1), sealed.ciphertext(), AAD, "a long nonce");
        assertAuthenticationFails(cipher, new byte[0], sealed.ciphertext(), AAD, "an empty nonce");
    }

    /** Random nonces and ciphertexts of many sizes throw {@link MessageAuthenticationException}. */
    @Test
    public void garbageThrowsMessageAuthenticationException() {
        KeyedCipher cipher = bind(newKey());
        SplittableRandom random = new SplittableRandom(99);
        for (int i = 0; i < 100; i++) {
            byte[] nonce = Kits.randomBytes(engine().nonceSize(), random.nextLong());
            byte[] ciphertext = Kits.randomBytes(random.nextInt(0, 300), random.nextLong());
            assertAuthenticationFails(cipher, nonce, ciphertext, AAD, ciphertext.length + " random bytes");
        }
    }

    /** {@code forKey} refuses a key of the wrong size with an {@link EncryptionException} naming both sizes. */
    @Test
    public void forKeyRefusesAKeyOfTheWrongSizeNamingItsSizeAndTheSizeNeeded() {
        String algorithm = newKey().getAlgorithm();
        int needed = engine().keySize();
        for (int size : new int[] {needed - 1, needed + 1, needed / 2, 2 * needed}) {
            SecretKey wrong = new SecretKeySpec(Kits.randomBytes(size, size), algorithm);
            assertThatThrownBy(() -> engine().forKey(wrong), "forKey with a key of %d bytes", size)
                    .isInstanceOf(EncryptionException.class)
                    .isNotInstanceOf(MessageAuthenticationException.class)
                    .hasMessageContaining(String.valueOf(size))
                    .hasMessageContaining(String.valueOf(needed));
        }
    }

    /** {@code forKey} refuses a key without a raw encoding with an {@link EncryptionException}. */
    @Test
    public void forKeyRefusesAKeyWithoutARawEncoding() {
        SecretKey opaque = new SecretKey() {
            private static final long serialVersionUID = 1L;

            @Override
            public String getAlgorithm() {
                return "AES";
            }

            @Override
            public String getFormat() {
                return null;
            }

            @Override
            public byte[] getEncoded() {
                return null;
            }
        };
        assertThatThrownBy(() -> engine().forKey(opaque)).isInstanceOf(EncryptionException.class);
    }

    /**
     * One bound object seals and opens correctly from many threads at once, and never repeats a nonce.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void concurrentSealingAndOpeningOnOneBoundObjectWorksAndNeverRepeatsANonce() throws Exception {
        KeyedCipher shared = bind(newKey());
        Set<String> nonces = ConcurrentHashMap.newKeySet();
        Kits.concurrently(Kits.THREADS, thread -> {
            for (int i = 0; i < CONCURRENT_SEALS; i++) {
                byte[] plaintext = Kits.randomBytes(1 + (i * 31 + thread) % 2000, i * 1000L + thread);
                SealedPayload sealed = shared.seal(plaintext, AAD);
                assertThat(nonces.add(HexFormat.of().formatHex(sealed.nonce()))).as("nonce is new").isTrue();
                Kits.assertSameBytes("shared.open(sealed.nonce(), sealed.ciphertext(), AAD)", shared.open(sealed.nonce(), sealed.ciphertext(), AAD), plaintext);
            }
        });
        assertThat(nonces).hasSize(Kits.THREADS * CONCURRENT_SEALS);
    }

    /**
     * An engine with a limit: each bound object seals exactly {@link EncryptionEngine#maxMessagesPerKey()} messages,
     * even when threads race for the last ones, then refuses with {@link KeyUsageLimitException} for good; it still
     * opens, and an object bound to another key still seals.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void eachBoundObjectSealsExactlyTheLimitThenRefusesWithKeyUsageLimitException() throws Exception {
        EncryptionEngine limited = limitedEngine();
        long limit = limited.maxMessagesPerKey();
        KeyedCipher cipher = bind(limited, newKey());
        SealedPayload first = cipher.seal(new byte[] {1}, AAD);
        AtomicInteger sealed = new AtomicInteger(1);
        AtomicInteger refused = new AtomicInteger();
        int attemptsPerThread = (int) ((limit + Kits.THREADS - 1) / Kits.THREADS) + 5;
        Kits.concurrently(Kits.THREADS, thread -> {
            for (int i = 0; i < attemptsPerThread; i++) {
                try {
                    cipher.seal(new byte[] {2}, AAD);
                    sealed.incrementAndGet();
                } catch (KeyUsageLimitException e) {
                    refused.incrementAndGet();
                }
            }
        });
        assertThat(sealed.get()).as("messages sealed by one bound object of an engine with a limit of %d", limit).isEqualTo(limit);
        assertThat(refused.get()).as("refusals").isEqualTo(Kits.THREADS * attemptsPerThread + 1 - limit);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> cipher.seal(new byte[1], AAD), "seal after the limit").isInstanceOf(KeyUsageLimitException.class);
        }
        assertThat(cipher.open(first.nonce(), first.ciphertext(), AAD)).as("an exhausted key still opens").containsExactly(1);
        KeyedCipher other = bind(limited, newKey());
        SealedPayload fresh = other.seal(new byte[] {3}, AAD);
        assertThat(other.open(fresh.nonce(), fresh.ciphertext(), AAD)).as("another key still seals").containsExactly(3);
    }

    private EncryptionEngine limitedEngine() {
        Optional<Settings> limitedSettings = settingsWithMessageLimit(LIMIT);
        if (limitedSettings.isPresent()) {
            EncryptionEngine limited = provider().create(limitedSettings.get());
            extraEngines.add(limited);
            assertThat(limited.maxMessagesPerKey()).as("maxMessagesPerKey() with settingsWithMessageLimit(%d)", LIMIT).isEqualTo(LIMIT);
            return limited;
        }
        long declared = engine().maxMessagesPerKey();
        Assumptions.assumeTrue(declared != Long.MAX_VALUE, () -> engine().name() + " declares no message limit per key");
        assertThat(declared).as("%s declares a limit of %d messages per key, too many for the kit to reach; override"
                + " settingsWithMessageLimit to return settings that lower it", engine().name(), declared).isLessThanOrEqualTo(REACHABLE_LIMIT);
        return engine();
    }

    /** A closed bound object refuses to seal and to open with {@link IllegalStateException}; closing it twice is harmless. */
    @Test
    public void closedBoundObjectRefusesToSealAndOpen() {
        KeyedCipher cipher = bind(newKey());
        SealedPayload sealed = cipher.seal(new byte[] {1}, AAD);
        cipher.close();
        cipher.close();
        assertThatThrownBy(() -> cipher.seal(new byte[1], AAD), "seal after close").isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> cipher.open(sealed.nonce(), sealed.ciphertext(), AAD), "open after close")
                .isInstanceOf(IllegalStateException.class);
    }

    /** Closing one bound object leaves another for the same key working: each holds its own copy. */
    @Test
    public void closingOneBoundObjectLeavesAnotherForTheSameKeyWorking() {
        SecretKey key = newKey();
        KeyedCipher closed = bind(key);
        KeyedCipher open = bind(key);
        closed.close();
        SealedPayload sealed = open.seal(new byte[] {4}, AAD);
        assertThat(bind(key).open(sealed.nonce(), sealed.ciphertext(), AAD)).containsExactly(4);
    }

    /** No exception message and no {@code toString()} contains the key (as hex or Base64) or the plaintext. */
    @Test
    public void exceptionsAndToStringRevealNoKeyOrPlaintext() {
        SecretKey key = newKey();
        KeyedCipher cipher = bind(key);
        String secret = "plaintext-canary-" + HexFormat.of().formatHex(Kits.randomBytes(8, System.nanoTime()));
        byte[] plaintext = secret.getBytes(StandardCharsets.US_ASCII);
        SealedPayload sealed = cipher.seal(plaintext, AAD);
        cipher.open(sealed.nonce(), sealed.ciphertext(), AAD);
        failures.clear();
        assertAuthenticationFails(cipher, Kits.flipBit(sealed.nonce(), 0, 0), sealed.ciphertext(), AAD, "a flipped nonce bit");
        assertAuthenticationFails(cipher, sealed.nonce(), Kits.flipBit(sealed.ciphertext(), 0, 0), AAD, "a flipped ciphertext bit");
        assertAuthenticationFails(cipher, sealed.nonce(), Arrays.copyOf(sealed.ciphertext(), 3), AAD, "a truncated ciphertext");
        assertAuthenticationFails(bind(newKey()), sealed.nonce(), sealed.ciphertext(), AAD, "another key");
        byte[] keyBytes = key.getEncoded();
        try {
            engine().forKey(new SecretKeySpec(Arrays.copyOf(keyBytes, engine().keySize() + 1), key.getAlgorithm()));
        } catch (RuntimeException e) {
            failures.add(e);
        }
        KeyedCipher closed = bind(key);
        closed.close();
        try {
            closed.seal(plaintext, AAD);
        } catch (RuntimeException e) {
            failures.add(e);
        }

        List<String> forbidden = List.of(HexFormat.of().formatHex(keyBytes), HexFormat.of().withUpperCase().formatHex(keyBytes),
                Base64.getEncoder().encodeToString(keyBytes), Arrays.toString(keyBytes), secret);
        List<String> texts = new ArrayList<>();
        texts.add(String.valueOf(engine()));
        texts.add(String.valueOf(cipher));
        texts.add(String.valueOf(closed));
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
     * @param cipher      the bound object that opens
     * @param nonce       the nonce
     * @param ciphertext  the ciphertext with tag
     * @param aad         the associated data
     * @param description what was changed, for the failure message
     */
    protected final void assertAuthenticationFails(KeyedCipher cipher, byte[] nonce, byte[] ciphertext, byte[] aad, String description) {
        byte[] opened;
        try {
            opened = cipher.open(nonce, ciphertext, aad);
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
