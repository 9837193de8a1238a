package io.whispeer.core.router;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A ring index alone on its cache lines. A queue's publishers write the producer index and its consumer writes the
 * consumer index millions of times a second; sharing a 64-byte line with each other (or with the read-mostly
 * fields beside them) would make every write evict the other side's copy. The padding sits in a superclass and a
 * subclass because the JVM lays out a class's own fields in an order of its choosing, but a superclass's first.
 */
final class PaddedIndex extends PaddedIndexValue {
    @SuppressWarnings("unused")
    private long p11;
    @SuppressWarnings("unused")
    private long p12;
    @SuppressWarnings("unused")
    private long p13;
    @SuppressWarnings("unused")
    private long p14;
    @SuppressWarnings("unused")
    private long p15;
    @SuppressWarnings("unused")
    private long p16;
    @SuppressWarnings("unused")
    private long p17;
}

/** The value and a limit cached beside it (only the index's writers use it). */
abstract class PaddedIndexValue extends PaddedIndexLeft {
    private static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(PaddedIndexValue.class, "value", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile long value;
    /** For the producer index: the highest index publishers may claim before they must look at the consumer index. */
    long limit;

    long get() {
        return value;
    }

    boolean compareAndSet(long expected, long next) {
        return VALUE.compareAndSet(this, expected, next);
    }
}

/** Padding before the value. */
abstract class PaddedIndexLeft {
    @SuppressWarnings("unused")
    private long p01;
    @SuppressWarnings("unused")
    private long p02;
    @SuppressWarnings("unused")
    private long p03;
    @SuppressWarnings("unused")
    private long p04;
    @SuppressWarnings("unused")
    private long p05;
    @SuppressWarnings("unused")
    private long p06;
    @SuppressWarnings("unused")
    private long p07;
}
