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
 * {@link RoutingBenchmark}'s 1 -&gt; 1 {@code byte[]} case with the route cache defeated: the broker caches 16
 * routes ({@code whispeer.route-cache.max-entries}, its minimum) and the benchmark publishes to 32 topics in turn,
 * so the cache is cleared before it ever hits and every publish checks the topic and walks the subscription trie.
 *
 * <p>Measured: published messages per second, delivery to the one matching subscription included, with
 * {@code subscriptions} = 1 and 10,000 (the non-matching ones are wildcard filters {@code bench/+/n<i>/#}).
 * Baseline: the {@code subscriptions=1} row of this benchmark; the 10,000 row should cost at most 1.5x as much,
 * which is what "routing is O(levels), not O(subscriptions)" promises without help from the cache.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class RouteCacheMissBenchmark {
    private static final int CACHE_ENTRIES = 16;
    private static final int TOPICS = 2 * CACHE_ENTRIES;

    /** Subscriptions in all; one of them matches. */
    @Param({"1", "10000"})
    public int subscriptions;

    /** Payload size in bytes. */
    @Param({"16"})
    public int payloadSize;

    private final String[] topics = new String[TOPICS];
    private RoutingFixture fixture;
    private byte[] payload;
    private long expected;
    private int next;

    /** Builds the broker and its subscriptions and checks every route once. */
    @Setup(Level.Trial)
    public void setUp() {
        payload = Batches.bytes(payloadSize);
        fixture = new RoutingFixture(Whispeer.builder().property("whispeer.route-cache.max-entries", Integer.toString(CACHE_ENTRIES)),
                1, subscriptions, byte[].class);
        for (int i = 0; i < TOPICS; i++) {
            topics[i] = "bench/dev/m/t" + i;
            fixture.check(topics[i], payload);
        }
        expected = fixture.received.get();
    }

    /** Publishes a batch, each message to the next of the 32 topics, and waits until all of it is handled. */
    @Benchmark
    @OperationsPerInvocation(Batches.SIZE)
    public void publish() {
        for (int i = 0; i < Batches.SIZE; i++) {
            fixture.broker.publish(topics[next], payload);
            next = next + 1 == TOPICS ? 0 : next + 1;
        }
        expected += Batches.SIZE;
        Batches.awaitAtLeast(fixture.received, expected);
    }

    /** Closes the broker. */
    @TearDown(Level.Trial)
    public void tearDown() {
        fixture.close();
    }
}
