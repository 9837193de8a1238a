package io.whispeer.crypto.chacha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class ContextPoolTest {
    private final AtomicInteger made = new AtomicInteger();
    private final ContextPool<Integer> pool = new ContextPool<>("The test", 2, made::incrementAndGet);

    @Test
    void aReleasedContextIsLentAgainInsteadOfANewOne() {
        Integer first = pool.borrow();
        pool.release(first);
        assertThat(pool.borrow()).isSameAs(first);
        assertThat(pool.created()).isEqualTo(1);
    }

    @Test
    void atMostMaxIdleContextsWaitInThePool() {
        List<Integer> borrowed = List.of(pool.borrow(), pool.borrow(), pool.borrow());
        borrowed.forEach(pool::release);
        assertThat(pool.idle()).isEqualTo(2);
    }

    @Test
    void aDiscardedContextIsNotLentAgain() {
        Integer context = pool.borrow();
        pool.discard(context);
        assertThat(pool.borrow()).isNotEqualTo(context);
    }

    @Test
    void aClosedPoolDropsItsIdleContextsAndRefusesToLend() {
        pool.release(pool.borrow());
        pool.close();
        assertThat(pool.idle()).isZero();
        assertThatThrownBy(pool::borrow).isInstanceOf(IllegalStateException.class).hasMessage("The test is closed");
    }

    @Test
    void aContextReleasedAfterCloseIsNotKept() {
        Integer busy = pool.borrow();
        pool.close();
        pool.release(busy);
        assertThat(pool.idle()).isZero();
    }
}
