package io.whispeer.api.spi;

import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A bounded pool of reusable resources for engine implementations: native compression contexts, JCE {@code Cipher}
 * objects. A caller borrows a resource for one call and releases it afterwards, or discards it when a failure may
 * have left it in a bad state. At most {@code maxIdle} resources wait in the pool; more are created under load and
 * freed when they come back. Pooling rather than one resource per thread keeps reuse high and the count bounded with
 * virtual threads, which are many and short-lived. Thread-safe.
 *
 * <p>{@link #close()} frees every idle resource; resources in use at that moment are freed when they come back.
 *
 * @param <R> the resource type
 */
public final class ResourcePool<R> {
    private final String owner;
    private final Supplier<R> factory;
    private final Consumer<R> closer;
    private final Runnable afterClose;
    private final ArrayBlockingQueue<R> idle;
    private final AtomicLong created = new AtomicLong();
    private volatile boolean closed;

    /**
     * Creates an empty pool of resources that need no freeing (the garbage collector takes them).
     *
     * @param owner   what owns the pool, for the error when it is used after {@link #close()}
     * @param maxIdle the most resources kept for reuse, at least 1
     * @param factory creates a resource
     */
    public ResourcePool(String owner, int maxIdle, Supplier<R> factory) {
        this(owner, maxIdle, factory, resource -> { }, () -> { });
    }

    /**
     * Creates an empty pool.
     *
     * @param owner      what owns the pool, for the error when it is used after {@link #close()}
     * @param maxIdle    the most resources kept for reuse, at least 1
     * @param factory    creates a resource
     * @param closer     frees a resource
     * @param afterClose runs after {@link #close()} and each time a resource is freed after it (to free what the
     *                   resources shared once the last one is gone)
     */
    public ResourcePool(String owner, int maxIdle, Supplier<R> factory, Consumer<R> closer, Runnable afterClose) {
        this.owner = Objects.requireNonNull(owner, "owner");
        this.idle = new ArrayBlockingQueue<>(maxIdle);
        this.factory = Objects.requireNonNull(factory, "factory");
        this.closer = Objects.requireNonNull(closer, "closer");
        this.afterClose = Objects.requireNonNull(afterClose, "afterClose");
    }

    /**
     * {@return an idle resource, or a new one}
     *
     * @throws IllegalStateException when the pool is closed
     */
    public R borrow() {
        if (closed) {
            throw new IllegalStateException(owner + " is closed");
        }
        R resource = idle.poll();
        if (resource != null) {
            return resource;
        }
        created.incrementAndGet();
        return factory.get();
    }

    /**
     * Takes back a resource in a good state for reuse.
     *
     * @param resource a resource from {@link #borrow()}
     */
    public void release(R resource) {
        if (closed || !idle.offer(resource)) {
            discard(resource);
        } else if (closed) {
            // close() ran between the check and the offer and may have drained the queue before the offer.
            drain();
        }
    }

    /**
     * Frees a resource instead of reusing it.
     *
     * @param resource a resource from {@link #borrow()}
     */
    public void discard(R resource) {
        closer.accept(resource);
        if (closed) {
            afterClose.run();
        }
    }

    /** Frees the idle resources; the pool refuses to lend more. Idempotent. */
    public void close() {
        closed = true;
        drain();
        afterClose.run();
    }

    /** {@return how many resources wait in the pool} */
    public int idle() {
        return idle.size();
    }

    /** {@return how many resources the pool has created} */
    public long created() {
        return created.get();
    }

    private void drain() {
        for (R resource = idle.poll(); resource != null; resource = idle.poll()) {
            closer.accept(resource);
        }
    }
}
