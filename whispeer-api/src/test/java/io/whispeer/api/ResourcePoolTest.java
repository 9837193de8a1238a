package io.whispeer.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.whispeer.api.spi.ResourcePool;

class ResourcePoolTest {
    private final AtomicInteger created = new AtomicInteger();
    private final List<Integer> freed = new ArrayList<>();
    private final AtomicInteger afterClose = new AtomicInteger();
    private final ResourcePool<Integer> pool = new ResourcePool<>("The test", 2, created::incrementAndGet, freed::add,
            afterClose::incrementAndGet);

    @Test
    void aReleasedContextIsLentAgainInsteadOfANewOne() {
        Integer first = pool.borrow();
        pool.release(first);
        assertThat(pool.borrow()).isSameAs(first);
        assertThat(created).hasValue(1);
    }

    @Test
    void contextsBeyondTheIdleLimitAreFreedWhenTheyComeBack() {
        List<Integer> borrowed = List.of(pool.borrow(), pool.borrow(), pool.borrow());
        borrowed.forEach(pool::release);
        assertThat(pool.idle()).isEqualTo(2);
        assertThat(freed).containsExactly(3);
    }

    @Test
    void aDiscardedContextIsFreedAndNotLentAgain() {
        Integer context = pool.borrow();
        pool.discard(context);
        assertThat(freed).containsExactly(context);
        assertThat(pool.borrow()).isNotEqualTo(context);
    }

    @Test
    void closingFreesIdleContextsNowAndBorrowedOnesWhenTheyComeBack() {
        Integer idle = pool.borrow();
        Integer busy = pool.borrow();
        pool.release(idle);
        pool.close();
        assertThat(freed).containsExactly(idle);
        assertThat(afterClose).hasValue(1);

        pool.release(busy);
        assertThat(freed).containsExactly(idle, busy);
        assertThat(afterClose).hasValue(2);
        assertThat(pool.idle()).isZero();
    }

    @Test
    void aClosedPoolLendsNothing() {
        pool.close();
        assertThatThrownBy(pool::borrow).isInstanceOf(IllegalStateException.class).hasMessage("The test is closed");
    }
}
