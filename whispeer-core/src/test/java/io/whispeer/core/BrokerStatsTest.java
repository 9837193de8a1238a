package io.whispeer.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.whispeer.api.BrokerStats;
import io.whispeer.api.SubscribeOptions;

/** What {@code stats()} reports: topics, subscriptions per filter, queue depths, counters, slowest subscribers. */
class BrokerStatsTest {

    @Test
    void statsReportTopicsFiltersDepthsAndTheSlowestSubscriber() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(1_000_000);
        try (CoreBroker broker = TestSupport.broker(TestSupport.builder().clock(() -> java.time.Instant.ofEpochMilli(now.get())))) {
            broker.subscribe("a/#", String.class, m -> {
                entered.countDown();
                release.await();
            }, SubscribeOptions.builder().name("laggard").build());
            CountDownLatch quick = new CountDownLatch(4);
            broker.subscribe("a/#", String.class, m -> quick.countDown(), SubscribeOptions.builder().name("quick").build());
            broker.subscribe("b", String.class, m -> { });
            for (String topic : new String[] {"a/1", "a/2", "a/1", "a/3"}) {
                broker.publish(topic, "x").join();
            }
            assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(quick.await(5, TimeUnit.SECONDS)).isTrue();
            now.addAndGet(1500);
            BrokerStats stats = broker.stats();
            assertThat(stats.topics()).isEqualTo(3);
            assertThat(stats.published()).isEqualTo(4);
            assertThat(stats.subscriptionsByFilter()).containsEntry("a/#", 2).containsEntry("b", 1);
            assertThat(stats.slowest(1).get(0).name()).isEqualTo("laggard");
            assertThat(stats.slowest(1).get(0).queueDepth()).isEqualTo(3);
            assertThat(stats.slowest(1).get(0).oldestPending()).isEqualTo(java.time.Duration.ofMillis(1500));
            release.countDown();
        }
    }

}
