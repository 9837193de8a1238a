package io.whispeer.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.whispeer.api.ConfigurationException;
import io.whispeer.api.Envelope;
import io.whispeer.api.OverflowPolicy;
import io.whispeer.api.SubscribeOptions;
import io.whispeer.api.Subscription;
import io.whispeer.api.spi.DropReason;
import io.whispeer.api.spi.Plugin;
import io.whispeer.api.spi.PluginContext;
import io.whispeer.api.spi.SubscriptionInfo;
import io.whispeer.tck.CapturedLogs;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Plugins run in order, see every event, and cannot break the broker. */
class PluginHooksTest {
    /** This class makes things fail on purpose; what whispeer logs about it is captured, not printed. */
    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs();


    @Test
    void hooksRunInOrderAndSeeSubscribePublishDeliverAndUnsubscribe() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch delivered = new CountDownLatch(2);
        Plugin second = new Recorder("second", 20, events, delivered);
        Plugin first = new Recorder("first", 10, events, delivered);
        try (CoreBroker broker = TestSupport.broker(TestSupport.builder().plugin(second).plugin(first))) {
            assertThat(broker.plugins()).containsExactly("first", "second");
            Subscription s = broker.subscribe("t", String.class, m -> { });
            broker.publish("t", "x").join();
            assertThat(delivered.await(5, TimeUnit.SECONDS)).isTrue();
            s.close();
            assertThat(events).containsSubsequence("first:subscribe", "second:subscribe", "first:publish", "second:publish",
                    "first:deliver", "second:deliver", "first:unsubscribe", "second:unsubscribe");
        }
        assertThat(events).endsWith("second:close", "first:close");
    }

    @Test
    void aThrowingPluginIsCountedAndDoesNotStopPublishingOrOtherPlugins() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch delivered = new CountDownLatch(1);
        Plugin broken = new Plugin() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public void onPublish(Envelope envelope) {
                throw new IllegalStateException("plugin bug");
            }
        };
        try (CoreBroker broker = TestSupport.broker(TestSupport.builder().plugin(broken).plugin(new Recorder("ok", 5, events, delivered)))) {
            CountDownLatch received = new CountDownLatch(1);
            broker.subscribe("t", String.class, m -> received.countDown());
            broker.publish("t", "x").join();
            assertThat(received.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(broker.stats().pluginErrors()).isEqualTo(1);
            assertThat(events).contains("ok:publish");
            assertThat(logs.messages()).anyMatch(m -> m.contains("Plugin 'broken' failed in onPublish") && m.contains("plugin bug"));
        }
    }

    @Test
    void dropsAreReportedToPluginsWithTheReason() throws Exception {
        List<DropReason> reasons = new CopyOnWriteArrayList<>();
        Plugin drops = new Plugin() {
            @Override
            public String name() {
                return "drops";
            }

            @Override
            public void onDrop(Envelope envelope, SubscriptionInfo subscription, DropReason reason) {
                reasons.add(reason);
            }
        };
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (CoreBroker broker = TestSupport.broker(TestSupport.builder().plugin(drops))) {
            broker.subscribe("t", String.class, m -> {
                entered.countDown();
                release.await();
            }, SubscribeOptions.builder().queueCapacity(1).overflowPolicy(OverflowPolicy.DROP_NEWEST).build());
            broker.publish("t", "a").join();
            assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
            broker.publish("t", "b").join();
            broker.publish("t", "c").join();
            release.countDown();
        }
        assertThat(reasons).containsExactly(DropReason.QUEUE_FULL_DROP_NEWEST);
    }

    @Test
    void aPluginThatFailsToStartFailsTheBuildAndIsNamed() {
        Plugin failing = new Plugin() {
            @Override
            public String name() {
                return "needs-db";
            }

            @Override
            public void start(PluginContext context) throws Exception {
                throw new java.io.IOException("database missing");
            }
        };
        assertThatThrownBy(() -> TestSupport.broker(TestSupport.builder().plugin(failing)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Plugin 'needs-db' (" + failing.getClass().getName() + ", io.whispeer.core ")
                .hasMessageEndingWith("failed to start: java.io.IOException: database missing");
    }

    @Test
    void discoveredPluginsRunBesideTheBuildersOnes() {
        List<String> events = new CopyOnWriteArrayList<>();
        try (CoreBroker broker = TestSupport.broker(TestSupport.builder().plugin(new Recorder("explicit", 1, events, new CountDownLatch(0))),
                settings -> List.of(new Recorder("discovered", 0, events, new CountDownLatch(0))))) {
            assertThat(broker.plugins()).containsExactly("discovered", "explicit");
        }
    }

    private record Recorder(String name, int order, List<String> events, CountDownLatch delivered) implements Plugin {
        @Override
        public void onPublish(Envelope envelope) {
            events.add(name + ":publish");
        }

        @Override
        public void onSubscribe(SubscriptionInfo subscription) {
            events.add(name + ":subscribe");
        }

        @Override
        public void onUnsubscribe(SubscriptionInfo subscription) {
            events.add(name + ":unsubscribe");
        }

        @Override
        public void onDeliver(Envelope envelope, SubscriptionInfo subscription) {
            events.add(name + ":deliver");
            delivered.countDown();
        }

        @Override
        public void close() {
            events.add(name + ":close");
        }
    }
}
