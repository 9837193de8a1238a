package io.whispeer.crypto.chacha;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A bounded pool of reusable contexts (here: a JCE {@code Cipher} with its working arrays). A caller borrows a
 * context for one call and releases it afterwards, or discards it when a failure may have left it in a bad state.
 * At most {@code maxIdle} contexts wait in the pool; more are created under load and dropped when they come back.
 * Pooling rather than one context per thread keeps reuse high and the count bounded with virtual threads, which
 * are many and short-lived.
 *
 * <p>As in {@code whispeer-compression-zstd}'s pool of native contexts, but a {@code Cipher} holds no native
 * memory, so a dropped context is left to the garbage collector.
 *
 * @param <C> the context type
 */
final class ContextPool<C> {
    private final Supplier<C> factory;
    private final String owner;
    private final ArrayBlockingQueue<C> idle;
    private final AtomicLong created = new AtomicLong();
    private volatile boolean closed;

    /**
     * Creates an empty pool.
     *
     * @param owner   what owns the pool, for the error when it is used after {@link #close()}
     * @param maxIdle the most contexts kept for reuse
     * @param factory creates a context
     */
    ContextPool(String owner, int maxIdle, Supplier<C> factory) {
        this.owner = owner;
        this.idle = new ArrayBlockingQueue<>(maxIdle);
        this.factory = factory;
    }

    /**
     * {@return an idle context, or a new one}
     *
     * @throws IllegalStateException when the pool is closed
     */
    C borrow() {
        if (closed) {
            throw new IllegalStateException(owner + " is closed");
        }
        C context = idle.poll();
        if (context != null) {
            return context;
        }
        created.incrementAndGet();
        return factory.get();
    }

    /**
     * Takes back a context in a good state for reuse.
     *
     * @param context a context from {@link #borrow()}
     */
    void release(C context) {
        if (!closed && idle.offer(context) && closed) {
            // close() ran between the check and the offer and may have drained the queue before the offer.
            idle.clear();
        }
    }

    /**
     * Drops a context instead of reusing it.
     *
     * @param context a context from {@link #borrow()}
     */
    void discard(C context) {
        // Nothing to free: the garbage collector takes it.
    }

    /** Drops the idle contexts; the pool refuses to lend more. Idempotent. */
    void close() {
        closed = true;
        idle.clear();
    }

    /** {@return how many contexts wait in the pool} */
    int idle() {
        return idle.size();
    }

    /** {@return how many contexts the pool has created} */
    long created() {
        return created.get();
    }
}
