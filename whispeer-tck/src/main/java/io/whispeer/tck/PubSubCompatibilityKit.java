package io.whispeer.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.whispeer.api.Broker;
import io.whispeer.api.BrokerClosedException;
import io.whispeer.api.Envelope;
import io.whispeer.api.Headers;
import io.whispeer.api.InvalidTopicException;
import io.whispeer.api.LimitExceededException;
import io.whispeer.api.Message;
import io.whispeer.api.MessageHandler;
import io.whispeer.api.MessageStream;
import io.whispeer.api.OverflowPolicy;
import io.whispeer.api.PubSub;
import io.whispeer.api.PublishReceipt;
import io.whispeer.api.PublishTimeoutException;
import io.whispeer.api.QoS;
import io.whispeer.api.SubscribeOptions;
import io.whispeer.api.Subscription;
import io.whispeer.api.SubscriptionOverflowException;
import io.whispeer.api.TypeMismatchException;
import io.whispeer.api.TypeRef;
import io.whispeer.tck.MessageStoreCompatibilityKit.ManualClock;

/**
 * The compatibility kit for {@link PubSub}: the behaviour every implementation (the embedded broker, the remote
 * client, a third party's) must share, so that code written against {@code PubSub} runs the same on each. Extend it
 * and create a fresh instance configured as the {@link PubSubSpec} says:
 * <pre>{@code
 * class RemotePubSubCompatibilityTest extends PubSubCompatibilityKit {
 *     @Override
 *     protected PubSub newPubSub(PubSubSpec spec) {
 *         BrokerBuilder server = Whispeer.builder().properties(spec.settings()).clock(spec.clock());
 *         spec.topicTypes().forEach(server::topic);
 *         Broker broker = server.build();          // the kit closes only what this method returns,
 *         PubSub client = connectTo(broker, spec); // so the client must close its server when it closes
 *         return client;
 *     }
 * }
 * }</pre>
 *
 * <h2>What the implementation must support</h2>
 * <ul>
 *   <li>Payloads of type {@code String} and {@code Integer}, which it must encode and decode (with
 *       {@code whispeer-codec-json}, or any codec for both), and {@code byte[]}, which must travel unchanged when
 *       published and subscribed as {@code byte[]}.</li>
 *   <li>The spec's declared topic types, its {@code whispeer.*} settings (the kit uses
 *       {@code whispeer.subscription.queue-capacity}, {@code whispeer.close-timeout},
 *       {@code whispeer.message.max-bytes} and {@code whispeer.headers.max-bytes}), and its clock, which must stamp
 *       {@link Message#timestamp()} and measure {@link io.whispeer.api.SubscriptionStats#oldestPending()}.</li>
 *   <li>For the EXACTLY_ONCE de-duplication case, a way to publish one message twice with one id: override
 *       {@link #publishTwiceWithOneId}; instances that are a {@link Broker} need nothing, others that do not
 *       override it skip that case.</li>
 * </ul>
 *
 * <h2>What it checks</h2>
 * Delivery to synchronous handlers (payload and metadata), asynchronous handlers ({@code maxInFlight}),
 * {@link Flow.Publisher}s (demand, cancel, {@code request(0)}, completion on close) and blocking
 * {@link MessageStream}s (order, poll timeout, close, the FAIL reason); each {@link OverflowPolicy} crossing its
 * limit; topic wildcards ({@code + * # >}) and {@code $} topics end to end; that a stalled or a throwing subscriber
 * does not hold up the others; declared topic types at publish and at every kind of subscribe; each {@link QoS};
 * {@link PublishReceipt} counts; size limits; per-publisher order with several publishers and subscribers under
 * BLOCK; closing a subscription and closing the instance.
 *
 * <p>Each test creates what it needs through {@link #newPubSub(PubSubSpec)}, and the kit closes every instance it
 * created after the test, after releasing every handler it stalled. Every wait is bounded by {@link Kits#TIMEOUT};
 * where the kit checks that something does <em>not</em> happen and no event says so, it watches for
 * {@link #QUIET}. No case sleeps to synchronise, and the whole kit runs in a few seconds.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class PubSubCompatibilityKit {
    /** Where the kit's clock starts. */
    protected static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
    /** How long the kit watches for a message that must not arrive. */
    protected static final Duration QUIET = Duration.ofMillis(100);
    private static final Duration BLOCK_TIMEOUT = Duration.ofMillis(200);
    private static final int PUBLISHERS = 4;
    private static final int MESSAGES_PER_PUBLISHER = 2_000;

    private final ManualClock clock = new ManualClock(START);
    private final List<PubSub> created = new CopyOnWriteArrayList<>();
    private final CountDownLatch gate = new CountDownLatch(1);
    private PubSub pubSub;

    /** For subclasses. */
    protected PubSubCompatibilityKit() {
    }

    /**
     * Creates the instance under test. It must be new (no subscriptions, no retained state shared with earlier
     * instances) and configured with everything in {@code spec}. The kit closes it after the test.
     *
     * @param spec declared topic types, settings and the clock
     * @return a new, open instance
     */
    protected abstract PubSub newPubSub(PubSubSpec spec);

    /**
     * Publishes {@code payload} to {@code topic} twice with one message id, as a publisher that retries does, for
     * the EXACTLY_ONCE de-duplication case; both publishes must have completed when this returns. The default
     * handles a {@link Broker}: it captures the sealed envelope with {@link Broker#subscribeEnvelopes} and routes it
     * a second time with {@link Broker#publishEnvelope}. Implementations that are not a broker override it, or
     * return {@code false} to skip the case.
     *
     * @param instance the instance under test
     * @param topic    a concrete topic
     * @param payload  the payload
     * @return {@code true} when both publishes were made, {@code false} when the instance cannot do it
     * @throws Exception when publishing fails
     */
    protected boolean publishTwiceWithOneId(PubSub instance, String topic, String payload) throws Exception {
        if (!(instance instanceof Broker broker)) {
            return false;
        }
        CompletableFuture<Envelope> captured = new CompletableFuture<>();
        Subscription capture = broker.subscribeEnvelopes(topic, (envelope, count) -> captured.complete(envelope),
                SubscribeOptions.defaults());
        Envelope envelope;
        try {
            await(broker.publish(topic, payload), "the first publish of '" + payload + "'");
            envelope = await(captured, "the envelope of '" + payload + "' at an envelope subscription");
        } finally {
            capture.close();
        }
        await(broker.publishEnvelope(envelope), "the second publish of the same envelope");
        return true;
    }

    /** {@return the spec every case starts from: no declared topics, a short close timeout, the kit's clock} */
    protected PubSubSpec baseSpec() {
        return PubSubSpec.of(clock).withSetting("whispeer.close-timeout", "2s");
    }

    /** {@return the kit's clock, which only moves when a case advances it} */
    protected final ManualClock clock() {
        return clock;
    }

    /** {@return the instance of the current case, created from {@link #baseSpec()} on first use} */
    protected final PubSub pubSub() {
        if (pubSub == null) {
            pubSub = pubSub(baseSpec());
        }
        return pubSub;
    }

    /**
     * Creates an instance for the current case; the kit closes it after the case.
     *
     * @param spec what the instance is configured with
     * @return the instance
     */
    protected final PubSub pubSub(PubSubSpec spec) {
        PubSub instance = newPubSub(spec);
        assertThat(instance).as("%s.newPubSub(%s)", getClass().getName(), spec).isNotNull();
        created.add(instance);
        return instance;
    }

    /** Releases every handler the case stalled, then closes every instance it created. */
    @AfterEach
    public void closePubSubs() {
        gate.countDown();
        pubSub = null;
        Kits.closeAll(created);
    }

    // ------------------------------------------------------------------------------------------ delivery modes

    /**
     * A synchronous handler receives the payload and its metadata.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void synchronousHandlerReceivesThePayloadAndItsMetadata() throws Exception {
        Inbox<String> inbox = new Inbox<>("greetings/+");
        pubSub().subscribe("greetings/+", String.class, inbox);
        Instant publishedAt = clock.advance(Duration.ofMillis(1_234));
        PublishReceipt receipt = await(pubSub().publish("greetings/en", "hello", Headers.of("lang", "en")), "publish");
        Message<String> message = inbox.next();
        assertThat(message.payload()).as("payload").isEqualTo("hello");
        assertThat(message.topic()).as("topic").isEqualTo("greetings/en");
        assertThat(message.id()).as("id: the delivered message must carry the receipt's id").isEqualTo(receipt.id());
        assertThat(message.headers().get("lang")).as("header 'lang'").contains("en");
        assertThat(message.deliveryCount()).as("deliveryCount of a first delivery").isEqualTo(1);
        assertThat(message.timestamp()).as("timestamp: the instance must stamp messages with the spec's clock").isEqualTo(publishedAt);
        assertThat(message.toString()).as("Message.toString() must leave the payload out").doesNotContain("hello");
    }

    /**
     * Integer and byte array payloads arrive unchanged.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void integerAndByteArrayPayloadsArriveUnchanged() throws Exception {
        Inbox<Integer> numbers = new Inbox<>("numbers");
        Inbox<byte[]> bytes = new Inbox<>("bytes");
        pubSub().subscribe("numbers", Integer.class, numbers);
        pubSub().subscribe("bytes", byte[].class, bytes);
        byte[] raw = Kits.randomBytes(300, 7);
        await(pubSub().publish("numbers", -42), "publish Integer");
        await(pubSub().publish("bytes", raw), "publish byte[]");
        assertThat(numbers.next().payload()).as("Integer payload").isEqualTo(-42);
        assertThat(bytes.next().payload()).as("byte[] payload, published and subscribed as byte[]").isEqualTo(raw);
    }

    /**
     * An async handler with one in flight starts the next message only after the stage completes.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void asyncHandlerWithOneInFlightStartsTheNextMessageOnlyAfterTheStageCompletes() throws Exception {
        LinkedBlockingQueue<CompletableFuture<Void>> stages = new LinkedBlockingQueue<>();
        List<String> started = new CopyOnWriteArrayList<>();
        Subscription subscription = pubSub().subscribeAsync("t", String.class, m -> {
            started.add(m.payload());
            CompletableFuture<Void> stage = new CompletableFuture<>();
            stages.add(stage);
            return stage;
        });
        await(pubSub().publish("t", "a"), "publish a");
        await(pubSub().publish("t", "b"), "publish b");
        CompletableFuture<Void> first = take(stages, "the stage of message a");
        assertThat(stages.poll(QUIET.toMillis(), TimeUnit.MILLISECONDS))
                .as("with maxInFlight 1, message b must not start while a's stage is open").isNull();
        assertThat(started).as("messages started").containsExactly("a");
        first.complete(null);
        take(stages, "the stage of message b, after a's completed").complete(null);
        assertThat(started).as("messages started").containsExactly("a", "b");
        eventually(() -> subscription.stats().delivered() == 2, () -> "delivered count 2 of " + subscription.stats());
    }

    /**
     * An async handler runs up to maxInFlight stages at once.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void asyncHandlerRunsUpToMaxInFlightStagesAtOnce() throws Exception {
        LinkedBlockingQueue<CompletableFuture<Void>> stages = new LinkedBlockingQueue<>();
        Subscription subscription = pubSub().subscribeAsync("t", TypeRef.of(String.class), m -> {
            CompletableFuture<Void> stage = new CompletableFuture<>();
            stages.add(stage);
            return stage;
        }, SubscribeOptions.builder().maxInFlight(3).build());
        for (int i = 0; i < 5; i++) {
            await(pubSub().publish("t", "m" + i), "publish m" + i);
        }
        List<CompletableFuture<Void>> open = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            open.add(take(stages, "stage " + (i + 1) + " of 3 that maxInFlight 3 allows at once"));
        }
        assertThat(stages.poll(QUIET.toMillis(), TimeUnit.MILLISECONDS))
                .as("a fourth stage must not start while three are open (maxInFlight 3)").isNull();
        open.forEach(stage -> stage.complete(null));
        take(stages, "stage 4").complete(null);
        take(stages, "stage 5").complete(null);
        eventually(() -> subscription.stats().delivered() == 5, () -> "delivered count 5 of " + subscription.stats());
    }

    /**
     * A failed async stage is reported as a handler error.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void failedAsyncStageIsReportedAsAHandlerError() throws Exception {
        CompletableFuture<Throwable> reported = new CompletableFuture<>();
        Subscription subscription = pubSub().subscribeAsync("t", TypeRef.of(String.class),
                m -> CompletableFuture.failedFuture(new IllegalStateException("stage failed")),
                SubscribeOptions.builder().errorListener((s, e) -> reported.complete(e)).build());
        await(pubSub().publish("t", "x"), "publish");
        assertThat(Kits.describeAll(await(reported, "the error listener hearing of the failed stage")))
                .as("the reported failure").anyMatch(text -> text.contains("stage failed"));
        eventually(() -> subscription.stats().handlerErrors() == 1, () -> "handlerErrors 1 in " + subscription.stats());
        assertThat(subscription.stats().delivered()).as("delivered count after a failed stage").isZero();
    }

    /**
     * A Flow publisher delivers only what was requested.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void flowPublisherDeliversOnlyWhatWasRequested() throws Exception {
        FlowRecorder subscriber = new FlowRecorder(0);
        pubSub().publisher("t", String.class).subscribe(subscriber);
        Flow.Subscription subscription = await(subscriber.subscription, "onSubscribe");
        for (int i = 0; i < 5; i++) {
            await(pubSub().publish("t", "m" + i), "publish m" + i);
        }
        subscriber.expectNothing("before any request");
        subscription.request(2);
        subscriber.expect("m0", "m1");
        subscriber.expectNothing("after the 2 requested messages");
        subscription.request(Long.MAX_VALUE);
        subscriber.expect("m2", "m3", "m4");
    }

    /**
     * Cancelling a Flow subscription stops delivery.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void cancellingAFlowSubscriptionStopsDelivery() throws Exception {
        FlowRecorder subscriber = new FlowRecorder(Long.MAX_VALUE);
        pubSub().publisher("t", String.class).subscribe(subscriber);
        Flow.Subscription subscription = await(subscriber.subscription, "onSubscribe");
        await(pubSub().publish("t", "before"), "publish before");
        subscriber.expect("before");
        subscription.cancel();
        PublishReceipt receipt = await(pubSub().publish("t", "after"), "publish after cancel");
        assertThat(receipt.matched()).as("subscriptions matching 't' after the only one was cancelled").isZero();
        assertThat(subscriber.done).as("cancel must not signal onComplete or onError").isNotDone();
    }

    /**
     * A Flow request of zero signals IllegalArgumentException.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void flowRequestOfZeroSignalsIllegalArgumentException() throws Exception {
        FlowRecorder subscriber = new FlowRecorder(0);
        pubSub().publisher("t", String.class).subscribe(subscriber);
        await(subscriber.subscription, "onSubscribe").request(0);
        assertThat(await(subscriber.done, "onError after request(0)"))
                .as("Reactive Streams rule 3.9: request(0) signals onError(IllegalArgumentException)")
                .startsWith("error:IllegalArgumentException").contains("3.9");
    }

    /**
     * A Flow subscriber is completed when the instance closes.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void flowSubscriberIsCompletedWhenTheInstanceCloses() throws Exception {
        FlowRecorder subscriber = new FlowRecorder(Long.MAX_VALUE);
        pubSub().publisher("t", String.class).subscribe(subscriber);
        await(subscriber.subscription, "onSubscribe");
        await(pubSub().publish("t", "x"), "publish");
        subscriber.expect("x");
        pubSub().close();
        assertThat(await(subscriber.done, "the end of the flow when the instance closes")).isEqualTo("complete");
    }

    /**
     * A blocking stream yields messages in order and poll times out.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void blockingStreamYieldsMessagesInOrderAndPollTimesOut() throws Exception {
        try (MessageStream<String> stream = pubSub().stream("t", String.class)) {
            await(pubSub().publish("t", "a"), "publish a");
            await(pubSub().publish("t", "b"), "publish b");
            assertThat(stream.hasNext()).as("hasNext with a message published").isTrue();
            assertThat(stream.next().payload()).as("first message").isEqualTo("a");
            assertThat(stream.poll(Kits.TIMEOUT).map(Message::payload)).as("second message").contains("b");
            assertThat(stream.poll(QUIET)).as("poll with nothing published must time out empty").isEmpty();
            assertThat(stream.subscription().isOpen()).as("the stream's subscription").isTrue();
        }
    }

    /**
     * Closing a blocking stream ends a waiting hasNext().
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void closingABlockingStreamEndsAWaitingHasNext() throws Exception {
        MessageStream<String> stream = pubSub().stream("t", String.class);
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(stream::hasNext);
        stream.close();
        assertThat(await(waiting, "hasNext() blocked on a stream that was closed")).as("hasNext() after close").isFalse();
        assertThat(stream.subscription().isOpen()).as("the stream's subscription after close").isFalse();
    }

    /**
     * A blocking stream throws the fail reason after the queued messages.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void blockingStreamThrowsTheFailReasonAfterTheQueuedMessages() throws Exception {
        MessageStream<String> stream = pubSub().stream("t", TypeRef.of(String.class),
                SubscribeOptions.builder().name("failing-stream").queueCapacity(1).overflowPolicy(OverflowPolicy.FAIL).build());
        await(pubSub().publish("t", "a"), "publish a");
        await(pubSub().publish("t", "b"), "publish b, which overflows the queue of 1");
        assertThat(stream.next().payload()).as("the message queued before the overflow").isEqualTo("a");
        assertRefused(stream::hasNext, "hasNext() after the queued messages of a FAIL stream")
                .isInstanceOf(SubscriptionOverflowException.class).hasMessageContaining("failing-stream");
        assertThat(stream.hasNext()).as("hasNext() once the reason was thrown").isFalse();
    }

    // ------------------------------------------------------------------------------------------- overflow

    /**
     * BLOCK fails the publish with PublishTimeoutException naming the subscription.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void blockFailsThePublishWithPublishTimeoutExceptionNamingTheSubscription() throws Exception {
        Stalled stalled = stall(OverflowPolicy.BLOCK, 2);
        await(pubSub().publish("q", "m2"), "publish m2");
        await(pubSub().publish("q", "m3"), "publish m3");
        long start = System.nanoTime();
        CompletableFuture<PublishReceipt> refused = publishAsync("q", "m4");
        Throwable failure = awaitFailure(refused, "the publish of m4 to a full BLOCK subscription");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("time the publisher waited, with a block timeout of %s", BLOCK_TIMEOUT)
                .isGreaterThanOrEqualTo(BLOCK_TIMEOUT.multipliedBy(3).dividedBy(4));
        assertThat(failure).as("why the publish of m4 failed").isInstanceOf(PublishTimeoutException.class)
                .hasMessageContaining("stalled");
        assertThat(stalled.subscription.stats().dropped()).as("dropped count of 'stalled'").isEqualTo(1);
        stalled.releaseAndExpect("m1", "m2", "m3");
    }

    /**
     * A blocked publisher proceeds as soon as the subscriber makes room.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void blockedPublisherProceedsAsSoonAsTheSubscriberMakesRoom() throws Exception {
        Stalled stalled = stall(OverflowPolicy.BLOCK, 2, Kits.TIMEOUT);
        await(pubSub().publish("q", "m2"), "publish m2");
        await(pubSub().publish("q", "m3"), "publish m3");
        CompletableFuture<PublishReceipt> blocked = publishAsync("q", "m4");
        gate.countDown();
        assertThat(await(blocked, "the blocked publish of m4 after the subscriber made room").queued())
                .as("subscriptions that queued m4").isEqualTo(1);
        stalled.expect("m1", "m2", "m3", "m4");
    }

    /**
     * DROP_OLDEST evicts the oldest queued message.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void dropOldestEvictsTheOldestQueuedMessage() throws Exception {
        Stalled stalled = stall(OverflowPolicy.DROP_OLDEST, 2);
        await(pubSub().publish("q", "m2"), "publish m2");
        await(pubSub().publish("q", "m3"), "publish m3");
        PublishReceipt receipt = await(pubSub().publish("q", "m4"), "publish m4");
        assertThat(receipt.queued()).as("DROP_OLDEST queues the new message m4").isEqualTo(1);
        assertThat(stalled.subscription.stats().dropped()).as("dropped count of 'stalled'").isEqualTo(1);
        stalled.releaseAndExpect("m1", "m3", "m4");
    }

    /**
     * DROP_NEWEST refuses the new message and says so in the receipt.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void dropNewestRefusesTheNewMessageAndSaysSoInTheReceipt() throws Exception {
        Stalled stalled = stall(OverflowPolicy.DROP_NEWEST, 2);
        await(pubSub().publish("q", "m2"), "publish m2");
        await(pubSub().publish("q", "m3"), "publish m3");
        PublishReceipt receipt = await(pubSub().publish("q", "m4"), "publish m4");
        assertThat(List.of(receipt.matched(), receipt.queued(), receipt.dropped()))
                .as("receipt of m4 (matched, queued, dropped) from a full DROP_NEWEST subscription").containsExactly(1, 0, 1);
        assertThat(stalled.subscription.stats().dropped()).as("dropped count of 'stalled'").isEqualTo(1);
        stalled.releaseAndExpect("m1", "m2", "m3");
    }

    /**
     * FAIL closes the subscription with SubscriptionOverflowException after delivering what was queued.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void failClosesTheSubscriptionWithSubscriptionOverflowExceptionAfterDeliveringWhatWasQueued() throws Exception {
        Stalled stalled = stall(OverflowPolicy.FAIL, 2);
        await(pubSub().publish("q", "m2"), "publish m2");
        await(pubSub().publish("q", "m3"), "publish m3");
        PublishReceipt receipt = await(pubSub().publish("q", "m4"), "publish m4");
        assertThat(receipt.dropped()).as("receipt of m4: dropped by the full FAIL subscription").isEqualTo(1);
        assertThat(stalled.subscription.isOpen()).as("'stalled' is open after its FAIL overflow").isFalse();
        assertThat(await(pubSub().publish("q", "m5"), "publish m5").matched()).as("subscriptions matching after the FAIL").isZero();
        gate.countDown();
        stalled.expect("m1", "m2", "m3");
        Throwable reason = awaitFailure(stalled.subscription.whenClosed(), "whenClosed() of the FAIL subscription");
        assertThat(reason).as("the reason 'stalled' closed").isInstanceOf(SubscriptionOverflowException.class)
                .hasMessageContaining("stalled").hasMessageContaining("FAIL");
        assertThat(stalled.inbox.poll(QUIET.toMillis(), TimeUnit.MILLISECONDS))
                .as("a message after the three queued before the FAIL overflow").isNull();
    }

    /**
     * Queue capacity comes from the setting when the subscription does not set it.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void queueCapacityComesFromTheSettingWhenTheSubscriptionDoesNotSetIt() throws Exception {
        PubSub small = pubSub(baseSpec().withSetting("whispeer.subscription.queue-capacity", "1"));
        CountDownLatch entered = new CountDownLatch(1);
        Subscription subscription = small.subscribe("q", String.class, m -> {
            entered.countDown();
            passGate();
        }, SubscribeOptions.builder().overflowPolicy(OverflowPolicy.DROP_NEWEST).build());
        await(small.publish("q", "a"), "publish a");
        await(entered, "the handler taking a");
        assertThat(await(small.publish("q", "b"), "publish b").queued()).as("b fills the queue of 1").isEqualTo(1);
        assertThat(await(small.publish("q", "c"), "publish c").dropped()).as("c overflows the queue of 1").isEqualTo(1);
        assertThat(subscription.stats().capacity()).as("capacity from whispeer.subscription.queue-capacity=1").isEqualTo(1);
    }

    /**
     * oldestPending is the age of the oldest waiting message on the spec's clock.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void oldestPendingIsTheAgeOfTheOldestWaitingMessageOnTheSpecsClock() throws Exception {
        Stalled stalled = stall(OverflowPolicy.DROP_NEWEST, 2);
        await(pubSub().publish("q", "m2"), "publish m2");
        clock.advance(Duration.ofMillis(1_500));
        await(pubSub().publish("q", "m3"), "publish m3");
        var stats = stalled.subscription.stats();
        assertThat(stats.queueDepth()).as("messages waiting behind the stalled m1").isEqualTo(2);
        assertThat(stats.oldestPending()).as("age of m2, published 1500 ms before on the spec's clock").isEqualTo(Duration.ofMillis(1_500));
        stalled.releaseAndExpect("m1", "m2", "m3");
    }

    // --------------------------------------------------------------------------------------- topic matching

    /**
     * Wildcard filters receive exactly the topics they match.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void wildcardFiltersReceiveExactlyTheTopicsTheyMatch() throws Exception {
        List<String> topics = List.of("sensor/kitchen/temp", "sensor/hall/temp", "sensor/kitchen/humidity", "sensor",
                "sensorx/kitchen/temp", "$SYS/broker/load", "other/a/b", "a");
        Map<String, List<String>> expected = new LinkedHashMap<>();
        expected.put("sensor/kitchen/temp", List.of("sensor/kitchen/temp"));
        expected.put("sensor/+/temp", List.of("sensor/kitchen/temp", "sensor/hall/temp"));
        expected.put("sensor/*/temp", List.of("sensor/kitchen/temp", "sensor/hall/temp"));
        expected.put("+/+/temp", List.of("sensor/kitchen/temp", "sensor/hall/temp", "sensorx/kitchen/temp"));
        expected.put("sensor/#", List.of("sensor/kitchen/temp", "sensor/hall/temp", "sensor/kitchen/humidity", "sensor"));
        expected.put("sensor/>", List.of("sensor/kitchen/temp", "sensor/hall/temp", "sensor/kitchen/humidity", "sensor"));
        List<String> allButSys = topics.stream().filter(t -> !t.startsWith("$")).toList();
        expected.put("#", allButSys);
        expected.put(">", allButSys);
        expected.put("+", List.of("sensor", "a"));
        expected.put("$SYS/#", List.of("$SYS/broker/load"));
        expected.put("$SYS/+/load", List.of("$SYS/broker/load"));
        expected.put("+/broker/load", List.of());
        Map<String, Inbox<String>> inboxes = new LinkedHashMap<>();
        for (String filter : expected.keySet()) {
            Inbox<String> inbox = new Inbox<>(filter);
            pubSub().subscribe(filter, String.class, inbox);
            inboxes.put(filter, inbox);
        }
        for (String topic : topics) {
            List<String> matching = expected.entrySet().stream().filter(e -> e.getValue().contains(topic)).map(Map.Entry::getKey).toList();
            PublishReceipt receipt = await(pubSub().publish(topic, topic), "publish to " + topic);
            assertThat(receipt.matched()).as("subscriptions matching topic '%s': expected the filters %s", topic, matching)
                    .isEqualTo(matching.size());
        }
        for (Map.Entry<String, List<String>> each : expected.entrySet()) {
            Inbox<String> inbox = inboxes.get(each.getKey());
            List<String> received = new ArrayList<>();
            for (int i = 0; i < each.getValue().size(); i++) {
                Message<String> message = inbox.next();
                assertThat(message.topic()).as("topic of a message to filter '%s'", each.getKey()).isEqualTo(message.payload());
                received.add(message.payload());
            }
            assertThat(received).as("topics filter '%s' received, in publish order", each.getKey()).isEqualTo(each.getValue());
        }
    }

    /**
     * Publishing to a wildcard topic is refused with InvalidTopicException.
     */
    @Test
    public void publishingToAWildcardTopicIsRefusedWithInvalidTopicException() {
        for (String topic : List.of("a/+", "a/*", "a/#", "a/>", "a//b", "")) {
            assertRefused(() -> pubSub().publish(topic, "x"), "publish to '%s'", topic).isInstanceOf(InvalidTopicException.class);
        }
    }

    /**
     * Subscribing with an invalid filter is refused with InvalidTopicException.
     */
    @Test
    public void subscribingWithAnInvalidFilterIsRefusedWithInvalidTopicException() {
        for (String filter : List.of("a/#/b", "a+/b", "a//b", "")) {
            assertRefused(() -> pubSub().subscribe(filter, String.class, m -> { }), "subscribe to '%s'", filter)
                    .isInstanceOf(InvalidTopicException.class);
        }
    }

    // --------------------------------------------------------------------------------------------- isolation

    /**
     * A stalled subscriber does not delay the others.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void aStalledSubscriberDoesNotDelayTheOthers() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        Subscription stuck = pubSub().subscribe("t", String.class, m -> {
            entered.countDown();
            passGate();
        }, SubscribeOptions.builder().name("stuck").queueCapacity(4).overflowPolicy(OverflowPolicy.DROP_NEWEST).build());
        Counter fast = new Counter("fast", 200);
        pubSub().subscribe("t", String.class, fast);
        await(pubSub().publish("t", "m0"), "publish m0");
        await(entered, "the stuck handler taking m0");
        for (int i = 1; i < 200; i++) {
            await(pubSub().publish("t", "m" + i), "publish m" + i);
        }
        fast.awaitAll();
        assertThat(stuck.stats().dropped()).as("dropped by 'stuck' (199 published while it held m0, queue of 4)").isEqualTo(199 - 4);
        assertThat(stuck.isOpen()).as("'stuck' is still open").isTrue();
    }

    /**
     * A throwing subscriber is reported and the others keep receiving.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void aThrowingSubscriberIsReportedAndTheOthersKeepReceiving() throws Exception {
        List<Throwable> reported = new CopyOnWriteArrayList<>();
        Counter errors = new Counter("errors reported by 'failing'", 50);
        Subscription failing = pubSub().subscribe("t", String.class, m -> {
            throw new IllegalStateException("handler bug");
        }, SubscribeOptions.builder().name("failing").errorListener((s, e) -> {
            reported.add(e);
            errors.countDown();
        }).build());
        Counter healthy = new Counter("healthy", 50);
        pubSub().subscribe("t", String.class, healthy);
        for (int i = 0; i < 50; i++) {
            await(pubSub().publish("t", "m" + i), "publish m" + i);
        }
        healthy.awaitAll();
        errors.awaitAll();
        assertThat(reported).as("failures reported for 'failing'")
                .allMatch(e -> Kits.describeAll(e).stream().anyMatch(text -> text.contains("handler bug")));
        eventually(() -> failing.stats().handlerErrors() == 50, () -> "handlerErrors 50 in " + failing.stats());
        assertThat(failing.isOpen()).as("a throwing handler's subscription stays open").isTrue();
    }

    // ---------------------------------------------------------------------------------------- declared types

    /**
     * Publishing another type to a declared topic fails naming both types.
     */
    @Test
    public void publishingAnotherTypeToADeclaredTopicFailsNamingBothTypes() {
        PubSub typed = pubSub(baseSpec().withTopic("sensor/+/name", String.class));
        assertRefused(() -> typed.publish("sensor/kitchen/name", 42), "publish an Integer where String is declared")
                .isInstanceOf(TypeMismatchException.class)
                .hasMessageContaining(String.class.getName())
                .hasMessageContaining(Integer.class.getName())
                .hasMessageContaining("sensor/+/name");
    }

    /**
     * Subscribing with another type to a declared topic fails naming both types.
     */
    @Test
    public void subscribingWithAnotherTypeToADeclaredTopicFailsNamingBothTypes() {
        PubSub typed = pubSub(baseSpec().withTopic("sensor/+/name", String.class));
        SubscribeOptions defaults = SubscribeOptions.defaults();
        TypeRef<Integer> integer = TypeRef.of(Integer.class);
        Map<String, Runnable> attempts = new LinkedHashMap<>();
        attempts.put("subscribe", () -> typed.subscribe("sensor/#", Integer.class, m -> { }));
        attempts.put("subscribeAsync", () -> typed.subscribeAsync("sensor/#", integer, m -> CompletableFuture.completedFuture(null), defaults));
        attempts.put("stream", () -> typed.stream("sensor/#", integer, defaults).close());
        attempts.put("publisher", () -> typed.publisher("sensor/#", integer, defaults));
        attempts.forEach((kind, attempt) -> assertRefused(attempt::run,
                "%s with Integer to 'sensor/#', which overlaps 'sensor/+/name' declared as String", kind)
                .isInstanceOf(TypeMismatchException.class)
                .hasMessageContaining(Integer.class.getName())
                .hasMessageContaining(String.class.getName()));
    }

    /**
     * Declared topics accept their type and other topics stay free.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void declaredTopicsAcceptTheirTypeAndOtherTopicsStayFree() throws Exception {
        PubSub typed = pubSub(baseSpec().withTopic("sensor/+/name", String.class));
        Inbox<String> names = new Inbox<>("sensor/+/name");
        Inbox<Integer> numbers = new Inbox<>("other");
        typed.subscribe("sensor/+/name", String.class, names);
        typed.subscribe("sensor/#", byte[].class, m -> { });
        typed.subscribe("other", Integer.class, numbers);
        await(typed.publish("sensor/kitchen/name", "oven"), "publish the declared type");
        await(typed.publish("other", 7), "publish an Integer to an undeclared topic");
        assertThat(names.next().payload()).as("payload on the declared topic").isEqualTo("oven");
        assertThat(numbers.next().payload()).as("payload on an undeclared topic").isEqualTo(7);
    }

    // ------------------------------------------------------------------------------------------------- QoS

    /**
     * AT_LEAST_ONCE redelivers a failed message with a growing delivery count.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void atLeastOnceRedeliversAFailedMessageWithAGrowingDeliveryCount() throws Exception {
        Inbox<String> attempts = new Inbox<>("at-least-once");
        Subscription subscription = pubSub().subscribe("t", String.class, m -> {
            attempts.onMessage(m);
            if (m.deliveryCount() < 3) {
                throw new IllegalStateException("not yet");
            }
        }, SubscribeOptions.builder().qos(QoS.AT_LEAST_ONCE).maxDeliveries(5).errorListener((s, e) -> { }).build());
        await(pubSub().publish("t", "x"), "publish");
        assertThat(attempts.deliveryCounts(3)).as("deliveryCount of each delivery of a message that fails twice").containsExactly(1, 2, 3);
        eventually(() -> subscription.stats().delivered() == 1, () -> "delivered 1 in " + subscription.stats());
        assertThat(subscription.stats().redelivered()).as("redelivered count").isEqualTo(2);
        assertThat(attempts.poll(QUIET)).as("a delivery after the handler succeeded").isEmpty();
    }

    /**
     * AT_LEAST_ONCE gives up after maxDeliveries and moves on.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void atLeastOnceGivesUpAfterMaxDeliveriesAndMovesOn() throws Exception {
        Inbox<String> attempts = new Inbox<>("at-least-once, maxDeliveries 3");
        CountDownLatch exhausted = new CountDownLatch(3);
        Subscription subscription = pubSub().subscribe("t", String.class, m -> {
            attempts.onMessage(m);
            if (m.payload().equals("bad")) {
                exhausted.countDown();
                throw new IllegalStateException("always");
            }
        }, SubscribeOptions.builder().qos(QoS.AT_LEAST_ONCE).maxDeliveries(3).errorListener((s, e) -> { }).build());
        await(pubSub().publish("t", "bad"), "publish bad");
        await(exhausted, "three deliveries of 'bad'");
        await(pubSub().publish("t", "next"), "publish next");
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Message<String> m = attempts.next();
            seen.add(m.payload() + "#" + m.deliveryCount());
        }
        assertThat(seen).as("deliveries (payload#deliveryCount) with maxDeliveries 3").containsExactly("bad#1", "bad#2", "bad#3", "next#1");
        eventually(() -> subscription.stats().dropped() == 1, () -> "dropped 1 (the exhausted message) in " + subscription.stats());
    }

    /**
     * AT_MOST_ONCE does not redeliver.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void atMostOnceDoesNotRedeliver() throws Exception {
        Inbox<String> attempts = new Inbox<>("at-most-once");
        Subscription subscription = pubSub().subscribe("t", String.class, m -> {
            attempts.onMessage(m);
            if (m.payload().equals("bad")) {
                throw new IllegalStateException("lost");
            }
        }, SubscribeOptions.builder().errorListener((s, e) -> { }).build());
        await(pubSub().publish("t", "bad"), "publish bad");
        await(pubSub().publish("t", "good"), "publish good");
        assertThat(List.of(attempts.next().payload(), attempts.next().payload())).as("deliveries under AT_MOST_ONCE")
                .containsExactly("bad", "good");
        assertThat(subscription.stats().redelivered()).as("redelivered count under AT_MOST_ONCE").isZero();
    }

    /**
     * EXACTLY_ONCE redelivers a failed message.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void exactlyOnceRedeliversAFailedMessage() throws Exception {
        Inbox<String> attempts = new Inbox<>("exactly-once");
        pubSub().subscribe("t", String.class, m -> {
            attempts.onMessage(m);
            if (m.deliveryCount() == 1) {
                throw new IllegalStateException("first try fails");
            }
        }, SubscribeOptions.builder().qos(QoS.EXACTLY_ONCE).errorListener((s, e) -> { }).build());
        await(pubSub().publish("t", "x"), "publish");
        assertThat(attempts.deliveryCounts(2)).as("deliveryCount of each delivery under EXACTLY_ONCE").containsExactly(1, 2);
    }

    /**
     * EXACTLY_ONCE skips a message whose id was already handled.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void exactlyOnceSkipsAMessageWhoseIdWasAlreadyHandled() throws Exception {
        Inbox<String> inbox = new Inbox<>("exactly-once");
        Subscription subscription = pubSub().subscribe("t", String.class, inbox, SubscribeOptions.builder().qos(QoS.EXACTLY_ONCE).build());
        assumeTrue(publishTwiceWithOneId(pubSub(), "t", "once"),
                "the instance cannot publish one message id twice; override publishTwiceWithOneId to check de-duplication");
        assertThat(inbox.next().payload()).as("first delivery").isEqualTo("once");
        eventually(() -> subscription.stats().duplicates() == 1, () -> "duplicates 1 in " + subscription.stats());
        assertThat(inbox.poll(QUIET)).as("a second delivery of one message id under EXACTLY_ONCE").isEmpty();
    }

    // ------------------------------------------------------------------------------------ receipts and limits

    /**
     * The receipt counts the matching subscriptions that queued the message.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void receiptCountsTheMatchingSubscriptionsThatQueuedTheMessage() throws Exception {
        List<Inbox<String>> inboxes = new ArrayList<>();
        for (String filter : List.of("t", "+", "#")) {
            Inbox<String> inbox = new Inbox<>(filter);
            pubSub().subscribe(filter, String.class, inbox);
            inboxes.add(inbox);
        }
        pubSub().subscribe("other", String.class, m -> { });
        PublishReceipt receipt = await(pubSub().publish("t", "x"), "publish");
        assertThat(receipt.topic()).as("receipt topic").isEqualTo("t");
        assertThat(List.of(receipt.matched(), receipt.queued(), receipt.dropped()))
                .as("receipt (matched, queued, dropped) with 3 matching subscriptions and 1 other").containsExactly(3, 3, 0);
        for (Inbox<String> inbox : inboxes) {
            assertThat(inbox.next().id()).as("id delivered to '%s'", inbox.name).isEqualTo(receipt.id());
        }
    }

    /**
     * A message over the size limit is refused with LimitExceededException.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void messageOverTheSizeLimitIsRefusedWithLimitExceededException() throws Exception {
        PubSub limited = pubSub(baseSpec().withSetting("whispeer.message.max-bytes", "64"));
        await(limited.publish("t", new byte[64]), "publish 64 bytes with a limit of 64");
        assertRefused(() -> limited.publish("t", new byte[65]), "publish 65 bytes with whispeer.message.max-bytes=64")
                .isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("65")
                .hasMessageContaining("64")
                .hasMessageContaining("whispeer.message.max-bytes");
    }

    /**
     * Headers over the limit are refused with LimitExceededException.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void headersOverTheLimitAreRefusedWithLimitExceededException() throws Exception {
        PubSub limited = pubSub(baseSpec().withSetting("whispeer.headers.max-bytes", "10"));
        await(limited.publish("t", "x", Headers.of("k", "123456789")), "publish 10 bytes of headers with a limit of 10");
        assertRefused(() -> limited.publish("t", "x", Headers.of("k", "1234567890")),
                "publish 11 bytes of headers with whispeer.headers.max-bytes=10")
                .isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("whispeer.headers.max-bytes");
    }

    // ------------------------------------------------------------------------------------------- concurrency

    /**
     * Every subscriber gets every matching message once in per publisher order.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void everySubscriberGetsEveryMatchingMessageOnceInPerPublisherOrder() throws Exception {
        List<OrderChecker> checkers = new ArrayList<>();
        for (String filter : List.of("load/#", "load/+/data", ">", "load/p1/data")) {
            OrderChecker checker = new OrderChecker(filter);
            checker.subscription = pubSub().subscribe(filter, byte[].class, checker, SubscribeOptions.builder()
                    .name(filter).queueCapacity(16).overflowPolicy(OverflowPolicy.BLOCK).blockTimeout(Kits.TIMEOUT).build());
            checkers.add(checker);
        }
        Kits.concurrently(PUBLISHERS + 1, thread -> {
            if (thread == PUBLISHERS) { // subscriptions come and go beside the publishers
                for (int i = 0; i < 200; i++) {
                    pubSub().subscribe("load/p" + (i % PUBLISHERS) + "/#", byte[].class, m -> { }).close();
                }
                return;
            }
            String topic = "load/p" + thread + "/data";
            for (int seq = 0; seq < MESSAGES_PER_PUBLISHER; seq++) {
                await(pubSub().publish(topic, ByteBuffer.allocate(8).putInt(thread).putInt(seq).array()), "publish " + seq + " to " + topic);
            }
        });
        for (OrderChecker checker : checkers) {
            checker.awaitDone();
            assertThat(checker.subscription.stats().dropped()).as("messages dropped by '%s' under BLOCK", checker.filter).isZero();
        }
    }

    // ------------------------------------------------------------------------------------------------ close

    /**
     * Closing a subscription stops delivery and completes when closed.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void closingASubscriptionStopsDeliveryAndCompletesWhenClosed() throws Exception {
        Inbox<String> inbox = new Inbox<>("t");
        Subscription subscription = pubSub().subscribe("t", String.class, inbox);
        await(pubSub().publish("t", "before"), "publish before");
        assertThat(inbox.next().payload()).isEqualTo("before");
        subscription.close();
        assertThat(subscription.isOpen()).as("isOpen() after close()").isFalse();
        await(subscription.whenClosed(), "whenClosed() after close()");
        assertThat(await(pubSub().publish("t", "after"), "publish after").matched()).as("subscriptions matching after close()").isZero();
        subscription.close();
        assertThat(inbox.poll(QUIET)).as("a delivery after close()").isEmpty();
    }

    /**
     * Closing the instance refuses publish and subscribe with BrokerClosedException.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void closingTheInstanceRefusesPublishAndSubscribeWithBrokerClosedException() throws Exception {
        Subscription subscription = pubSub().subscribe("t", String.class, m -> { });
        pubSub().close();
        await(subscription.whenClosed(), "whenClosed() of a subscription of the closed instance");
        assertThat(subscription.isOpen()).as("a subscription of the closed instance").isFalse();
        SubscribeOptions defaults = SubscribeOptions.defaults();
        TypeRef<String> string = TypeRef.of(String.class);
        Map<String, Runnable> attempts = new LinkedHashMap<>();
        attempts.put("publish", () -> pubSub().publish("t", "x"));
        attempts.put("subscribe", () -> pubSub().subscribe("t", String.class, m -> { }));
        attempts.put("subscribeAsync", () -> pubSub().subscribeAsync("t", string, m -> CompletableFuture.completedFuture(null), defaults));
        attempts.put("stream", () -> pubSub().stream("t", string, defaults).close());
        attempts.put("publisher", () -> pubSub().publisher("t", string, defaults));
        attempts.forEach((kind, attempt) -> assertRefused(attempt::run, "%s on a closed instance", kind)
                .isInstanceOf(BrokerClosedException.class));
        pubSub().close();
    }

    // --------------------------------------------------------------------------------------------- helpers

    /** Waits, bounded, until the gate opens: after a case opens it, or when the case ends. */
    private void passGate() throws InterruptedException {
        if (!gate.await(Kits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("The kit's gate did not open within " + Kits.TIMEOUT);
        }
    }

    private Stalled stall(OverflowPolicy policy, int capacity) throws Exception {
        return stall(policy, capacity, BLOCK_TIMEOUT);
    }

    /**
     * A subscription named "stalled" on "q" whose handler holds its first message, m1, until the gate opens, so that
     * its queue holds exactly what the case publishes next.
     */
    private Stalled stall(OverflowPolicy policy, int capacity, Duration blockTimeout) throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        LinkedBlockingQueue<String> inbox = new LinkedBlockingQueue<>();
        Subscription subscription = pubSub().subscribe("q", String.class, m -> {
            if (m.payload().equals("m1")) {
                entered.countDown();
                passGate();
            }
            inbox.add(m.payload());
        }, SubscribeOptions.builder().name("stalled").queueCapacity(capacity).overflowPolicy(policy).blockTimeout(blockTimeout).build());
        await(pubSub().publish("q", "m1"), "publish m1");
        await(entered, "the handler of 'stalled' taking m1");
        return new Stalled(subscription, inbox);
    }

    /** A stalled subscription and what its handler received. */
    private final class Stalled {
        final Subscription subscription;
        final LinkedBlockingQueue<String> inbox;

        Stalled(Subscription subscription, LinkedBlockingQueue<String> inbox) {
            this.subscription = subscription;
            this.inbox = inbox;
        }

        /**
         * Opens the gate and expects {@code payloads}; then publishes a marker into the drained queue and expects it
         * next, so that a message the policy should have dropped cannot hide behind the end of the case.
         */
        void releaseAndExpect(String... payloads) throws Exception {
            gate.countDown();
            expect(payloads);
            await(pubSub().publish("q", "end"), "publish the end marker");
            expect("end");
        }

        void expect(String... payloads) throws InterruptedException {
            List<String> received = new ArrayList<>();
            for (String expected : payloads) {
                String next = inbox.poll(Kits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                if (next == null) {
                    fail("'stalled' received %s and then nothing within %s; expected %s", received, Kits.TIMEOUT, List.of(payloads));
                }
                received.add(next);
                if (!next.equals(expected)) {
                    fail("'stalled' received %s; expected %s", received, List.of(payloads));
                }
            }
        }
    }

    /** Runs {@code call}, which must throw; the failure says what was expected when it does not. */
    private static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(ThrowingCallable call, String description, Object... args) {
        Throwable thrown = catchThrowable(call);
        String what = String.format(description, args);
        if (thrown == null) {
            fail("%s: expected it to be refused with an exception, but it was accepted", what);
        }
        return assertThat(thrown).as(what);
    }

    private CompletableFuture<PublishReceipt> publishAsync(String topic, String payload) {
        return CompletableFuture.supplyAsync(() -> pubSub().publish(topic, payload)).thenCompose(f -> f);
    }

    private static <T> T await(CompletableFuture<T> future, String what) throws InterruptedException {
        try {
            return future.get(Kits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError(what + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError(what + " did not complete within " + Kits.TIMEOUT);
        }
    }

    private static Throwable awaitFailure(CompletableFuture<?> future, String what) throws InterruptedException {
        try {
            Object value = future.get(Kits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError(what + " completed normally with " + value + "; expected it to fail");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null ? cause.getCause() : cause;
        } catch (TimeoutException e) {
            throw new AssertionError(what + " did not complete within " + Kits.TIMEOUT);
        }
    }

    private static void await(CountDownLatch latch, String what) throws InterruptedException {
        if (!latch.await(Kits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(what + " did not happen within " + Kits.TIMEOUT);
        }
    }

    private static <T> T take(LinkedBlockingQueue<T> queue, String what) throws InterruptedException {
        T item = queue.poll(Kits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (item == null) {
            throw new AssertionError(what + " did not arrive within " + Kits.TIMEOUT);
        }
        return item;
    }

    /** Polls a condition that no event signals (a counter), bounded by {@link Kits#TIMEOUT}. */
    private static void eventually(BooleanSupplier condition, Supplier<String> expectation) {
        long deadline = System.nanoTime() + Kits.TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("Expected " + expectation.get() + " within " + Kits.TIMEOUT);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    /** A handler that keeps every message it receives for the case to read in order. */
    private static final class Inbox<T> implements MessageHandler<T> {
        final String name;
        private final LinkedBlockingQueue<Message<T>> messages = new LinkedBlockingQueue<>();

        Inbox(String name) {
            this.name = name;
        }

        @Override
        public void onMessage(Message<T> message) {
            messages.add(message);
        }

        Message<T> next() throws InterruptedException {
            Message<T> message = messages.poll(Kits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (message == null) {
                throw new AssertionError("Subscription '" + name + "' received no message within " + Kits.TIMEOUT + "; expected one");
            }
            return message;
        }

        Optional<Message<T>> poll(Duration timeout) throws InterruptedException {
            return Optional.ofNullable(messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS));
        }

        List<Integer> deliveryCounts(int deliveries) throws InterruptedException {
            List<Integer> counts = new ArrayList<>();
            for (int i = 0; i < deliveries; i++) {
                counts.add(next().deliveryCount());
            }
            return counts;
        }
    }

    /** A handler that counts messages down to zero. */
    private static final class Counter implements MessageHandler<String> {
        private final String name;
        private final int expected;
        private final CountDownLatch latch;

        Counter(String name, int expected) {
            this.name = name;
            this.expected = expected;
            this.latch = new CountDownLatch(expected);
        }

        @Override
        public void onMessage(Message<String> message) {
            latch.countDown();
        }

        void countDown() {
            latch.countDown();
        }

        void awaitAll() throws InterruptedException {
            if (!latch.await(Kits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("'" + name + "' counted " + (expected - latch.getCount()) + " of " + expected
                        + " within " + Kits.TIMEOUT);
            }
        }
    }

    /** Checks one subscriber: per publisher, sequence numbers arrive as 0, 1, 2, ... with no gap or repeat. */
    private static final class OrderChecker implements MessageHandler<byte[]> {
        final String filter;
        final int[] next = new int[PUBLISHERS];
        final List<String> errors = new ArrayList<>();
        final CountDownLatch done = new CountDownLatch(1);
        final io.whispeer.api.TopicFilter parsed;
        final int expectedPublishers;
        Subscription subscription;
        int finishedPublishers;

        OrderChecker(String filter) {
            this.filter = filter;
            this.parsed = io.whispeer.api.TopicFilter.parse(filter);
            int matching = 0;
            for (int p = 0; p < PUBLISHERS; p++) {
                if (parsed.matches("load/p" + p + "/data")) {
                    matching++;
                }
            }
            this.expectedPublishers = matching;
        }

        @Override
        public synchronized void onMessage(Message<byte[]> message) {
            ByteBuffer payload = ByteBuffer.wrap(message.payload());
            int publisher = payload.getInt();
            int seq = payload.getInt();
            if (!parsed.matches(message.topic())) {
                errors.add("received topic " + message.topic() + ", which the filter does not match");
            } else if (seq != next[publisher]) {
                errors.add("from publisher " + publisher + " expected message " + next[publisher] + " but received " + seq
                        + (seq > next[publisher] ? " (messages lost)" : " (repeated or out of order)"));
            }
            next[publisher] = seq + 1;
            if (!errors.isEmpty() || (seq == MESSAGES_PER_PUBLISHER - 1 && ++finishedPublishers == expectedPublishers)) {
                done.countDown();
            }
        }

        void awaitDone() throws InterruptedException {
            boolean finished = done.await(Kits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            synchronized (this) {
                assertThat(errors).as("order errors of subscription '%s'", filter).isEmpty();
                if (!finished) {
                    fail("subscription '%s' did not receive all %d messages of each of its %d publishers within %s; next expected per publisher: %s",
                            filter, MESSAGES_PER_PUBLISHER, expectedPublishers, Kits.TIMEOUT, java.util.Arrays.toString(next));
                }
            }
        }
    }

    /** A Flow subscriber that records what it receives; it requests {@code initial} on subscribe. */
    private static final class FlowRecorder implements Flow.Subscriber<Message<String>> {
        final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();
        final CompletableFuture<String> done = new CompletableFuture<>();
        final LinkedBlockingQueue<String> items = new LinkedBlockingQueue<>();
        private final long initial;

        FlowRecorder(long initial) {
            this.initial = initial;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription.complete(s);
            if (initial > 0) {
                s.request(initial);
            }
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

        void expect(String... payloads) throws InterruptedException {
            for (String payload : payloads) {
                assertThat(take(items, "Flow item '" + payload + "'")).as("Flow item, expected in order %s", List.of(payloads))
                        .isEqualTo(payload);
            }
        }

        void expectNothing(String when) throws InterruptedException {
            assertThat(items.poll(QUIET.toMillis(), TimeUnit.MILLISECONDS)).as("a Flow item %s", when).isNull();
        }
    }
}
