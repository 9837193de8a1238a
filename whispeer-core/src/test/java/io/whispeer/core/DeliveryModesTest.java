package io.whispeer.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.whispeer.api.SubscribeOptions;
import io.whispeer.api.Subscription;
import io.whispeer.api.WhispeerException;

/**
 * What delivery does in the embedded broker beyond the {@link io.whispeer.api.PubSub} contract, which
 * {@link EmbeddedBrokerCompatibilityTest} checks: handler threads, undecodable messages, and the encoded bytes a
 * {@code byte[]} subscriber sees with the test codec.
 */
class DeliveryModesTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private final CoreBroker broker = TestSupport.broker(TestSupport.builder());

    @AfterEach
    void closeBroker() {
        broker.close();
    }

    @Test
    void handlerRunsOnAVirtualThreadByDefaultAndOnTheGivenExecutorWhenSet() throws Exception {
        AtomicReference<Thread> defaultThread = new AtomicReference<>();
        AtomicReference<String> executorThread = new AtomicReference<>();
        CountDownLatch both = new CountDownLatch(2);
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "user-pool"));
        try {
            broker.subscribe("t", String.class, m -> {
                defaultThread.set(Thread.currentThread());
                both.countDown();
            });
            broker.subscribe("t", String.class, m -> {
                executorThread.set(Thread.currentThread().getName());
                both.countDown();
            }, SubscribeOptions.builder().executor(pool).build());
            broker.publish("t", "x").join();
            assertThat(both.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(defaultThread.get().isVirtual()).isTrue();
            assertThat(executorThread.get()).isEqualTo("user-pool");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void undecodableMessageIsRejectedCountedAndSkipped() throws Exception {
        CountDownLatch rejected = new CountDownLatch(1);
        LinkedBlockingQueue<Integer> inbox = new LinkedBlockingQueue<>();
        Subscription s = broker.subscribe("t", io.whispeer.api.TypeRef.of(Integer.class), m -> inbox.add(m.payload()),
                SubscribeOptions.builder().errorListener((sub, e) -> {
                    if (e instanceof WhispeerException) {
                        rejected.countDown();
                    }
                }).build());
        broker.publish("t", "not a number").join();
        broker.publish("t", 42).join();
        assertThat(rejected.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(inbox.poll(5, TimeUnit.SECONDS)).isEqualTo(42);
        assertThat(s.stats().rejected()).isEqualTo(1);
        assertThat(broker.stats().rejected()).isEqualTo(1);
    }

    @Test
    void byteArraySubscriberReceivesTheEncodedBytesOfAnyType() throws Exception {
        LinkedBlockingQueue<byte[]> inbox = new LinkedBlockingQueue<>();
        broker.subscribe("t", byte[].class, m -> inbox.add(m.payload()));
        broker.publish("t", "hi").join();
        assertThat(inbox.poll(5, TimeUnit.SECONDS)).containsExactly('S', 'h', 'i');
    }

    /** Polls a condition that has no event to wait on (counters), bounded by five seconds. */
    static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within " + WAIT);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
