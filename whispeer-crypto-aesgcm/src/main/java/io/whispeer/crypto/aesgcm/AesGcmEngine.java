package io.whispeer.crypto.aesgcm;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

import io.whispeer.api.EncryptionException;
import io.whispeer.api.KeyUsageLimitException;
import io.whispeer.api.MessageAuthenticationException;
import io.whispeer.api.spi.EncryptionEngine;
import io.whispeer.api.spi.KeyMaterial;
import io.whispeer.api.spi.KeyedCipher;
import io.whispeer.api.spi.ResourcePool;
import io.whispeer.api.spi.SealedPayload;

/**
 * AES-256-GCM on the JCE's {@code AES/GCM/NoPadding}, with random 96-bit nonces, 128-bit tags and pooled
 * {@link Cipher} objects. See {@link AesGcmProvider} for the security guarantees and the settings.
 *
 * <p>The engine holds no key: {@link #forKey} binds one into a {@link Bound} cipher, which holds a checked copy of the
 * material and counts the messages it seals. Any {@link SecretKey} whose {@link SecretKey#getEncoded()} gives 32
 * bytes works, whatever its algorithm name.
 */
final class AesGcmEngine implements EncryptionEngine {
    /** The JCE transformation. */
    static final String TRANSFORMATION = "AES/GCM/NoPadding";
    /** 256-bit keys. */
    static final int KEY_SIZE = 32;
    /** 96-bit nonces: GCM's native IV size, used as the counter block's first 12 bytes without hashing. */
    static final int NONCE_SIZE = 12;
    /** 128-bit tags: GCM's full tag. */
    static final int TAG_SIZE = 16;
    /** The one message of every failure to open, so that it tells nothing about what failed. */
    static final String AUTHENTICATION_FAILED = "aes-256-gcm: the payload did not authenticate: wrong key, or the envelope"
            + " was changed, truncated or moved to another topic";

    private final String name;
    private final int id;
    private final long maxMessagesPerKey;
    private final SecureRandom random = new SecureRandom();
    private final ResourcePool<Cipher> ciphers;
    private volatile boolean closed;

