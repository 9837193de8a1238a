package io.whispeer.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.whispeer.api.OverflowPolicy;
import io.whispeer.api.PublishReceipt;
import io.whispeer.api.PublishTimeoutException;
import io.whispeer.api.SubscribeOptions;
import io.whispeer.api.Subscription;
import io.whispeer.api.SubscriptionOverflowException;

/**
 * Each overflow policy crossing its limit. A handler that blocks on its first message keeps the queue from
 * draining, so the queue holds exactly what the test publishes after it.
 */
class OverflowPolicyTest {
    private final CoreBroker broker = TestSupport.broker(TestSupport.builder());
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch done = new CountDownLatch(1);

    @AfterEach
    void closeBroker() {
        release.countDown();
        broker.close();
    }

    private Subscription stalledSubscription(OverflowPolicy policy, int expected) throws InterruptedException {
        CountDownLatch all = new CountDownLatch(expected);
        Subscription subscription = broker.subscribe("q", String.class, m -> {
            if (m.payload().equals("m1")) {
                entered.countDown();
                release.await();
            }
            received.add(m.payload());
            all.countDown();
            if (all.getCount() == 0) {
                done.countDown();
            }
        }, SubscribeOptions.builder().name("stalled").queueCapacity(2).overflowPolicy(policy).blockTimeout(Duration.ofMillis(200)).build());
        broker.publish("q", "m1").join();
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        return subscription;
    }

    @Test
    void dropOldestEvictsTheOldestQueuedMessage() throws Exception {
        Subscription subscription = stalledSubscription(OverflowPolicy.DROP_OLDEST, 3);
        broker.publish("q", "m2").join();
        broker.publish("q", "m3").join();
        PublishReceipt receipt = broker.publish("q", "m4").join();
        assertThat(receipt.queued()).isEqualTo(1);
        assertThat(subscription.stats().dropped()).isEqualTo(1);
        release.countDown();
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(received).containsExactly("m1", "m3", "m4");
        assertThat(broker.stats().dropped()).isEqualTo(1);
    }

    @Test
    void dropNewestRefusesTheNewMessageAndSaysSoInTheReceipt() throws Exception {
        Subscription subscription = stalledSubscription(OverflowPolicy.DROP_NEWEST, 3);
        broker.publish("q", "m2").join();
        broker.publish("q", "m3").join();
        PublishReceipt receipt = broker.publish("q", "m4").join();
        assertThat(receipt.matched()).isEqualTo(1);
        assertThat(receipt.queued()).isZero();
        assertThat(receipt.dropped()).isEqualTo(1);
        assertThat(subscription.stats().dropped()).isEqualTo(1);
        release.countDown();
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(received).containsExactly("m1", "m2", "m3");
    }

    @Test
    void failClosesTheSubscriptionWithTheReasonAfterDeliveringWhatWasQueued() throws Exception {
        Subscription subscription = stalledSubscription(OverflowPolicy.FAIL, 3);
        broker.publish("q", "m2").join();
        broker.publish("q", "m3").join();
        PublishReceipt receipt = broker.publish("q", "m4").join();
        assertThat(receipt.dropped()).isEqualTo(1);
        assertThat(subscription.isOpen()).isFalse();
        assertThat(broker.publish("q", "m5").join().matched()).isZero();
        release.countDown();
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(received).containsExactly("m1", "m2", "m3");
        assertThatThrownBy(() -> subscription.whenClosed().get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(SubscriptionOverflowException.class)
                .hasMessageContaining("'stalled'")
                .hasMessageContaining("capacity")
                .hasMessageContaining("FAIL");
    }

    @Test
    void blockWaitsForRoomThenFailsThePublishAfterTheTimeout() throws Exception {
        Subscription subscription = stalledSubscription(OverflowPolicy.BLOCK, 3);
        broker.publish("q", "m2").join();
        broker.publish("q", "m3").join();
        long start = System.nanoTime();
        CompletableFuture<PublishReceipt> refused = broker.publish("q", "m4");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
        assertThatThrownBy(refused::join).cause()
                .isInstanceOf(PublishTimeoutException.class)
                .hasMessageContaining("'stalled'")
                .hasMessageContaining("capacity 2")
                .hasMessageContaining("whispeer.subscription.block-timeout");
        assertThat(subscription.stats().dropped()).isEqualTo(1);
        release.countDown();
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(received).containsExactly("m1", "m2", "m3");
    }

    @Test
    void blockedPublisherProceedsAsSoonAsTheSubscriberMakesRoom() throws Exception {
        CountDownLatch all = new CountDownLatch(4);
        broker.subscribe("q", String.class, m -> {
            if (m.payload().equals("m1")) {
                entered.countDown();
                release.await();
            }
            received.add(m.payload());
            all.countDown();
        }, SubscribeOptions.builder().queueCapacity(2).blockTimeout(Duration.ofSeconds(30)).build());
        broker.publish("q", "m1").join();
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        broker.publish("q", "m2").join();
        broker.publish("q", "m3").join();
        CompletableFuture<PublishReceipt> blocked = CompletableFuture.supplyAsync(() -> broker.publish("q", "m4").join());
        release.countDown();
        assertThat(blocked.get(10, TimeUnit.SECONDS).queued()).isEqualTo(1);
        assertThat(all.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(received).containsExactly("m1", "m2", "m3", "m4");
    }

    @Test
    void queueCapacityComesFromTheBrokerSettingWhenTheSubscriptionDoesNotSetIt() throws Exception {
        try (CoreBroker small = TestSupport.broker(TestSupport.builder().queueCapacity(1))) {
            CountDownLatch in = new CountDownLatch(1);
            CountDownLatch out = new CountDownLatch(1);
            Subscription s = small.subscribe("q", String.class, m -> {
                in.countDown();
                out.await();
            }, SubscribeOptions.builder().overflowPolicy(OverflowPolicy.DROP_NEWEST).build());
            small.publish("q", "a").join();
            assertThat(in.await(5, TimeUnit.SECONDS)).isTrue();
            small.publish("q", "b").join();
            assertThat(small.publish("q", "c").join().dropped()).isEqualTo(1);
            assertThat(s.stats().capacity()).isEqualTo(1);
            out.countDown();
        }
    }
}
