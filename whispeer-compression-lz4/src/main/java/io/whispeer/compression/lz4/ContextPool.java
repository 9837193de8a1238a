package io.whispeer.compression.lz4;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A bounded pool of native contexts. A caller borrows a context for one call and releases it afterwards, or
 * discards it when a failure may have left it in a bad state. At most {@code maxIdle} contexts wait in the pool;
 * more are created under load and freed when they come back. Pooling rather than one context per thread keeps
 * the count bounded with virtual threads, which are many and short-lived.
 *
 * <p>{@link #close()} frees every idle context; contexts in use at that moment are freed when they are released.
 *
 * @param <C> the context type
 */
final class ContextPool<C> {
    private final Supplier<C> factory;
    private final Consumer<C> closer;
    private final Runnable afterClose;
    private final String owner;
    private final ArrayBlockingQueue<C> idle;
    private volatile boolean closed;

    /**
     * Creates an empty pool.
     *
     * @param owner      what owns the pool, for the error when it is used after {@link #close()}
     * @param maxIdle    the most contexts kept for reuse
     * @param factory    creates a context
     * @param closer     frees a context
     * @param afterClose runs each time a context is freed after the pool was closed
     */
    ContextPool(String owner, int maxIdle, Supplier<C> factory, Consumer<C> closer, Runnable afterClose) {
        this.owner = owner;
        this.idle = new ArrayBlockingQueue<>(maxIdle);
        this.factory = factory;
        this.closer = closer;
        this.afterClose = afterClose;
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
        return context != null ? context : factory.get();
    }

    /**
     * Takes back a context in a good state for reuse.
     *
     * @param context a context from {@link #borrow()}
     */
    void release(C context) {
        if (closed || !idle.offer(context)) {
            discard(context);
        } else if (closed) {
            // close() ran between the check and the offer and may have drained the queue before the offer.
            drain();
        }
    }

    /**
     * Frees a context instead of reusing it.
     *
     * @param context a context from {@link #borrow()}
     */
    void discard(C context) {
        closer.accept(context);
        if (closed) {
            afterClose.run();
        }
    }

    /** Frees the idle contexts; the pool refuses to lend more. Idempotent. */
    void close() {
        closed = true;
        drain();
        afterClose.run();
    }

    /** {@return how many contexts wait in the pool} */
    int idle() {
        return idle.size();
    }

    private void drain() {
        for (C context = idle.poll(); context != null; context = idle.poll()) {
            closer.accept(context);
        }
    }
}
