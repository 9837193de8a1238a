package io.whispeer.crypto.chacha;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.ProviderException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;

import io.whispeer.api.MessageAuthenticationException;
import io.whispeer.api.EncryptionException;
import io.whispeer.api.spi.EncryptionEngine;
import io.whispeer.api.spi.SealedPayload;
import io.whispeer.api.spi.ResourcePool;

/**
 * What both engines share: key checks, random nonces, the pool of JCE ciphers and the uniform authentication
 * failure. The subclasses say how a key and a nonce become the JCE ChaCha20-Poly1305 key and 96-bit nonce, and
 * whether sealing is counted.
 */
abstract sealed class ChaChaPoly1305Engine implements EncryptionEngine permits ChaCha20Poly1305Engine, XChaCha20Poly1305Engine {
    /** Key bytes of both engines. */
    static final int KEY_SIZE = 32;
    /** Tag bytes of both engines. */
    static final int TAG_SIZE = 16;

    private final String name;
    private final int id;
    private final int nonceSize;
    private final SecureRandom random = new SecureRandom();
    private final ResourcePool<CipherContext> pool;
    private final String cipherProvider;
    private final String authenticationFailure;
    private final AtomicBoolean closed = new AtomicBoolean();

    ChaChaPoly1305Engine(String name, int id, int nonceSize) {
        this.name = name;
        this.id = id;
        this.nonceSize = nonceSize;
        this.pool = new ResourcePool<>("The " + name + " encryption engine", Math.max(2, Runtime.getRuntime().availableProcessors()),
                CipherContext::create);
        this.authenticationFailure = "The " + name + " payload did not authenticate: the key is wrong, or the nonce, ciphertext,"
                + " tag or associated data was changed or cut short";
        // Create the first cipher now, so that a JDK without ChaCha20-Poly1305 fails at startup rather than on a message.
        CipherContext first = pool.borrow();
        this.cipherProvider = first.cipher.getProvider().getName();
        pool.release(first);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final int id() {
        return id;
    }

    @Override
    public final int keySize() {
        return KEY_SIZE;
    }

    @Override
    public final int nonceSize() {
        return nonceSize;
    }

    @Override
    public final int tagSize() {
        return TAG_SIZE;
    }

    @Override
    public final SealedPayload seal(SecretKey key, byte[] plaintext, byte[] aad) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(aad, "aad");
        byte[] nonce = new byte[nonceSize];
        random.nextBytes(nonce);
        return new SealedPayload(nonce, seal(key, nonce, plaintext, aad));
    }

