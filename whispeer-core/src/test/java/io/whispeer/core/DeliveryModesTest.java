package io.whispeer.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.whispeer.api.Envelope;
import io.whispeer.api.Headers;
import io.whispeer.api.Message;
import io.whispeer.api.MessageStream;
import io.whispeer.api.OverflowPolicy;
import io.whispeer.api.QoS;
import io.whispeer.api.SubscribeOptions;
import io.whispeer.api.Subscription;
import io.whispeer.api.SubscriptionOverflowException;
import io.whispeer.api.WhispeerException;

/** Synchronous, asynchronous, Flow and blocking-iterator subscribers, and the delivery guarantees. */
class DeliveryModesTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private final CoreBroker broker = TestSupport.broker(TestSupport.builder());

    @AfterEach
    void closeBroker() {
        broker.close();
    }

    @Test
    void synchronousHandlerReceivesPayloadAndMetadata() throws Exception {
        LinkedBlockingQueue<Message<String>> inbox = new LinkedBlockingQueue<>();
        broker.subscribe("greetings/+", String.class, inbox::add);
        var receipt = broker.publish("greetings/en", "hello", Headers.of("lang", "en")).join();
        Message<String> m = inbox.poll(5, TimeUnit.SECONDS);
        assertThat(m).isNotNull();
        assertThat(m.payload()).isEqualTo("hello");
        assertThat(m.topic()).isEqualTo("greetings/en");
        assertThat(m.id()).isEqualTo(receipt.id());
        assertThat(m.headers().get("lang")).contains("en");
        assertThat(m.deliveryCount()).isEqualTo(1);
        assertThat(m.toString()).doesNotContain("hello");
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
    void asyncHandlerWithOneInFlightStartsTheNextMessageOnlyAfterTheStageCompletes() throws Exception {
        LinkedBlockingQueue<CompletableFuture<Void>> stages = new LinkedBlockingQueue<>();
        List<String> started = new CopyOnWriteArrayList<>();
        Subscription s = broker.subscribeAsync("t", String.class, m -> {
            started.add(m.payload());
            CompletableFuture<Void> stage = new CompletableFuture<>();
            stages.add(stage);
            return stage;
        });
        broker.publish("t", "a").join();
        broker.publish("t", "b").join();
        CompletableFuture<Void> first = stages.poll(5, TimeUnit.SECONDS);
        assertThat(started).containsExactly("a");
        assertThat(s.stats().queueDepth()).isEqualTo(1);
        first.complete(null);
        CompletableFuture<Void> second = stages.poll(5, TimeUnit.SECONDS);
        assertThat(second).isNotNull();
        assertThat(started).containsExactly("a", "b");
        second.complete(null);
        awaitDelivered(s, 2);
    }

    @Test
    void asyncHandlerRunsUpToMaxInFlightStagesAtOnce() throws Exception {
        LinkedBlockingQueue<CompletableFuture<Void>> stages = new LinkedBlockingQueue<>();
        Subscription s = broker.subscribeAsync("t", io.whispeer.api.TypeRef.of(String.class), m -> {
            CompletableFuture<Void> stage = new CompletableFuture<>();
            stages.add(stage);
            return stage;
        }, SubscribeOptions.builder().maxInFlight(3).build());
        for (int i = 0; i < 5; i++) {
            broker.publish("t", "m" + i).join();
        }
        List<CompletableFuture<Void>> open = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            open.add(stages.poll(5, TimeUnit.SECONDS));
        }
        assertThat(open).doesNotContainNull();
        assertThat(stages.poll(100, TimeUnit.MILLISECONDS)).isNull();
        open.forEach(f -> f.complete(null));
        stages.poll(5, TimeUnit.SECONDS).complete(null);
        stages.poll(5, TimeUnit.SECONDS).complete(null);
        awaitDelivered(s, 5);
    }

    @Test
    void failedAsyncStageCountsAsHandlerError() throws Exception {
        CountDownLatch failed = new CountDownLatch(1);
        Subscription s = broker.subscribeAsync("t", io.whispeer.api.TypeRef.of(String.class),
                m -> CompletableFuture.failedFuture(new IllegalStateException("boom")),
                SubscribeOptions.builder().errorListener((sub, e) -> failed.countDown()).build());
        broker.publish("t", "x").join();
        assertThat(failed.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(s.stats().handlerErrors()).isEqualTo(1);
        assertThat(s.stats().delivered()).isZero();
    }

    @Test
    void atLeastOnceRedeliversAFailedMessageWithAGrowingDeliveryCount() throws Exception {
        List<Integer> counts = new CopyOnWriteArrayList<>();
        CountDownLatch succeeded = new CountDownLatch(1);
        Subscription s = broker.subscribe("t", String.class, m -> {
            counts.add(m.deliveryCount());
            if (m.deliveryCount() < 3) {
                throw new IllegalStateException("not yet");
            }
            succeeded.countDown();
        }, SubscribeOptions.builder().qos(QoS.AT_LEAST_ONCE).maxDeliveries(5).errorListener((sub, e) -> { }).build());
        broker.publish("t", "x").join();
        assertThat(succeeded.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(counts).containsExactly(1, 2, 3);
        awaitDelivered(s, 1);
        assertThat(s.stats().redelivered()).isEqualTo(2);
        assertThat(s.stats().handlerErrors()).isEqualTo(2);
    }

    @Test
    void atLeastOnceDropsAMessageOnceItsDeliveriesAreExhausted() throws Exception {
        CountDownLatch errors = new CountDownLatch(2);
        Subscription s = broker.subscribe("t", String.class, m -> {
            throw new IllegalStateException("always");
        }, SubscribeOptions.builder().qos(QoS.AT_LEAST_ONCE).maxDeliveries(2).errorListener((sub, e) -> errors.countDown()).build());
        broker.publish("t", "x").join();
        assertThat(errors.await(5, TimeUnit.SECONDS)).isTrue();
        waitUntil(() -> s.stats().dropped() == 1);
        assertThat(s.stats().redelivered()).isEqualTo(1);
    }

    @Test
    void atMostOnceDoesNotRedeliver() throws Exception {
        CountDownLatch error = new CountDownLatch(1);
        List<String> seen = new CopyOnWriteArrayList<>();
        Subscription s = broker.subscribe("t", String.class, m -> {
            seen.add(m.payload());
            if (m.payload().equals("bad")) {
                throw new IllegalStateException("x");
            }
        }, SubscribeOptions.builder().errorListener((sub, e) -> error.countDown()).build());
        broker.publish("t", "bad").join();
        broker.publish("t", "good").join();
        assertThat(error.await(5, TimeUnit.SECONDS)).isTrue();
        awaitDelivered(s, 1);
        assertThat(seen).containsExactly("bad", "good");
        assertThat(s.stats().redelivered()).isZero();
    }

    @Test
    void flowPublisherHonoursDemand() throws Exception {
        LinkedBlockingQueue<String> items = new LinkedBlockingQueue<>();
        AtomicReference<Flow.Subscription> handle = new AtomicReference<>();
        CountDownLatch subscribed = new CountDownLatch(1);
        broker.publisher("t", String.class).subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                handle.set(subscription);
                subscribed.countDown();
            }

            @Override
            public void onNext(Message<String> item) {
                items.add(item.payload());
            }

            @Override
            public void onError(Throwable throwable) {
            }

            @Override
            public void onComplete() {
            }
        });
        assertThat(subscribed.await(5, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 5; i++) {
            broker.publish("t", "m" + i).join();
        }
        assertThat(items.poll(100, TimeUnit.MILLISECONDS)).isNull();
        handle.get().request(2);
        assertThat(items.poll(5, TimeUnit.SECONDS)).isEqualTo("m0");
        assertThat(items.poll(5, TimeUnit.SECONDS)).isEqualTo("m1");
        assertThat(items.poll(100, TimeUnit.MILLISECONDS)).isNull();
        handle.get().request(Long.MAX_VALUE);
        for (int i = 2; i < 5; i++) {
            assertThat(items.poll(5, TimeUnit.SECONDS)).isEqualTo("m" + i);
        }
    }

    @Test
    void flowSubscriberIsCompletedWhenTheBrokerCloses() throws Exception {
        RecordingSubscriber subscriber = new RecordingSubscriber();
        broker.publisher("t", String.class).subscribe(subscriber);
        broker.publish("t", "x").join();
        broker.close();
        assertThat(subscriber.done.get(5, TimeUnit.SECONDS)).isEqualTo("complete");
        assertThat(subscriber.items).containsExactly("x");
    }

    @Test
    void flowRequestOfZeroSignalsIllegalArgumentException() throws Exception {
        RecordingSubscriber subscriber = new RecordingSubscriber();
        broker.publisher("t", String.class).subscribe(subscriber);
        subscriber.subscription.get(5, TimeUnit.SECONDS).request(0);
        assertThat(subscriber.done.get(5, TimeUnit.SECONDS)).startsWith("error:IllegalArgumentException").contains("3.9");
    }

    @Test
    void flowCancelClosesTheBrokerSubscription() throws Exception {
        RecordingSubscriber subscriber = new RecordingSubscriber();
        broker.publisher("t", String.class).subscribe(subscriber);
        Flow.Subscription subscription = subscriber.subscription.get(5, TimeUnit.SECONDS);
        assertThat(broker.stats().subscriptions()).hasSize(1);
        subscription.cancel();
        assertThat(broker.stats().subscriptions()).isEmpty();
        assertThat(broker.publish("t", "x").join().matched()).isZero();
    }

    @Test
    void blockingStreamYieldsMessagesInOrderAndEndsWhenClosed() throws Exception {
        MessageStream<String> stream = broker.stream("t", String.class);
        broker.publish("t", "a").join();
        broker.publish("t", "b").join();
        assertThat(stream.hasNext()).isTrue();
        assertThat(stream.next().payload()).isEqualTo("a");
        assertThat(stream.poll(WAIT).map(Message::payload)).contains("b");
        assertThat(stream.poll(Duration.ofMillis(50))).isEmpty();
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(stream::hasNext);
        stream.close();
        assertThat(waiting.get(5, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void blockingStreamThrowsTheFailReasonAfterTheQueuedMessages() {
        MessageStream<String> stream = broker.stream("t", io.whispeer.api.TypeRef.of(String.class),
                SubscribeOptions.builder().queueCapacity(1).overflowPolicy(OverflowPolicy.FAIL).build());
        broker.publish("t", "a").join();
        broker.publish("t", "b").join();
        assertThat(stream.next().payload()).isEqualTo("a");
        assertThatThrownBy(stream::hasNext).isInstanceOf(SubscriptionOverflowException.class);
        assertThat(stream.hasNext()).isFalse();
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

    @Test
    void closingASubscriptionStopsDeliveryAndCompletesWhenClosed() throws Exception {
        Subscription s = broker.subscribe("t", String.class, m -> { });
        s.close();
        assertThat(s.isOpen()).isFalse();
        s.whenClosed().get(5, TimeUnit.SECONDS);
        assertThat(broker.publish("t", "x").join().matched()).isZero();
        s.close();
    }

    @Test
    void exactlyOnceSkipsAMessageWhoseIdWasAlreadyHandled() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        Subscription s = broker.subscribe("t", String.class, m -> seen.add(m.payload()),
                SubscribeOptions.builder().qos(QoS.EXACTLY_ONCE).build());
        TestSupport.TextCodecProvider codec = new TestSupport.TextCodecProvider();
        Envelope first = broker.pipeline().seal(io.whispeer.api.MessageId.generate(), 1L, Headers.empty(), codec,
                codec.encode("once", io.whispeer.api.TypeRef.of(String.class)), broker.topicPolicy("t"));
        broker.publishEnvelope(first);
        awaitDelivered(s, 1);
        broker.publishEnvelope(first);
        waitUntil(() -> s.stats().duplicates() == 1);
        assertThat(seen).containsExactly("once");
    }

    static void awaitDelivered(Subscription s, long count) throws InterruptedException {
        waitUntil(() -> s.stats().delivered() == count);
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

    private static final class RecordingSubscriber implements Flow.Subscriber<Message<String>> {
        final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();
        final CompletableFuture<String> done = new CompletableFuture<>();
        final List<String> items = new CopyOnWriteArrayList<>();

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription.complete(s);
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(Message<String> item) {
            items.add(item.payload());
        }

        @Override
        public void onError(Throwable throwable) {
            done.complete("error:" + throwable.getClass().getSimpleName() + ":" + throwable.getMessage());
        }

        @Override
        public void onComplete() {
            done.complete("complete");
        }
    }
}
