package io.whispeer.crypto.chacha;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

import io.whispeer.api.spi.KeyMaterial;
import io.whispeer.api.spi.KeyedCipher;
import io.whispeer.api.spi.SealedPayload;

/**
 * A ChaCha20-Poly1305 or XChaCha20-Poly1305 engine bound to one key: a checked copy of the material and, when the
 * engine has a limit, the count of this object's seals. {@link #close()} zeroes the copy (once no seal or open is
 * using it); the per-message {@code SecretKeySpec} of XChaCha20's subkey and the last key inside a pooled JCE
 * {@code Cipher} cannot be zeroed and are left to the garbage collector and the cipher's next use.
 */
final class ChaChaKeyedCipher implements KeyedCipher {
    private final ChaChaPoly1305Engine engine;
    private final KeyMaterial key;
    private final long limit;
    private final AtomicLong sealed = new AtomicLong();

    ChaChaKeyedCipher(ChaChaPoly1305Engine engine, KeyMaterial key) {
        this.engine = engine;
        this.key = key;
        this.limit = engine.maxMessagesPerKey();
    }

    @Override
    public SealedPayload seal(byte[] plaintext, byte[] aad) {
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(aad, "aad");
        if (limit != Long.MAX_VALUE) {
            // Saturates at the limit, so that refused attempts cannot wrap the count around.
            long before = sealed.getAndUpdate(n -> n < limit ? n + 1 : n);
            if (before >= limit) {
                throw engine.limitReached();
            }
        }
        byte[] nonce = engine.newNonce();
        return new SealedPayload(nonce, engine.seal(key, nonce, plaintext, aad));
    }

    /**
     * Seals with a chosen nonce, uncounted: for the known-answer and Wycheproof tests only. A caller-chosen nonce is
     * how these ciphers are broken, so the SPI has no such method.
     *
     * @param nonce     the nonce
     * @param plaintext the plaintext
     * @param aad       the associated data
     * @return the ciphertext followed by the tag
     */
    byte[] sealWithNonce(byte[] nonce, byte[] plaintext, byte[] aad) {
        return engine.seal(key, nonce.clone(), plaintext, aad);
    }

    @Override
    public byte[] open(byte[] nonce, byte[] ciphertext, byte[] aad) {
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(ciphertext, "ciphertext");
        Objects.requireNonNull(aad, "aad");
        return engine.open(key, nonce, ciphertext, aad);
    }

    /** {@return how many messages this object sealed; counted only when the engine has a limit} */
    long sealedCount() {
        return sealed.get();
    }

    @Override
    public void close() {
        key.close();
    }

    /** {@return the engine, the count and the state; never the key} */
    @Override
    public String toString() {
        return engine.name() + " keyed cipher (" + (limit == Long.MAX_VALUE ? "no limit" : sealed.get() + " of " + limit + " messages sealed")
                + (key.isClosed() ? ", closed)" : ")");
    }
}
