package io.whispeer.core;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Flow;

import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;

import io.whispeer.api.Message;
import io.whispeer.api.OverflowPolicy;
import io.whispeer.api.SubscribeOptions;
import io.whispeer.api.TypeRef;

/**
 * The official Reactive Streams TCK (TestNG, run on the JUnit Platform by the testng-engine) against the embedded
 * broker's {@code Flow.Publisher}.
 *
 * <p>A broker subscription is hot and never completes by itself, while the TCK wants a publisher of exactly
 * {@code elements} messages. So each {@link #createFlowPublisher(long) created publisher} gives every subscriber its
 * own source broker: {@code subscribe} subscribes through {@code broker.publisher(...)}, then a virtual thread
 * publishes the messages into a small BLOCK queue (parking while the subscriber has not asked for more, stopping as
 * soon as a publish reaches no queue, i.e. after a cancel) and closes the broker, which completes the subscriber
 * once it took everything. Every subscriber sees the broker's own {@code FlowSink} and {@code PushDispatcher}; the
 * wrapper only starts the source. {@link #createFailedFlowPublisher()} is the publisher of a closed broker.
 *
 * <p>Skipped by the TCK itself, and why they do not apply or cannot be checked here:
 * <ul>
 *   <li>{@code untested_*}: the TCK has no test for these rules (it always skips them).</li>
 *   <li>{@code optional_spec111_multicast_*}: each subscriber of the wrapper has its own source broker, so the elements
 *       two subscribers get are different messages (own id and nonce) with the same payloads; a real broker
 *       publisher is multicast, which the unit tests cover.</li>
 * </ul>
 * {@code maxElementsFromPublisher()} keeps its default: the source publishes lazily under backpressure, so even
 * the {@code Integer.MAX_VALUE}-element test of rule 3.17 runs.
 */
public class FlowPublisherTckTest extends FlowPublisherVerification<Message<Integer>> {
    private static final String TOPIC = "tck/numbers";
    private static final SubscribeOptions OPTIONS = SubscribeOptions.builder()
            .queueCapacity(16)
            .overflowPolicy(OverflowPolicy.BLOCK)
            .blockTimeout(Duration.ofSeconds(30))
            .build();

    /** Creates the verification with timeouts that suit a virtual-thread dispatcher on a loaded machine. */
    public FlowPublisherTckTest() {
        super(new TestEnvironment(2_000, 200), 1_000);
    }

    @Override
    public Flow.Publisher<Message<Integer>> createFlowPublisher(long elements) {
        return subscriber -> {
            Objects.requireNonNull(subscriber, "subscriber"); // rule 1.9, before any broker is built
            CoreBroker broker = TestSupport.broker(TestSupport.builder().property("whispeer.close-timeout", "30s"));
            broker.publisher(TOPIC, TypeRef.of(Integer.class), OPTIONS).subscribe(subscriber);
            Thread.ofVirtual().name("tck-source").start(() -> publishThenClose(broker, elements));
        };
    }

    private static void publishThenClose(CoreBroker broker, long elements) {
        try (broker) {
            for (long i = 0; i < elements; i++) {
                if (broker.publish(TOPIC, (int) i).join().queued() == 0) {
                    return; // the subscriber cancelled (or was refused): nobody to publish to
                }
            }
        } catch (RuntimeException e) {
            // a BLOCK timeout: the subscriber stopped asking; closing the broker ends its subscription
        }
    }

    @Override
    public Flow.Publisher<Message<Integer>> createFailedFlowPublisher() {
        CoreBroker broker = TestSupport.broker(TestSupport.builder());
        Flow.Publisher<Message<Integer>> publisher = broker.publisher(TOPIC, TypeRef.of(Integer.class), OPTIONS);
        broker.close();
        return publisher;
    }
}