    /**
     * Seals with a given nonce. Only {@link #seal(SecretKey, byte[], byte[])}, with a fresh random nonce, and the
     * known-answer tests call it: the public SPI never lets a caller choose a nonce.
     *
     * @param key       a key of {@link #KEY_SIZE} bytes
     * @param nonce     a nonce of {@link #nonceSize()} bytes that this key has never sealed with
     * @param plaintext the plaintext
     * @param aad       the associated data
     * @return the ciphertext followed by the tag
     * @throws EncryptionException when the key has the wrong size or the JCE refuses
     * @throws io.whispeer.api.KeyUsageLimitException when the key reached the engine's limit
     */
    final byte[] seal(SecretKey key, byte[] nonce, byte[] plaintext, byte[] aad) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(aad, "aad");
        if (nonce.length != nonceSize) {
            throw new IllegalArgumentException("A " + name + " nonce has " + nonceSize + " bytes, not " + nonce.length);
        }
        byte[] material = key.getEncoded();
        if (material == null || material.length != KEY_SIZE) {
            int size = material == null ? -1 : material.length;
            wipe(material);
            throw new EncryptionException("Cannot seal with " + name + ": it needs a raw key of " + KEY_SIZE + " bytes (256 bits), but the"
                    + " key has " + (size < 0 ? "no raw encoding" : size + " bytes") + ". Generate keys of " + KEY_SIZE + " random bytes.");
        }
        CipherContext context = null;
        boolean reusable = false;
        try {
            countSeal(material);
            context = pool.borrow();
            init(context, Cipher.ENCRYPT_MODE, material, nonce);
            context.cipher.updateAAD(aad);
            byte[] sealed = context.cipher.doFinal(plaintext);
            reusable = true;
            return sealed;
        } catch (InvalidKeyException e) {
            // The key size is checked above, so the JCE refused because this cipher last used the same key and nonce.
            throw new EncryptionException("The JCE refused to seal with " + name + " because the nonce repeated under this key; with"
                    + " random nonces that means the random generator is broken. Nothing was sealed.", e);
        } catch (GeneralSecurityException | ProviderException e) {
            throw new EncryptionException("The JCE failed to seal with " + name + " (" + cipherProvider + ")", e);
        } finally {
            wipe(material);
            if (context != null) {
                context.wipe();
                if (reusable) {
                    pool.release(context);
                } else {
                    pool.discard(context);
                }
            }
        }
    }

    @Override
    public final byte[] open(SecretKey key, byte[] nonce, byte[] ciphertext, byte[] aad) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(ciphertext, "ciphertext");
        Objects.requireNonNull(aad, "aad");
        if (nonce.length != nonceSize || ciphertext.length < TAG_SIZE) {
            throw authenticationFailed();
        }
        byte[] material = key.getEncoded();
        if (material == null || material.length != KEY_SIZE) {
            wipe(material);
            throw authenticationFailed();
        }
        CipherContext context = pool.borrow();
        boolean reusable = false;
        try {
            init(context, Cipher.DECRYPT_MODE, material, nonce);
            context.cipher.updateAAD(aad);
            byte[] plaintext = context.cipher.doFinal(ciphertext);
            reusable = true;
            return plaintext;
        } catch (AEADBadTagException e) {
            // The cipher is re-initialised before its next use, so a failed tag check leaves it as good as new.
            reusable = true;
            throw authenticationFailed();
        } catch (GeneralSecurityException | ProviderException | IllegalArgumentException | IllegalStateException e) {
            throw authenticationFailed();
        } finally {
            wipe(material);
            context.wipe();
            if (reusable) {
                pool.release(context);
            } else {
                pool.discard(context);
            }
        }
    }

    /**
     * Counts one seal with the key and refuses when the key reached its limit.
     *
     * @param material the key bytes
     * @throws io.whispeer.api.KeyUsageLimitException when the key reached the limit
     */
    abstract void countSeal(byte[] material);

    /**
     * Initialises the context's cipher for one message.
     *
     * @param context  the borrowed context
     * @param mode     {@link Cipher#ENCRYPT_MODE} or {@link Cipher#DECRYPT_MODE}
     * @param material the {@link #KEY_SIZE} key bytes
     * @param nonce    the {@link #nonceSize()} nonce bytes
     * @throws GeneralSecurityException when the JCE refuses
     */
    abstract void init(CipherContext context, int mode, byte[] material, byte[] nonce) throws GeneralSecurityException;

    /** {@return the JCE provider of the pooled ciphers, such as {@code SunJCE}} */
    final String cipherProvider() {
        return cipherProvider;
    }

    /** {@return the pool of ciphers, for tests} */
    final ResourcePool<CipherContext> pool() {
        return pool;
    }

    /** Forgets per-key state; called once by {@link #close()}. */
    void forgetKeys() {
    }

    @Override
    public final void close() {
        if (closed.compareAndSet(false, true)) {
            pool.close();
            forgetKeys();
        }
    }

    /** {@return the name, the JCE provider and the limits: never a key} */
    @Override
    public String toString() {
        return name + " engine (JCE " + CipherContext.TRANSFORMATION + " from " + cipherProvider + limits() + (closed.get() ? ", closed)" : ")");
    }

    /** {@return the limits for {@link #toString()}, such as {@code ", at most 1000 messages per key"}, or nothing} */
    String limits() {
        return "";
    }

    /** The same exception, without a cause, for every failure: a caller must not learn which check failed. */
    private MessageAuthenticationException authenticationFailed() {
        return new MessageAuthenticationException(authenticationFailure);
    }

    private static void wipe(byte[] material) {
        if (material != null) {
            Arrays.fill(material, (byte) 0);
        }
    }
}
