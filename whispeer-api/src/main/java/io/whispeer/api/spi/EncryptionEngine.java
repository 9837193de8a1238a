package io.whispeer.api.spi;

import javax.crypto.SecretKey;

import io.whispeer.api.EncryptionException;
import io.whispeer.api.KeyUsageLimitException;
import io.whispeer.api.MessageAuthenticationException;

/**
 * An authenticated cipher (AEAD) family: names, sizes and limits, and {@link #forKey} to bind a key, as Tink's
 * {@code Aead} is bound to its keyset. Sealing and opening happen on the {@link KeyedCipher} that {@link #forKey}
 * returns; the engine itself holds no key, no copy of one and no map of keys.
 *
 * <h2>Security guarantees</h2>
 * An implementation must provide IND-CCA2 confidentiality and integrity of the plaintext and integrity of the
 * associated data under a key chosen uniformly at random, through its {@link KeyedCipher}s:
 * <ul>
 *   <li>the engine chooses every nonce itself; callers never supply one. It must never repeat a nonce under one
 *       key: random nonces must be long enough (192 bits), or each {@link KeyedCipher} must count its seals and
 *       refuse ({@link KeyUsageLimitException}) once it sealed {@link #maxMessagesPerKey()} messages. The count
 *       is per {@link KeyedCipher}, so a caller must create one per key and reuse it (see {@link #forKey});</li>
 *   <li>{@link KeyedCipher#open} must throw {@link MessageAuthenticationException}, and nothing else, on any change
 *       to the nonce, ciphertext, tag or associated data, on a wrong key and on truncation, and must not reveal
 *       which;</li>
 *   <li>the engine must use a vetted implementation of the primitive (JCE, Bouncy Castle, Tink), never its own;</li>
 *   <li>keys and plaintext must never appear in exceptions, logs or {@code toString()}.</li>
 * </ul>
 * It does not hide the plaintext length (whispeer pads before sealing) and does not prevent replay (exactly-once
 * de-duplication does).
 *
 * <p>Instances are thread-safe and may share expensive state ({@code Cipher} objects in a pool, a
 * {@code SecureRandom}) among their {@link KeyedCipher}s. Keys are used by their material
 * ({@link #keySize()} bytes), whatever their algorithm name.
 */
public interface EncryptionEngine extends AutoCloseable {
    /** {@return the engine name, as its provider's} */
    String name();

    /** {@return the wire id, as its provider's} */
    int id();

    /** {@return the key size in bytes} */
    int keySize();

    /** {@return the nonce size in bytes} */
    int nonceSize();

    /** {@return the tag size in bytes} */
    int tagSize();

    /**
     * {@return how many messages one {@link KeyedCipher} may seal before it refuses with
     * {@link KeyUsageLimitException}; unbounded ({@link Long#MAX_VALUE}) for engines whose nonces cannot collide in
     * practice}
     */
    default long maxMessagesPerKey() {
        return Long.MAX_VALUE;
    }

    /**
     * Binds a key: checks it, copies its material once, and returns the object that seals and opens with it.
     *
     * <p>The caller must create one {@link KeyedCipher} per key for sealing and reuse it for every message that
     * key seals: the nonce-collision bound of {@link #maxMessagesPerKey()} holds per key, and each
     * {@link KeyedCipher} counts only its own seals, so a second one for the same key would start again at zero.
     * The caller must also {@link KeyedCipher#close() close} it when the key is no longer used, to zero its copy.
     *
     * @param key a key whose {@link SecretKey#getEncoded()} gives {@link #keySize()} bytes; its algorithm name is
     *            not read
     * @return a thread-safe cipher bound to a copy of the key's material
     * @throws EncryptionException   when the key has no raw encoding or the wrong size; the message names the size
     *                               found and the size needed, never the material
     * @throws IllegalStateException when the engine is closed
     */
    KeyedCipher forKey(SecretKey key);

    /**
     * Releases what the engine shares among its {@link KeyedCipher}s (pooled {@code Cipher}s); they are unusable
     * afterwards. It does not zero the key copies of {@link KeyedCipher}s, which the engine does not track: their
     * owners close them. Idempotent.
     */
    @Override
    default void close() {
    }
}
