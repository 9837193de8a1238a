package io.whispeer.api.spi;

import io.whispeer.api.EncryptionException;
import io.whispeer.api.KeyUsageLimitException;
import io.whispeer.api.MessageAuthenticationException;

/**
 * An {@link EncryptionEngine} bound to one key, as Tink's {@code Aead} is: {@link EncryptionEngine#forKey} checks
 * the key and copies its material once, and every {@link #seal} and {@link #open} uses that copy. Thread-safe.
 *
 * <h2>One per key</h2>
 * A caller must create one {@code KeyedCipher} per key for sealing and reuse it for every message it seals with
 * that key, for as long as that key seals. The reason is the nonce: engines with random nonces too short to never
 * collide (96 bits) bound the number of messages one key may seal ({@link EncryptionEngine#maxMessagesPerKey()}),
 * and that bound holds for all the messages of the key together. Each {@code KeyedCipher} counts only its own
 * seals, so two of them for the same key each count from zero and together may exceed the bound. Opening is never
 * counted: any number of {@code KeyedCipher}s may open with a key.
 *
 * <h2>Security guarantees</h2>
 * An implementation must provide IND-CCA2 confidentiality and integrity of the plaintext and integrity of the
 * associated data under a key chosen uniformly at random:
 * <ul>
 *   <li>{@link #seal} chooses every nonce itself; callers never supply one. It must never repeat a nonce under its
 *       key: random nonces must be long enough (192 bits), or the seals must be counted and {@link #seal} must
 *       refuse with {@link KeyUsageLimitException} once {@link EncryptionEngine#maxMessagesPerKey()} messages were
 *       sealed; the refusal must be permanent for this object;</li>
 *   <li>{@link #open} must throw {@link MessageAuthenticationException}, and nothing else, on any change to the
 *       nonce, ciphertext, tag or associated data, on a wrong key, on a nonce of the wrong size, on truncation and
 *       on empty input, must not reveal which, and must release no plaintext before the tag was checked;</li>
 *   <li>the implementation must use a vetted implementation of the primitive (JCE, Bouncy Castle, Tink), never
 *       its own;</li>
 *   <li>key material and plaintext must never appear in exceptions, logs or {@link #toString()}.</li>
 * </ul>
 * It does not hide the plaintext length (whispeer pads before sealing) and does not prevent replay (exactly-once
 * de-duplication does).
 *
 * <h2>Closing</h2>
 * {@link #close()} must zero the copy of the key material this object holds where the JCE allows it, and make
 * further {@link #seal} and {@link #open} calls throw {@link IllegalStateException}. What cannot be zeroed must be
 * said by the implementation: a {@code javax.crypto.spec.SecretKeySpec} has no public way to clear its copy (its
 * {@code destroy()} is the default that throws), and a JCE {@code Cipher} keeps the last key it was initialised
 * with (for AES, the expanded round keys) until its next initialisation. Those copies are left to the garbage
 * collector.
 */
public interface KeyedCipher extends AutoCloseable {
    /**
     * Seals a plaintext under this object's key with a nonce the engine chooses.
     *
     * @param plaintext the plaintext, possibly empty; not changed
     * @param aad       associated data to authenticate, possibly empty
     * @return the chosen nonce, {@link EncryptionEngine#nonceSize()} bytes, and the ciphertext followed by the tag
     * @throws KeyUsageLimitException when this object has sealed {@link EncryptionEngine#maxMessagesPerKey()}
     *                                messages; the key must be rotated
     * @throws EncryptionException    when the JCE fails
     * @throws IllegalStateException  when this object or its engine is closed
     */
    SealedPayload seal(byte[] plaintext, byte[] aad);

    /**
     * Opens a sealed payload under this object's key.
     *
     * @param nonce      the nonce from the envelope
     * @param ciphertext the ciphertext followed by the tag
     * @param aad        the associated data
     * @return the plaintext
     * @throws MessageAuthenticationException when anything does not authenticate, and for nothing else
     * @throws IllegalStateException          when this object or its engine is closed
     */
    byte[] open(byte[] nonce, byte[] ciphertext, byte[] aad);

    /**
     * Zeroes this object's copy of the key material where the JCE allows it (see the class comment). Idempotent.
     */
    @Override
    void close();

    /**
     * {@return the engine name and state, never key material}
     */
    @Override
    String toString();
}
