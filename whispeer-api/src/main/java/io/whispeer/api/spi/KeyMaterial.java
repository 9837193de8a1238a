package io.whispeer.api.spi;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.SecretKey;

import io.whispeer.api.EncryptionException;

/**
 * A checked copy of a key's material for {@link KeyedCipher} implementations, zeroed by {@link #close()} once no
 * caller uses it any more. A helper for engine implementations, like {@link ResourcePool}; applications do not use it.
 *
 * <p>Use: {@code byte[] k = material.acquire(); try { ... } finally { material.release(); }}. Between the two calls
 * the bytes are valid: {@link #close()} waits for nothing but zeroes the copy only when the last caller released it,
 * so a seal racing with {@code close()} never runs under a half-zeroed key. After {@code close()},
 * {@link #acquire()} throws {@link IllegalStateException}. Thread-safe.
 */
public final class KeyMaterial implements AutoCloseable {
    /** Set in {@link #state} once closed; the low bits count callers between acquire and release. */
    private static final int CLOSED = Integer.MIN_VALUE;

    private final byte[] bytes;
    private final String owner;
    private final AtomicInteger state = new AtomicInteger();

    private KeyMaterial(byte[] bytes, String owner) {
        this.bytes = bytes;
        this.owner = owner;
    }

    /**
     * Copies and checks a key's material. The copy is this object's own, whether or not the key's
     * {@link SecretKey#getEncoded()} returns a fresh array.
     *
     * @param key    the key; its algorithm name is not read
     * @param size   the size the engine needs, in bytes
     * @param engine the engine name, for messages
     * @return the copy
     * @throws EncryptionException when the key has no raw encoding or another size; the message names both sizes
     *                             and never the material
     */
    public static KeyMaterial copyOf(SecretKey key, int size, String engine) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(engine, "engine");
        byte[] encoded = key.getEncoded();
        if (encoded == null) {
            throw new EncryptionException("Cannot bind a key to " + engine + ": it needs a raw key of " + size + " bytes ("
                    + size * 8 + " bits), but this " + key.getAlgorithm() + " key has no raw encoding (SecretKey.getEncoded()"
                    + " returned null, as for keys held in hardware). Use a key of " + size + " random bytes held in memory.");
        }
        if (encoded.length != size) {
            int found = encoded.length;
            Arrays.fill(encoded, (byte) 0);
            throw new EncryptionException("Cannot bind a key to " + engine + ": it needs a raw key of " + size + " bytes (" + size * 8
                    + " bits), but the key has " + found + " bytes. Generate keys of " + size + " random bytes.");
        }
        byte[] copy = encoded.clone();
        // SecretKeySpec returns a fresh copy, which is zeroed here; a key that hands out its own array (a second
        // call returns the same one) keeps it intact, since zeroing it would destroy the caller's key.
        byte[] again = key.getEncoded();
        if (again != encoded) {
            Arrays.fill(encoded, (byte) 0);
            if (again != null) {
                Arrays.fill(again, (byte) 0);
            }
        }
        return new KeyMaterial(copy, engine);
    }

    /**
     * {@return the material itself, not a copy: the caller must not change or keep it, and must call
     * {@link #release()} once done}
     *
     * @throws IllegalStateException when closed
     */
    public byte[] acquire() {
        int before = state.getAndIncrement();
        if (before < 0) {
            release();
            throw new IllegalStateException("This " + owner + " key is closed; bind the key again with EncryptionEngine.forKey");
        }
        return bytes;
    }

    /** Ends one {@link #acquire()}; the last release after {@link #close()} zeroes the material. */
    public void release() {
        if (state.decrementAndGet() == CLOSED) {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /**
     * A key that reads this material, for {@code Cipher.init}: its {@code getEncoded()} returns a fresh copy, which
     * the JCE may keep; it must only be used between {@link #acquire()} and {@link #release()}.
     *
     * @param algorithm the JCE algorithm name, such as {@code AES} or {@code ChaCha20}
     * @return the key view; its {@code toString()} shows no material
     */
    public SecretKey view(String algorithm) {
        return new View(Objects.requireNonNull(algorithm, "algorithm"));
    }

    /** {@return whether {@link #close()} was called} */
    public boolean isClosed() {
        return state.get() < 0;
    }

    /** Zeroes the material now, or when the last caller releases it. Idempotent. */
    @Override
    public void close() {
        int current;
        do {
            current = state.get();
            if (current < 0) {
                return;
            }
        } while (!state.compareAndSet(current, current | CLOSED));
        if (current == 0) {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** {@return the engine and whether closed; never the material} */
    @Override
    public String toString() {
        return "KeyMaterial[" + owner + ", " + bytes.length + " bytes, <redacted>" + (isClosed() ? ", closed]" : "]");
    }

    /** The material as a JCE key, without a second long-lived copy. */
    private final class View implements SecretKey {
        private static final long serialVersionUID = 1L;
        private final String algorithm;

        View(String algorithm) {
            this.algorithm = algorithm;
        }

        @Override
        public String getAlgorithm() {
            return algorithm;
        }

        @Override
        public String getFormat() {
            return "RAW";
        }

        @Override
        public byte[] getEncoded() {
            return bytes.clone();
        }

        @Override
        public String toString() {
            return "KeyMaterial.View[" + algorithm + ", <redacted>]";
        }
    }
}
