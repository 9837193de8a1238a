package io.whispeer.core.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.whispeer.api.Envelope;
import io.whispeer.api.MessageId;
import io.whispeer.api.OverflowPolicy;
import io.whispeer.api.PublishReceipt;
import io.whispeer.api.PublishTimeoutException;
import io.whispeer.api.SubscribeOptions;
import io.whispeer.api.TopicRules;
import io.whispeer.api.spi.DropReason;
import io.whispeer.api.spi.Plugin;
import io.whispeer.api.spi.Settings;
import io.whispeer.api.spi.SubscriptionInfo;
import io.whispeer.tck.CapturedLogs;

/**
 * Callers that must never park (an I/O event loop) learn "full" under BLOCK and get a signal when there is room; a
 * publish through the router completes later instead of blocking. The consumer here is the test itself, which polls
 * when it wants to make room.
 */
class NonBlockingOfferTest {
    /** This class makes things fail on purpose; what whispeer logs about it is captured, not printed. */
    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs();

    private final List<DropReason> drops = new CopyOnWriteArrayList<>();
    private final EnvelopeRouter router = new EnvelopeRouter(new EnvelopeRouter.Config(TopicRules.DEFAULT, 16, Duration.ofSeconds(5),
            Duration.ofSeconds(1), 1024, 100, Settings.empty(), InstantSource.system(), List.of(new Plugin() {
                @Override
                public String name() {
                    return "drops";
                }

                @Override
                public void onDrop(Envelope envelope, SubscriptionInfo subscription, DropReason reason) {
                    drops.add(reason);
                }
            }), Optional.empty()));

    @AfterEach
    void closeRouter() {
        router.close(() -> { });
    }

    private SubscriptionQueue queue(int capacity, Duration blockTimeout) {
        SubscriptionQueue queue = router.newQueue(router.parseFilter("t/#"), SubscribeOptions.builder().queueCapacity(capacity)
                .overflowPolicy(OverflowPolicy.BLOCK).blockTimeout(blockTimeout).build(), "envelope", router.localClient());
        queue.consumer(() -> { }); // the test takes messages itself
        assertThat(router.attach(queue)).isTrue();
        return queue;
    }

    private static Envelope envelope(int n) {
        return Envelope.builder().topic("t/a").id(MessageId.generate()).timestampMillis(n).payload(new byte[] {(byte) n}).build();
    }

    @Test
    void aFullBlockQueueAnswersFullAndCallsBackOnTheThreadThatMakesRoom() {
        SubscriptionQueue queue = queue(2, Duration.ofSeconds(5));
        assertThat(queue.offer(envelope(1), 0)).isEqualTo(SubscriptionQueue.Offer.QUEUED);
        assertThat(queue.offer(envelope(2), 0)).isEqualTo(SubscriptionQueue.Offer.QUEUED);
        assertThat(queue.offer(envelope(3), 0)).isEqualTo(SubscriptionQueue.Offer.FULL);
        assertThat(queue.stats().dropped()).as("FULL counts nothing").isZero();

        AtomicInteger calls = new AtomicInteger();
        Thread[] caller = new Thread[1];
        assertThat(queue.awaitRoom(() -> {
            calls.incrementAndGet();
            caller[0] = Thread.currentThread();
        })).as("registered").isTrue();
        assertThat(calls).hasValue(0);
        assertThat(queue.poll().timestampMillis()).isEqualTo(1);
        assertThat(calls).as("one-shot callback after the poll").hasValue(1);
        assertThat(caller[0]).isSameAs(Thread.currentThread());
        assertThat(queue.offer(envelope(3), 0)).isEqualTo(SubscriptionQueue.Offer.QUEUED);
        queue.poll();
        assertThat(calls).as("the callback ran once only").hasValue(1);
    }

    @Test
    void awaitRoomDeclinesWhenThereIsRoomAlreadyOrTheQueueClosed() {
        SubscriptionQueue queue = queue(2, Duration.ofSeconds(5));
        assertThat(queue.awaitRoom(() -> { })).as("room now: offer again at once").isFalse();
        queue.offer(envelope(1), 0);
        queue.offer(envelope(2), 0);
        AtomicInteger woken = new AtomicInteger();
        assertThat(queue.awaitRoom(woken::incrementAndGet)).isTrue();
        queue.close();
        assertThat(woken).as("closing wakes waiting callers").hasValue(1);
        assertThat(queue.awaitRoom(() -> { })).as("closed: the next offer learns it").isFalse();
        assertThat(queue.offer(envelope(3), 0)).isEqualTo(SubscriptionQueue.Offer.CLOSED);
    }

    @Test
    void aPublishThatMustNotParkCompletesOnceThereIsRoomWithoutBlockingTheCaller() throws Exception {
        SubscriptionQueue queue = queue(1, Duration.ofSeconds(5));
        assertThat(router.publish(envelope(1), router.localClient(), false).get(1, TimeUnit.SECONDS).queued()).isEqualTo(1);
        CompletableFuture<PublishReceipt> waiting = router.publish(envelope(2), router.localClient(), false);
        assertThat(waiting).as("returned at once, not yet complete").isNotDone();
        assertThat(queue.poll().timestampMillis()).isEqualTo(1);
        PublishReceipt receipt = waiting.get(5, TimeUnit.SECONDS);
        assertThat(receipt.matched()).isEqualTo(1);
        assertThat(receipt.queued()).isEqualTo(1);
        assertThat(queue.poll().timestampMillis()).as("the waiting message arrived after the first").isEqualTo(2);
    }

    @Test
    void aPublishThatMustNotParkFailsAfterTheBlockTimeoutAndCountsTheDrop() throws Exception {
        SubscriptionQueue queue = queue(1, Duration.ofMillis(100));
        router.publish(envelope(1), router.localClient(), false).get(1, TimeUnit.SECONDS);
        CompletableFuture<PublishReceipt> waiting = router.publish(envelope(2), router.localClient(), false);
        assertThat(waiting).isNotDone();
        try {
            waiting.get(5, TimeUnit.SECONDS);
            throw new AssertionError("expected a PublishTimeoutException");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(PublishTimeoutException.class).hasMessageContaining("stayed full");
        }
        assertThat(queue.stats().dropped()).isEqualTo(1);
        assertThat(drops).containsExactly(DropReason.BLOCK_TIMEOUT);
        assertThat(queue.size()).as("only the first message waits").isEqualTo(1);
    }

    @Test
    void aPublishWaitingForRoomEndsWhenTheQueueCloses() throws Exception {
        SubscriptionQueue queue = queue(1, Duration.ofSeconds(30));
        router.publish(envelope(1), router.localClient(), false).get(1, TimeUnit.SECONDS);
        CompletableFuture<PublishReceipt> waiting = router.publish(envelope(2), router.localClient(), false);
        queue.close();
        PublishReceipt receipt = waiting.get(5, TimeUnit.SECONDS);
        assertThat(receipt.matched()).isEqualTo(1);
        assertThat(receipt.queued()).as("the subscription closed meanwhile").isZero();
    }
}
