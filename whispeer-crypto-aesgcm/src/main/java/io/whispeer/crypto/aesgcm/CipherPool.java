package io.whispeer.crypto.aesgcm;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.function.Supplier;
import javax.crypto.Cipher;

/**
 * A bounded pool of {@link Cipher} objects. A caller borrows a cipher for one seal or open, initialises it with its
 * own key and nonce, and releases it afterwards, or drops it when the operation failed (a failed {@code doFinal} may
 * leave a cipher in a state that needs more than a new {@code init}). A new {@code Cipher} per message cost 6 to 11
 * times a reused one; pooling rather than one cipher per thread keeps reuse working with virtual threads, which are
 * many and short-lived. At most {@code maxIdle} ciphers wait in the pool; more are created under load and left to
 * the garbage collector when the pool is full.
 *
 * <p>Pooled ciphers hold no secrets that matter between uses beyond what the JCE keeps for its own checks (the
 * last encryption key and IV, to refuse reusing both); {@link #close()} drops them.
 */
final class CipherPool {
    private final Supplier<Cipher> factory;
    private final String owner;
    private final ArrayBlockingQueue<Cipher> idle;
    private volatile boolean closed;

    /**
     * Creates an empty pool.
     *
     * @param owner   what owns the pool, for the error when it is used after {@link #close()}
     * @param maxIdle the most ciphers kept for reuse
     * @param factory creates a cipher
     */
    CipherPool(String owner, int maxIdle, Supplier<Cipher> factory) {
        this.owner = owner;
        this.idle = new ArrayBlockingQueue<>(maxIdle);
        this.factory = factory;
    }

    /**
     * {@return an idle cipher, or a new one}
     *
     * @throws IllegalStateException when the pool is closed
     */
    Cipher borrow() {
        if (closed) {
            throw new IllegalStateException(owner + " is closed");
        }
        Cipher cipher = idle.poll();
        return cipher != null ? cipher : factory.get();
    }

    /**
     * Takes back a cipher whose last operation completed, for reuse.
     *
     * @param cipher a cipher from {@link #borrow()}
     */
    void release(Cipher cipher) {
        if (!closed && idle.offer(cipher) && closed) {
            // close() ran between the check and the offer and may have drained the queue before the offer.
            idle.clear();
        }
    }

    /** Drops the idle ciphers; the pool refuses to lend more. Idempotent. */
    void close() {
        closed = true;
        idle.clear();
    }

    /** {@return how many ciphers wait in the pool} */
    int idle() {
        return idle.size();
    }
}
