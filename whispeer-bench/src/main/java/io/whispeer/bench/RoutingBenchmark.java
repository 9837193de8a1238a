package io.whispeer.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.whispeer.api.Whispeer;

/**
 * In-process publish through an embedded broker, delivery included: the benchmark thread publishes a batch of
 * {@value Batches#SIZE} messages to {@code bench/dev/m/data} and the operation ends when every matching
 * subscription's handler (a synchronous callback that counts) has received all of them.
 *
 * <p>Measured: published messages per second. Parameters: {@code subscribers} matching subscriptions (each message
 * is delivered that many times); {@code subscriptions} in all, the rest being non-matching wildcard filters
 * {@code bench/+/n<i>/#} (when {@code subscriptions} is smaller than {@code subscribers}, only the matching ones
 * exist); {@code payloadSize} in bytes; {@code codec} {@code bytes} publishes a {@code byte[]} through the built-in
 * codec, {@code json} a {@link JsonPayload} whose JSON form has that size, decoded again for each subscriber.
 * Subscriptions use {@code OverflowPolicy.BLOCK} and queues of 1024, so nothing is dropped. The broker has its
 * defaults and what is on the class path: no compression engine and no key ring, so nothing is sealed.
 *
 * <p>Baseline: {@link QueueBaselineBenchmark}, the same batch handed through an {@code ArrayBlockingQueue} to one
 * thread. Targets: {@code subscribers=1, subscriptions=1, codec=bytes} at least 0.5x the baseline of the same size;
 * {@code subscriptions=10000} at most 1.5x the cost (at least 1/1.5 the throughput) of {@code subscriptions=1}.
 * Publishing to one topic hits the broker's route cache after the first message; {@link RouteCacheMissBenchmark}
 * measures the same with every publish walking the trie.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class RoutingBenchmark {
    static final String TOPIC = "bench/dev/m/data";

    /** Matching subscriptions. */
    @Param({"1", "8"})
    public int subscribers;

    /** Payload size in bytes (of the JSON form for {@code json}). */
    @Param({"16", "128", "1024"})
    public int payloadSize;

    /** {@code bytes} for a {@code byte[]} payload, {@code json} for a {@link JsonPayload}. */
    @Param({"bytes", "json"})
    public String codec;

    /** Subscriptions in all, matching and non-matching. */
    @Param({"1", "100", "10000"})
    public int subscriptions;

    private RoutingFixture fixture;
    private Object payload;
    private long expected;

    /** Builds the broker and its subscriptions and checks the route once. */
    @Setup(Level.Trial)
    public void setUp() {
        payload = RoutingFixture.payload(codec, payloadSize);
        fixture = new RoutingFixture(Whispeer.builder(), subscribers, subscriptions, payload.getClass());
        fixture.check(TOPIC, payload);
        expected = fixture.received.get();
    }

    /** Publishes a batch and waits until every matching subscription has handled all of it. */
    @Benchmark
    @OperationsPerInvocation(Batches.SIZE)
    public void publish() {
        for (int i = 0; i < Batches.SIZE; i++) {
            fixture.broker.publish(TOPIC, payload);
        }
        expected += (long) Batches.SIZE * subscribers;
        Batches.awaitAtLeast(fixture.received, expected);
    }

    /** Closes the broker. */
    @TearDown(Level.Trial)
    public void tearDown() {
        fixture.close();
    }
}
