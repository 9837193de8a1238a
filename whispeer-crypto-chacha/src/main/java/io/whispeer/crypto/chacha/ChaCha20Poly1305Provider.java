package io.whispeer.crypto.chacha;

import java.util.Objects;
import java.util.Set;

import io.whispeer.api.ConfigurationException;
import io.whispeer.api.spi.EncryptionEngine;
import io.whispeer.api.spi.EncryptionEngineProvider;
import io.whispeer.api.spi.Settings;
import io.whispeer.api.spi.WireIds;

/**
 * Provides the ChaCha20-Poly1305 engine of RFC 8439, named {@code chacha20-poly1305}, with wire id
 * {@value WireIds#CIPHER_CHACHA20_POLY1305}: 256-bit keys, 96-bit nonces, 128-bit tags. Prefer
 * {@code xchacha20-poly1305} ({@link XChaCha20Poly1305Provider}) unless a peer needs plain RFC 8439: its nonces
 * are long enough to need no per-key limit.
 *
 * <p>Settings ({@code create} receives them scoped to {@code whispeer.encryption.chacha20-poly1305.}, as
 * {@code max-messages-per-key}; broker-wide keys do not reach it):
 * <ul>
 *   <li>{@code whispeer.encryption.chacha20-poly1305.max-messages-per-key}: how many messages one key may seal,
 *       1 to 2^32; default 2^30 (1,073,741,824).</li>
 * </ul>
 *
 * <h2>Security guarantees</h2>
 * Under a key of 32 uniformly random bytes:
 * <ul>
 *   <li><b>Protected:</b> the confidentiality and integrity of the plaintext and the integrity of the associated
 *       data (IND-CCA2, as an AEAD), as long as no nonce repeats under a key. {@code open} throws
 *       {@link io.whispeer.api.MessageAuthenticationException}, always with the same message and no cause, on a
 *       wrong key, any change to the nonce, ciphertext, tag or associated data, truncation, or a nonce or key of
 *       the wrong size; it releases no plaintext before the tag has been checked.</li>
 *   <li><b>Nonces:</b> the engine draws every nonce itself, 12 bytes from one {@link java.security.SecureRandom}
 *       per engine; callers cannot choose one. Random 96-bit nonces collide with probability about
 *       {@code n^2 / 2^97} after {@code n} messages under one key, and a repeated nonce reveals the XOR of two
 *       plaintexts and lets an attacker forge messages under that key.</li>
 *   <li><b>Limits:</b> each {@link io.whispeer.api.spi.KeyedCipher} that {@link EncryptionEngine#forKey} binds
 *       therefore counts the messages it seals and, once it has sealed {@link EncryptionEngine#maxMessagesPerKey()},
 *       refuses with {@link io.whispeer.api.KeyUsageLimitException} so that the key ring rotates. The count is per
 *       bound object, so a caller must bind each key once and reuse that object (the broker does). The default of
 *       2^30 keeps the collision probability near 2^-37, well before 2^32 messages (about 2^-33), the bound NIST
 *       SP 800-38D sets for random 96-bit nonces and the highest this setting accepts. Opening is never limited.
 *       The counts live in memory: they start at zero in each new bound object (each process), so a key that
 *       outlives its process must also be rotated by the key ring's own count or age. One message may be up to
 *       256 GiB.</li>
 *   <li><b>Implementation:</b> the JDK's ChaCha20-Poly1305 (SunJCE). The RFC 8439 vector and the Wycheproof
 *       ChaCha20-Poly1305 vectors are tests of this module.</li>
 *   <li><b>Secrets:</b> keys and plaintext appear in no exception message, log or {@code toString()}. The engine
 *       holds no key; a bound object holds one copy of the material, which its {@code close()} zeroes. The JCE
 *       receives a fresh copy per message and keeps it inside the pooled {@code Cipher} until that cipher's next
 *       use; that copy cannot be zeroed from outside.</li>
 *   <li><b>Not protected:</b> the plaintext length (whispeer pads before sealing), replay (exactly-once
 *       de-duplication catches it), and anything outside the payload and associated data.</li>
 * </ul>
 */
public final class ChaCha20Poly1305Provider implements EncryptionEngineProvider {
    /** The engine name. */
    static final String NAME = "chacha20-poly1305";
    /** The scope of this engine's settings. */
    static final String SCOPE = "whispeer.encryption." + NAME + ".";
    /** The key of the per-key message limit, relative to {@link #SCOPE}. */
    static final String MAX_MESSAGES_PER_KEY_KEY = "max-messages-per-key";
    /** The setting of the per-key message limit as users write it. */
    static final String MAX_MESSAGES_PER_KEY = SCOPE + MAX_MESSAGES_PER_KEY_KEY;
    /** The default limit: 2^30, a nonce collision probability of about 2^-37. */
    static final long DEFAULT_MAX_MESSAGES_PER_KEY = 1L << 30;
    /** The highest limit allowed: 2^32, where random 96-bit nonces reach a collision probability of 2^-33. */
    static final long MAX_MAX_MESSAGES_PER_KEY = 1L << 32;

    /** Creates the provider; cheap, as {@link java.util.ServiceLoader} requires: the engine is made in {@link #create}. */
    public ChaCha20Poly1305Provider() {
    }

    /**
     * {@return {@code false}: when this jar is the only encryption jar present, xchacha20-poly1305 is chosen, whose
     * random 192-bit nonces need no per-key limit}
     */
    @Override
    public boolean isDefault() {
        return false;
    }

    /** {@return {@code chacha20-poly1305}} */
    @Override
    public String name() {
        return NAME;
    }

    /** {@return {@value WireIds#CIPHER_CHACHA20_POLY1305}} */
    @Override
    public int id() {
        return WireIds.CIPHER_CHACHA20_POLY1305;
    }

    /** {@return {@code max-messages-per-key}, relative to {@code whispeer.encryption.chacha20-poly1305.}} */
    @Override
    public Set<String> settingKeys() {
        return Set.of(MAX_MESSAGES_PER_KEY_KEY);
    }

    /**
     * Creates an engine.
     *
     * @param settings the engine's scoped settings: reads {@code max-messages-per-key} (written
     *                 {@code whispeer.encryption.chacha20-poly1305.max-messages-per-key})
     * @return the engine, thread-safe
     * @throws ConfigurationException when the limit is not a number from 1 to 2^32, or this JDK has no
     *                                ChaCha20-Poly1305 cipher
     */
    @Override
    public EncryptionEngine create(Settings settings) {
        Objects.requireNonNull(settings, "settings");
        long limit = settings.getLong(MAX_MESSAGES_PER_KEY_KEY, DEFAULT_MAX_MESSAGES_PER_KEY, 1, MAX_MAX_MESSAGES_PER_KEY);
        return new ChaCha20Poly1305Engine(NAME, id(), limit, settings.fullKey(MAX_MESSAGES_PER_KEY_KEY));
    }

    /** {@return the name and id} */
    @Override
    public String toString() {
        return NAME + " (id " + id() + ", whispeer-crypto-chacha)";
    }
}
