package io.whispeer.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.reactivestreams.FlowAdapters;

import io.whispeer.api.BrokerClosedException;
import io.whispeer.api.Message;
import io.whispeer.api.SubscribeOptions;
import io.whispeer.api.TypeRef;
import reactor.core.publisher.Flux;

/**
 * Reactive Streams rules that {@code PubSub.publisher(...)} broke before the core was split into a router and a
 * typed layer: every test here but the Reactor {@code take(0)} one failed (or hung) on that code; {@code take(0)}
 * checks the same rule as the direct cancel-in-onSubscribe test through a real operator. The official TCK runs in
 * {@link FlowPublisherTckTest}.
 */
class FlowPublisherRulesTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final int RACES = 200;
    private static final int GC_ATTEMPTS = 50;

    @Test
    void subscribingAfterTheBrokerClosedSignalsOnSubscribeThenBrokerClosedException() throws Exception {
        CoreBroker broker = TestSupport.broker(TestSupport.builder());
        Flow.Publisher<Message<String>> publisher = broker.publisher("t", String.class);
        broker.close();
        Recorder subscriber = new Recorder(s -> s.request(1));
        publisher.subscribe(subscriber);
        assertThat(subscriber.terminal.get(WAIT.toSeconds(), TimeUnit.SECONDS)).startsWith("onError:BrokerClosedException");
        assertThat(subscriber.signals).containsExactly("onSubscribe", subscriber.terminal.get());
    }

    @Test
    void reactorSubscribingAfterTheBrokerClosedFailsInsteadOfHanging() {
        CoreBroker broker = TestSupport.broker(TestSupport.builder());
        Flow.Publisher<Message<String>> publisher = broker.publisher("t", String.class);
        broker.close();
        assertThatThrownBy(() -> Flux.from(FlowAdapters.toPublisher(publisher)).collectList().block(WAIT))
                .isInstanceOf(BrokerClosedException.class);
    }

    @Test
    void aCancelledSubscriberBecomesUnreachableWithoutAnotherPublish() throws Exception {
        try (CoreBroker broker = TestSupport.broker(TestSupport.builder())) {
            WeakReference<Recorder> subscriber = subscribeReceiveOneAndCancel(broker);
            assertThat(broker.stats().subscriptions()).isEmpty();
            assertThat(collected(subscriber)).as("the cancelled subscriber was garbage collected").isTrue();
        }
    }

    /** Kept apart so that no local variable of the test keeps the subscriber or its subscription alive. */
    private static WeakReference<Recorder> subscribeReceiveOneAndCancel(CoreBroker broker) throws Exception {
        Recorder subscriber = new Recorder(s -> s.request(1));
        broker.publisher("t", String.class).subscribe(subscriber);
        subscriber.subscription.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(broker.publish("t", "routed through the cache").join().queued()).isEqualTo(1);
        DeliveryModesTest.waitUntil(() -> subscriber.items.size() == 1);
        subscriber.subscription.get().cancel();
        return new WeakReference<>(subscriber);
    }

    @Test
    void requestOfZeroRacingCloseAlwaysSignalsIllegalArgumentException() throws Exception {
        for (int i = 0; i < RACES; i++) {
            // The close timeout is long and the queue holds a message nobody asked for: close() cannot finish the drain,
            // so only request(0) ends the subscription. A lost onError would leave the subscriber waiting.
            CoreBroker broker = TestSupport.broker(TestSupport.builder().property("whispeer.close-timeout", "30s"));
            Recorder subscriber = new Recorder(s -> { });
            broker.publisher("t", String.class).subscribe(subscriber);
            Flow.Subscription subscription = subscriber.subscription.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            broker.publish("t", "never requested").join();
            race(() -> subscription.request(0), broker::close);
            assertThat(subscriber.terminal.get(WAIT.toSeconds(), TimeUnit.SECONDS)).as("race %d", i)
                    .startsWith("onError:IllegalArgumentException").contains("3.9");
            assertThat(subscriber.terminals.get()).isEqualTo(1);
        }
    }

    @Test
    void cancellingInsideOnSubscribeLeavesNoSubscriptionBehind() throws Exception {
        try (CoreBroker broker = TestSupport.broker(TestSupport.builder())) {
            WeakReference<Recorder> subscriber = subscribeAndThenInOnSubscribe(broker, Flow.Subscription::cancel);
            assertThat(broker.stats().subscriptions()).isEmpty();
            assertThat(broker.publish("t", "nobody").join().matched()).isZero();
            assertThat(collected(subscriber)).as("the cancelled subscriber was garbage collected").isTrue();
        }
    }

    @Test
    void requestOfZeroInsideOnSubscribeSignalsTheErrorAndLeavesNoSubscriptionBehind() throws Exception {
        try (CoreBroker broker = TestSupport.broker(TestSupport.builder())) {
            Recorder subscriber = new Recorder(s -> s.request(0));
            broker.publisher("t", String.class).subscribe(subscriber);
            assertThat(subscriber.terminal.get(WAIT.toSeconds(), TimeUnit.SECONDS)).startsWith("onError:IllegalArgumentException");
            assertThat(subscriber.signals).containsExactly("onSubscribe", subscriber.terminal.get());
            assertThat(broker.stats().subscriptions()).isEmpty();
            assertThat(broker.publish("t", "nobody").join().matched()).isZero();
        }
    }

    @Test
    void reactorTakeZeroCancelsInsideOnSubscribeAndLeavesNoSubscriptionBehind() {
        try (CoreBroker broker = TestSupport.broker(TestSupport.builder())) {
            Flow.Publisher<Message<String>> publisher = broker.publisher("t", String.class);
            assertThat(Flux.from(FlowAdapters.toPublisher(publisher)).take(0).collectList().block(WAIT)).isEmpty();
            assertThat(broker.stats().subscriptions()).isEmpty();
            assertThat(broker.publish("t", "nobody").join().matched()).isZero();
        }
    }

    private static WeakReference<Recorder> subscribeAndThenInOnSubscribe(CoreBroker broker, Consumer<Flow.Subscription> action)
            throws Exception {
        Recorder subscriber = new Recorder(action);
        broker.publisher("t", String.class).subscribe(subscriber);
        subscriber.subscription.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return new WeakReference<>(subscriber);
    }

    @Test
    void subscribeRacingCloseNeverThrowsAndEndsWithExactlyOneTerminalSignal() throws Exception {
        for (int i = 0; i < RACES; i++) {
            CoreBroker broker = TestSupport.broker(TestSupport.builder());
            Flow.Publisher<Message<String>> publisher = broker.publisher("t", TypeRef.of(String.class), SubscribeOptions.defaults());
            Recorder subscriber = new Recorder(s -> s.request(Long.MAX_VALUE));
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            race(() -> {
                try {
                    publisher.subscribe(subscriber);
                } catch (RuntimeException | Error e) {
                    thrown.set(e);
                }
            }, broker::close);
            assertThat(thrown.get()).as("race %d: subscribe threw", i).isNull();
            String terminal = subscriber.terminal.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(terminal).as("race %d", i).matches("onComplete|onError:BrokerClosedException:.*");
            assertThat(subscriber.signals).as("race %d", i).containsExactly("onSubscribe", terminal);
            assertThat(subscriber.terminals.get()).isEqualTo(1);
        }
    }

    /** Runs both actions at once, as close together as two threads can start, and waits for both. */
    static void race(Runnable first, Runnable second) throws InterruptedException {
        CountDownLatch go = new CountDownLatch(1);
        Thread a = Thread.ofPlatform().start(() -> awaitThen(go, first));
        Thread b = Thread.ofPlatform().start(() -> awaitThen(go, second));
        go.countDown();
        assertThat(a.join(WAIT)).as("first action finished").isTrue();
        assertThat(b.join(WAIT)).as("second action finished").isTrue();
    }

    private static void awaitThen(CountDownLatch go, Runnable action) {
        try {
            if (go.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                action.run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs the collector until the reference clears, a bounded number of times; no sleeping. */
    static boolean collected(WeakReference<?> reference) {
        for (int i = 0; i < GC_ATTEMPTS && reference.get() != null; i++) {
            System.gc();
        }
        return reference.get() == null;
    }

    /** Records every signal in order; checks that nothing follows a terminal signal. */
    static final class Recorder implements Flow.Subscriber<Message<String>> {
        final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();
        final CompletableFuture<String> terminal = new CompletableFuture<>();
        final List<String> signals = new CopyOnWriteArrayList<>();
        final List<String> items = new CopyOnWriteArrayList<>();
        final AtomicInteger terminals = new AtomicInteger();
        private final Consumer<Flow.Subscription> onSubscribe;

        Recorder(Consumer<Flow.Subscription> onSubscribe) {
            this.onSubscribe = onSubscribe;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            signals.add("onSubscribe");
            onSubscribe.accept(s);
            subscription.complete(s);
        }

        @Override
        public void onNext(Message<String> item) {
            signals.add("onNext");
            items.add(item.payload());
        }

        @Override
        public void onError(Throwable throwable) {
            end("onError:" + throwable.getClass().getSimpleName() + ":" + throwable.getMessage());
        }

        @Override
        public void onComplete() {
            end("onComplete");
        }

        private void end(String signal) {
            terminals.incrementAndGet();
            signals.add(signal);
            terminal.complete(signal);
        }
    }
}
