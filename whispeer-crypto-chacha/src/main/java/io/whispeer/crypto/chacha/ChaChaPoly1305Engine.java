package io.whispeer.crypto.chacha;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.ProviderException;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;

import io.whispeer.api.EncryptionException;
import io.whispeer.api.KeyUsageLimitException;
import io.whispeer.api.MessageAuthenticationException;
import io.whispeer.api.spi.EncryptionEngine;
import io.whispeer.api.spi.KeyMaterial;
import io.whispeer.api.spi.KeyedCipher;
import io.whispeer.api.spi.ResourcePool;

/**
 * What both engines share: key checks, random nonces, the pool of JCE ciphers and the uniform authentication
 * failure. The subclasses say how a key and a nonce become the JCE ChaCha20-Poly1305 key and 96-bit nonce, and
 * the limit of messages per key. The engine holds no key: {@link #forKey} binds one into a {@link ChaChaKeyedCipher},
 * which counts its own seals.
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
    public final ChaChaKeyedCipher forKey(SecretKey key) {
        Objects.requireNonNull(key, "key");
        if (closed.get()) {
            throw new IllegalStateException("The " + name + " encryption engine is closed");
        }
        return new ChaChaKeyedCipher(this, KeyMaterial.copyOf(key, KEY_SIZE, name));
    }

    /** {@return a fresh random nonce of {@link #nonceSize()} bytes} */
    final byte[] newNonce() {
        byte[] nonce = new byte[nonceSize];
        random.nextBytes(nonce);
        return nonce;
    }

    /**
     * Seals with a given nonce, uncounted. Only {@link ChaChaKeyedCipher}, which counts and draws the nonce, calls it.
     *
     * @param key       the bound key
     * @param nonce     a nonce of {@link #nonceSize()} bytes that this key has never sealed with
     * @param plaintext the plaintext
     * @param aad       the associated data
     * @return the ciphertext followed by the tag
     * @throws EncryptionException   when the JCE refuses
     * @throws IllegalStateException when the engine or the key is closed
     */
    final byte[] seal(KeyMaterial key, byte[] nonce, byte[] plaintext, byte[] aad) {
        if (nonce.length != nonceSize) {
            throw new IllegalArgumentException("A " + name + " nonce has " + nonceSize + " bytes, not " + nonce.length);
        }
        byte[] material = key.acquire();
        CipherContext context = null;
        boolean reusable = false;
        try {
            context = pool.borrow();
            init(context, Cipher.ENCRYPT_MODE, key, material, nonce);
            context.cipher.updateAAD(aad);
            byte[] sealed = context.cipher.doFinal(plaintext);
            reusable = true;
            return sealed;
        } catch (InvalidKeyException e) {
            // The key size is checked by forKey, so the JCE refused because this cipher last used the same key and nonce.
            throw new EncryptionException("The JCE refused to seal with " + name + " because the nonce repeated under this key; with"
                    + " random nonces that means the random generator is broken. Nothing was sealed.", e);
        } catch (GeneralSecurityException | ProviderException e) {
            throw new EncryptionException("The JCE failed to seal with " + name + " (" + cipherProvider + ")", e);
        } finally {
            key.release();
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

    /**
     * Opens under a bound key.
     *
     * @param key        the bound key
     * @param nonce      the nonce
     * @param ciphertext the ciphertext with tag
     * @param aad        the associated data
     * @return the plaintext
     * @throws MessageAuthenticationException on any mismatch
     * @throws IllegalStateException          when the engine or the key is closed
     */
    final byte[] open(KeyMaterial key, byte[] nonce, byte[] ciphertext, byte[] aad) {
        if (nonce.length != nonceSize || ciphertext.length < TAG_SIZE) {
            throw authenticationFailed();
        }
        byte[] material = key.acquire();
        CipherContext context = null;
        boolean reusable = false;
        try {
            context = pool.borrow();
            init(context, Cipher.DECRYPT_MODE, key, material, nonce);
            context.cipher.updateAAD(aad);
            byte[] plaintext = context.cipher.doFinal(ciphertext);
            reusable = true;
            return plaintext;
        } catch (AEADBadTagException e) {
            // The cipher is re-initialised before its next use, so a failed tag check leaves it as good as new.
            reusable = true;
            throw authenticationFailed();
        } catch (GeneralSecurityException | ProviderException | IllegalArgumentException e) {
            throw authenticationFailed();
        } finally {
            key.release();
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

    /**
     * Initialises the context's cipher for one message.
     *
     * @param context  the borrowed context
     * @param mode     {@link Cipher#ENCRYPT_MODE} or {@link Cipher#DECRYPT_MODE}
     * @param key      the bound key, acquired
     * @param material its {@link #KEY_SIZE} bytes, valid until the caller releases the key
     * @param nonce    the {@link #nonceSize()} nonce bytes
     * @throws GeneralSecurityException when the JCE refuses
     */
    abstract void init(CipherContext context, int mode, KeyMaterial key, byte[] material, byte[] nonce) throws GeneralSecurityException;

    /**
     * {@return the refusal of a key that sealed {@link #maxMessagesPerKey()} messages}; only engines with a limit
     * are asked
     */
    abstract KeyUsageLimitException limitReached();

    /** {@return the JCE provider of the pooled ciphers, such as {@code SunJCE}} */
    final String cipherProvider() {
        return cipherProvider;
    }

    /** {@return the pool of ciphers, for tests} */
    final ResourcePool<CipherContext> pool() {
        return pool;
    }

    /**
     * Frees the pooled ciphers; the engine's {@link KeyedCipher}s are unusable afterwards. Their key copies are
     * zeroed by their own {@link KeyedCipher#close()}: the engine does not track them.
     */
    @Override
    public final void close() {
        if (closed.compareAndSet(false, true)) {
            pool.close();
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
}