    /**
     * Creates an engine.
     *
     * @param name              the provider's name
     * @param id                the provider's wire id
     * @param maxMessagesPerKey how many messages one bound key may seal
     */
    AesGcmEngine(String name, int id, long maxMessagesPerKey) {
        this.name = name;
        this.id = id;
        this.maxMessagesPerKey = maxMessagesPerKey;
        this.ciphers = new ResourcePool<>(name + " engine", Math.max(4, 2 * Runtime.getRuntime().availableProcessors()), AesGcmEngine::newCipher);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int id() {
        return id;
    }

    @Override
    public int keySize() {
        return KEY_SIZE;
    }

    @Override
    public int nonceSize() {
        return NONCE_SIZE;
    }

    @Override
    public int tagSize() {
        return TAG_SIZE;
    }

    @Override
    public long maxMessagesPerKey() {
        return maxMessagesPerKey;
    }

    @Override
    public Bound forKey(SecretKey key) {
        Objects.requireNonNull(key, "key");
        checkOpen();
        return new Bound(KeyMaterial.copyOf(key, KEY_SIZE, name));
    }

    /** Drops the pooled ciphers; bound keys are unusable afterwards and zero their copies when closed. Idempotent. */
    @Override
    public void close() {
        closed = true;
        ciphers.close();
    }

    /** {@return the name and the limit; never a key} */
    @Override
    public String toString() {
        return "AesGcmEngine[" + name + ", id=" + id + ", maxMessagesPerKey=" + maxMessagesPerKey + (closed ? ", closed" : "") + "]";
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(name + " engine is closed");
        }
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance(TRANSFORMATION);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(TRANSFORMATION + " is not available", e);
        }
    }

    private static MessageAuthenticationException authenticationFailed() {
        return new MessageAuthenticationException(AUTHENTICATION_FAILED);
    }

    /**
     * The engine bound to one key. It holds the material in a {@link KeyMaterial}, zeroed by {@link #close()}, and
     * hands the JCE a fresh copy per message through a key view; the JCE keeps that copy and the expanded AES round
     * keys inside the pooled {@code Cipher} until the cipher's next use, where they cannot be zeroed from outside.
     */
    final class Bound implements KeyedCipher {
        private final KeyMaterial key;
        private final AtomicLong sealed = new AtomicLong();

        private Bound(KeyMaterial key) {
            this.key = key;
        }

        @Override
        public SealedPayload seal(byte[] plaintext, byte[] aad) {
            Objects.requireNonNull(plaintext, "plaintext");
            Objects.requireNonNull(aad, "aad");
            checkOpen();
            reserve();
            byte[] nonce = new byte[NONCE_SIZE];
            random.nextBytes(nonce);
            return encrypt(nonce, plaintext, aad);
        }

        /**
         * Seals with a nonce the caller chose, without counting the message. Only tests (known-answer vectors) call
         * this: a caller-chosen nonce is how GCM is broken.
         *
         * @param nonce     a nonce of 12 bytes
         * @param plaintext the plaintext
         * @param aad       the associated data
         * @return the nonce and the ciphertext with tag
         */
        SealedPayload sealWithNonce(byte[] nonce, byte[] plaintext, byte[] aad) {
            checkOpen();
            if (nonce.length != NONCE_SIZE) {
                throw new EncryptionException(name + " needs a nonce of " + NONCE_SIZE + " bytes, not " + nonce.length);
            }
            return encrypt(nonce.clone(), plaintext, aad);
        }

        private SealedPayload encrypt(byte[] nonce, byte[] plaintext, byte[] aad) {
            key.acquire();
            try {
                Cipher cipher = ciphers.borrow();
                byte[] ciphertext = new byte[plaintext.length + TAG_SIZE];
                try {
                    cipher.init(Cipher.ENCRYPT_MODE, key.view("AES"), new GCMParameterSpec(TAG_SIZE * 8, nonce));
                    cipher.updateAAD(aad);
                    int length = cipher.doFinal(plaintext, 0, plaintext.length, ciphertext, 0);
                    if (length != ciphertext.length) {
                        throw new IllegalStateException(TRANSFORMATION + " wrote " + length + " bytes instead of " + ciphertext.length);
                    }
                } catch (GeneralSecurityException | RuntimeException e) {
                    // The cipher is dropped, not released: its state after a failure is not worth trusting.
                    throw new EncryptionException(name + " could not seal (" + e.getClass().getSimpleName() + "): " + e.getMessage(), e);
                }
                ciphers.release(cipher);
                return new SealedPayload(nonce, ciphertext);
            } finally {
                key.release();
            }
        }

        @Override
        public byte[] open(byte[] nonce, byte[] ciphertext, byte[] aad) {
            Objects.requireNonNull(nonce, "nonce");
            Objects.requireNonNull(ciphertext, "ciphertext");
            Objects.requireNonNull(aad, "aad");
            checkOpen();
            if (nonce.length != NONCE_SIZE || ciphertext.length < TAG_SIZE) {
                throw authenticationFailed();
            }
            key.acquire();
            try {
                Cipher cipher = ciphers.borrow();
                byte[] plaintext = new byte[ciphertext.length - TAG_SIZE];
                try {
                    cipher.init(Cipher.DECRYPT_MODE, key.view("AES"), new GCMParameterSpec(TAG_SIZE * 8, nonce));
                    cipher.updateAAD(aad);
                    int length = cipher.doFinal(ciphertext, 0, ciphertext.length, plaintext, 0);
                    if (length != plaintext.length) {
                        throw new IllegalStateException(TRANSFORMATION + " wrote " + length + " bytes instead of " + plaintext.length);
                    }
                } catch (GeneralSecurityException | RuntimeException e) {
                    // No cause and no detail: which check failed must not be observable. The cipher is dropped.
                    Arrays.fill(plaintext, (byte) 0);
                    throw authenticationFailed();
                }
                ciphers.release(cipher);
                return plaintext;
            } finally {
                key.release();
            }
        }

        /** {@return how many messages {@link #seal} sealed so far} */
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
            return "AesGcmEngine.Bound[" + name + ", sealed=" + sealed.get() + " of " + maxMessagesPerKey + (key.isClosed() ? ", closed" : "") + "]";
        }

        /** Counts one message, or refuses when this key reached its limit. */
        private void reserve() {
            long before = sealed.getAndAccumulate(maxMessagesPerKey, (count, limit) -> count < limit ? count + 1 : count);
            if (before >= maxMessagesPerKey) {
                throw new KeyUsageLimitException(name + " refused to seal: this key already sealed " + maxMessagesPerKey
                        + " messages, the limit set by " + AesGcmProvider.MAX_MESSAGES_PER_KEY + " (random 96-bit nonces may"
                        + " repeat if one key seals too many; NIST SP 800-38D allows at most 2^32). Rotate the key: make a new"
                        + " key the key ring's primary and keep this one for opening older messages.");
            }
        }
    }
}
