package io.whispeer.crypto.aesgcm;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.whispeer.api.MessageAuthenticationException;
import io.whispeer.api.EncryptionException;
import io.whispeer.api.KeyUsageLimitException;
import io.whispeer.api.spi.EncryptionEngine;
import io.whispeer.api.spi.SealedPayload;
import io.whispeer.api.spi.ResourcePool;

/**
 * AES-256-GCM on the JCE's {@code AES/GCM/NoPadding}, with random 96-bit nonces, 128-bit tags, pooled
 * {@link Cipher} objects and a count of the messages each key sealed. See {@link AesGcmProvider} for the security
 * guarantees and the settings.
 *
 * <p>Keys are used by their material: any {@link SecretKey} whose {@link SecretKey#getEncoded()} gives 32 bytes
 * works, whatever its algorithm name, and two key objects with the same material share one count. The count keeps
 * a copy of each key's material, as the key ring does, until {@link #close()}; one entry per key ever sealed with.
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
    private final ConcurrentHashMap<KeyMaterial, AtomicLong> sealedPerKey = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * Creates an engine.
     *
     * @param name              the provider's name
     * @param id                the provider's wire id
     * @param maxMessagesPerKey how many messages one key may seal
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
    public SealedPayload seal(SecretKey key, byte[] plaintext, byte[] aad) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(aad, "aad");
        checkOpen();
        byte[] material = sealingMaterial(key);
        SecretKey aesKey = aesKey(key, material);
        reserve(material);
        byte[] nonce = new byte[NONCE_SIZE];
        random.nextBytes(nonce);
        return encrypt(aesKey, nonce, plaintext, aad);
    }

    /**
     * Seals with a nonce the caller chose, without counting the message against the key's limit. Only
     * {@link #seal} and tests (known-answer vectors) call this: a caller-chosen nonce is how GCM is broken.
     *
     * @param key       a key of 32 bytes
     * @param nonce     a nonce of 12 bytes
     * @param plaintext the plaintext
     * @param aad       the associated data
     * @return the nonce and the ciphertext with tag
     */
    SealedPayload sealWithNonce(SecretKey key, byte[] nonce, byte[] plaintext, byte[] aad) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(aad, "aad");
        checkOpen();
        if (nonce.length != NONCE_SIZE) {
            throw new EncryptionException(name + " needs a nonce of " + NONCE_SIZE + " bytes, not " + nonce.length);
        }
        return encrypt(aesKey(key, sealingMaterial(key)), nonce.clone(), plaintext, aad);
    }

    private SealedPayload encrypt(SecretKey aesKey, byte[] nonce, byte[] plaintext, byte[] aad) {
        Cipher cipher = ciphers.borrow();
        byte[] ciphertext = new byte[plaintext.length + TAG_SIZE];
        try {
            cipher.init(Cipher.ENCRYPT_MODE, aesKey, new GCMParameterSpec(TAG_SIZE * 8, nonce));
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
    }

    @Override
    public byte[] open(SecretKey key, byte[] nonce, byte[] ciphertext, byte[] aad) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(ciphertext, "ciphertext");
        Objects.requireNonNull(aad, "aad");
        checkOpen();
        byte[] material = key.getEncoded();
        if (material == null || material.length != KEY_SIZE || nonce.length != NONCE_SIZE || ciphertext.length < TAG_SIZE) {
            throw authenticationFailed();
        }
        SecretKey aesKey = aesKey(key, material);
        Cipher cipher = ciphers.borrow();
        byte[] plaintext = new byte[ciphertext.length - TAG_SIZE];
        try {
            cipher.init(Cipher.DECRYPT_MODE, aesKey, new GCMParameterSpec(TAG_SIZE * 8, nonce));
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
    }

    /** Drops the pooled ciphers and the message counts. Idempotent. */
    @Override
    public void close() {
        closed = true;
        ciphers.close();
        sealedPerKey.clear();
    }

    /** {@return the name, the limit and how many keys were counted; never a key} */
    @Override
    public String toString() {
        return "AesGcmEngine[" + name + ", id=" + id + ", maxMessagesPerKey=" + maxMessagesPerKey + ", keysCounted="
                + sealedPerKey.size() + (closed ? ", closed" : "") + "]";
    }

    /**
     * {@return how many messages {@link #seal} sealed with a key so far}
     *
     * @param key the key
     */
    long sealedCount(SecretKey key) {
        AtomicLong count = sealedPerKey.get(new KeyMaterial(key.getEncoded()));
        return count == null ? 0 : count.get();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(name + " engine is closed");
        }
    }

    private byte[] sealingMaterial(SecretKey key) {
        byte[] material = key.getEncoded();
        if (material == null) {
            throw new EncryptionException(name + " needs a key whose material can be read (SecretKey.getEncoded() returned"
                    + " null for a " + key.getAlgorithm() + " key); use a key of " + KEY_SIZE + " bytes held in memory");
        }
        if (material.length != KEY_SIZE) {
            int length = material.length;
            Arrays.fill(material, (byte) 0);
            throw new EncryptionException(name + " needs a key of " + KEY_SIZE + " bytes (256 bits), not " + length
                    + " bytes; generate one with 32 random bytes");
        }
        return material;
    }

    /** The key as the JCE's AES wants it: the key itself when it says it is AES, else its material under that name. */
    private static SecretKey aesKey(SecretKey key, byte[] material) {
        return "AES".equalsIgnoreCase(key.getAlgorithm()) ? key : new SecretKeySpec(material, "AES");
    }

    /** Counts one message against the key, or refuses when the key reached its limit. */
    private void reserve(byte[] material) {
        KeyMaterial lookup = new KeyMaterial(material);
        AtomicLong count = sealedPerKey.get(lookup);
        if (count == null) {
            count = sealedPerKey.computeIfAbsent(lookup, k -> new AtomicLong());
        }
        long before = count.getAndAccumulate(maxMessagesPerKey, (sealed, limit) -> sealed < limit ? sealed + 1 : sealed);
        if (before >= maxMessagesPerKey) {
            throw new KeyUsageLimitException(name + " refused to seal: this key already sealed " + maxMessagesPerKey
                    + " messages, the limit set by " + AesGcmProvider.MAX_MESSAGES_PER_KEY + " (random 96-bit nonces may"
                    + " repeat if one key seals too many; NIST SP 800-38D allows at most 2^32). Rotate the key: make a new"
                    + " key the key ring's primary and keep this one for opening older messages.");
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
     * Key material as a map key: equal by content (compared in constant time), shown by {@code toString()} as
     * redacted.
     */
    private static final class KeyMaterial {
        private final byte[] bytes;
        private final int hash;

        KeyMaterial(byte[] bytes) {
            this.bytes = bytes;
            this.hash = Arrays.hashCode(bytes);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof KeyMaterial other && MessageDigest.isEqual(bytes, other.bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public String toString() {
            return "KeyMaterial[<redacted>]";
        }
    }
}
