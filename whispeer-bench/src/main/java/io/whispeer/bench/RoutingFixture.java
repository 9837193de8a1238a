package io.whispeer.bench;

import java.util.concurrent.atomic.AtomicLong;

import io.whispeer.api.Broker;
import io.whispeer.api.BrokerBuilder;
import io.whispeer.api.OverflowPolicy;
import io.whispeer.api.PublishReceipt;
import io.whispeer.api.SubscribeOptions;

/**
 * An embedded broker with {@code subscribers} subscriptions that match the benchmark's topics and enough
 * non-matching wildcard subscriptions to make {@code subscriptions} in all. Matching and non-matching filters share
 * their first two trie levels ({@code bench/+/m/#} against {@code bench/+/n<i>/#}), so a route lookup walks past
 * the non-matching ones instead of living in a separate branch of the trie.
 */
final class RoutingFixture implements AutoCloseable {
    /** The filter of every matching subscription. */
    static final String MATCHING_FILTER = "bench/+/m/#";

    final Broker broker;
    /** Messages received by the matching subscriptions, all of them together. */
    final AtomicLong received = new AtomicLong();
    private final AtomicLong misrouted = new AtomicLong();
    private final int subscribers;

    RoutingFixture(BrokerBuilder builder, int subscribers, int subscriptions, Class<?> payloadType) {
        // No compression, as these benchmarks have always measured: the compression engines are on this module's
        // class path for CompressionBenchmark, and the broker would otherwise pick zstd by itself.
        this(builder.compression("none").build(), subscribers, subscriptions, payloadType);
    }

    /** Subscribes on a broker the caller built (e.g. with compression and encryption); closes it on failure. */
    RoutingFixture(Broker broker, int subscribers, int subscriptions, Class<?> payloadType) {
        this.subscribers = subscribers;
        this.broker = broker;
        SubscribeOptions options = SubscribeOptions.builder()
                .overflowPolicy(OverflowPolicy.BLOCK)
                .queueCapacity(Batches.QUEUE_CAPACITY)
                .build();
        try {
            for (int i = 0; i < subscribers; i++) {
                subscribe(MATCHING_FILTER, payloadType, received, options);
            }
            for (int i = subscribers; i < subscriptions; i++) {
                subscribe("bench/+/n" + i + "/#", payloadType, misrouted, options);
            }
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    private <T> void subscribe(String filter, Class<T> type, AtomicLong counter, SubscribeOptions options) {
        broker.subscribe(filter, type, message -> counter.incrementAndGet(), options);
    }

    /**
     * Publishes one message and checks that exactly the matching subscriptions took it and received it.
     *
     * @throws IllegalStateException when the route is not what the benchmark expects
     */
    void check(String topic, Object payload) {
        long before = received.get();
        PublishReceipt receipt = broker.publish(topic, payload).join();
        if (receipt.matched() != subscribers || receipt.queued() != subscribers) {
            throw new IllegalStateException("Expected " + subscribers + " matching subscriptions for '" + topic + "', got " + receipt);
        }
        Batches.awaitAtLeast(received, before + subscribers);
    }

    /** Closes the broker and fails when a non-matching subscription ever received a message. */
    @Override
    public void close() {
        broker.close();
        if (misrouted.get() != 0) {
            throw new IllegalStateException(misrouted.get() + " messages reached subscriptions whose filter does not match");
        }
    }

    /** {@return the payload object of a benchmark's {@code codec} parameter} */
    static Object payload(String codec, int size) {
        return switch (codec) {
            case "bytes" -> Batches.bytes(size);
            case "json" -> JsonPayload.ofEncodedSize(size);
            default -> throw new IllegalArgumentException("Unknown codec parameter '" + codec + "'; use bytes or json");
        };
    }
}
