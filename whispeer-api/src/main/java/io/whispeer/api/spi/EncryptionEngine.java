package io.whispeer.api.spi;

import javax.crypto.SecretKey;

import io.whispeer.api.MessageAuthenticationException;
import io.whispeer.api.EncryptionException;

/**
 * An authenticated cipher (AEAD) that seals and opens payloads.
 *
 * <h2>Security guarantees</h2>
 * An implementation must provide IND-CCA2 confidentiality and integrity of the plaintext and integrity of the
 * associated data under a key chosen uniformly at random:
 * <ul>
 *   <li>the engine chooses every nonce itself; callers never supply one for sealing. It must never repeat a nonce
 *       under one key: random nonces must be long enough (192 bits) or their use must be counted and the engine
 *       must refuse ({@link EncryptionException}) to seal once the safe limit for the key is reached;</li>
 *   <li>{@link #open} must throw {@link MessageAuthenticationException}, and nothing else, on any change to the
 *       nonce, ciphertext, tag or associated data, on a wrong key and on truncation, and must not reveal which;</li>
 *   <li>the engine must use a vetted implementation of the primitive (JCE, Bouncy Castle, Tink), never its own;</li>
 *   <li>keys and plaintext must never appear in exceptions, logs or {@code toString()}.</li>
 * </ul>
 * It does not hide the plaintext length (whispeer pads before sealing) and does not prevent replay (exactly-once
 * de-duplication does).
 *
 * <p>Instances are thread-safe and reuse their {@code Cipher} objects through a pool (virtual threads are too
 * short-lived for per-thread caches). Keys are used by their material (32 bytes), whatever their algorithm name.
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
     * {@return how many messages one key may seal before the engine refuses with
     * {@link io.whispeer.api.KeyUsageLimitException}; unbounded for engines whose nonces cannot collide in practice}
     */
    default long maxMessagesPerKey() {
        return Long.MAX_VALUE;
    }

    /**
     * Seals a plaintext.
     *
     * @param key       a key of {@link #keySize()} bytes
     * @param plaintext the plaintext, possibly empty
     * @param aad       associated data to authenticate, possibly empty
     * @return the chosen nonce and the ciphertext with tag
     * @throws EncryptionException           when the key is unusable (wrong size)
     * @throws io.whispeer.api.KeyUsageLimitException when the key has sealed {@link #maxMessagesPerKey()} messages;
     *                                        engines count per key (by key material) and must not seal more
     */
    SealedPayload seal(SecretKey key, byte[] plaintext, byte[] aad);

    /**
     * Opens a sealed payload.
     *
     * @param key        the key
     * @param nonce      the nonce from the envelope
     * @param ciphertext the ciphertext with tag
     * @param aad        the associated data
     * @return the plaintext
     * @throws MessageAuthenticationException when anything does not authenticate
     */
    byte[] open(SecretKey key, byte[] nonce, byte[] ciphertext, byte[] aad);

    /** Releases resources. Idempotent. */
    @Override
    default void close() {
    }
}
