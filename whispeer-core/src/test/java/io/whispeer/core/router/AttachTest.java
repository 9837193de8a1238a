package io.whispeer.core.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.whispeer.api.BrokerClosedException;
import io.whispeer.api.Envelope;
import io.whispeer.api.SubscribeOptions;
import io.whispeer.api.TopicRules;
import io.whispeer.api.spi.Plugin;
import io.whispeer.api.spi.Settings;
import io.whispeer.api.spi.SubscriptionInfo;

/** A queue that could not be attached ends at once and leaves nothing behind: no stats entry, no plugin event. */
class AttachTest {
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final EnvelopeRouter router = new EnvelopeRouter(new EnvelopeRouter.Config(TopicRules.DEFAULT, 16, Duration.ofSeconds(1),
            Duration.ofSeconds(1), 1024, 100, Settings.empty(), InstantSource.system(), List.of(new Plugin() {
                @Override
                public String name() {
                    return "events";
                }

                @Override
                public void onSubscribe(SubscriptionInfo subscription) {
                    events.add("subscribe");
                }

                @Override
                public void onUnsubscribe(SubscriptionInfo subscription) {
                    events.add("unsubscribe");
                }
            }), Optional.empty()));

    private static final class Ends implements Sink {
        final List<Throwable> ends = new CopyOnWriteArrayList<>();

        @Override
        public boolean ready() {
            return true;
        }

        @Override
        public int deliver(Envelope envelope, long sequence, int deliveryCount, Completion completion) {
            return DELIVERED;
        }

        @Override
        public void end(Throwable reason) {
            ends.add(reason);
        }
    }

    @Test
    void aQueueRefusedBecauseTheRouterClosedEndsWithTheReasonAndLeavesNoTrace() throws Exception {
        SubscriptionQueue queue = router.newQueue(router.parseFilter("t"), SubscribeOptions.defaults(), "envelope", router.localClient());
        Ends sink = new Ends();
        PushDispatcher dispatcher = new PushDispatcher(queue, sink, Runnable::run, 1);
        router.close(() -> { });
        assertThat(router.attach(queue)).isFalse();
        dispatcher.start();
        assertThat(sink.ends).singleElement().isInstanceOf(BrokerClosedException.class);
        assertThat(queue.whenClosed()).failsWithin(1, TimeUnit.SECONDS);
        assertThat(router.stats().subscriptions()).isEmpty();
        assertThat(events).as("plugins heard subscribe and unsubscribe as a pair").containsExactly("subscribe", "unsubscribe");
    }

    @Test
    void aQueueClosedBeforeItWasAttachedIsNeverRoutedToOrReported() {
        SubscriptionQueue queue = router.newQueue(router.parseFilter("t"), SubscribeOptions.defaults(), "envelope", router.localClient());
        Ends sink = new Ends();
        PushDispatcher dispatcher = new PushDispatcher(queue, sink, Runnable::run, 1);
        queue.close(); // a Flow.Subscriber that cancelled inside onSubscribe
        assertThat(router.attach(queue)).isFalse();
        dispatcher.start();
        assertThat(sink.ends).hasSize(1);
        assertThat(queue.isFinished()).isTrue();
        assertThat(router.stats().subscriptions()).isEmpty();
        assertThat(events).isEmpty();
        router.close(() -> { });
    }
}
