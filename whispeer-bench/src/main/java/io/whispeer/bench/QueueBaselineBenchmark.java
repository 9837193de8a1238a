package io.whispeer.bench;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

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

/**
 * The baseline for {@link RoutingBenchmark}: the cheapest reasonable in-process hand-off of the same {@code byte[]}
 * payload from the benchmark thread to one consumer thread, through an {@link ArrayBlockingQueue} of capacity 1024.
 *
 * <p>Measured: messages per second (the score counts single messages) for batches of {@value Batches#SIZE}
 * {@code put}s, each batch ending when the consumer, a platform thread that {@code take}s and counts, has received
 * all of them. Nothing is copied, encoded or routed: it is the floor any broker pays for crossing threads, so
 * {@code RoutingBenchmark.publish} with one subscriber divided by this score is the share of the bare hand-off
 * speed that whispeer keeps.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class QueueBaselineBenchmark {
    private static final Object STOP = new Object();

    /** Payload size in bytes. */
    @Param({"16", "128", "1024"})
    public int payloadSize;

    private final ArrayBlockingQueue<Object> queue = new ArrayBlockingQueue<>(Batches.QUEUE_CAPACITY);
    private final AtomicLong received = new AtomicLong();
    private byte[] payload;
    private long expected;
    private Thread consumer;

    /** Starts the consumer thread. */
    @Setup(Level.Trial)
    public void setUp() {
        payload = Batches.bytes(payloadSize);
        consumer = Thread.ofPlatform().name("queue-baseline-consumer").daemon().start(this::consume);
    }

    private void consume() {
        long bytes = 0;
        try {
            while (true) {
                Object message = queue.take();
                if (message == STOP) {
                    break;
                }
                bytes += ((byte[]) message).length;
                received.incrementAndGet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (bytes < 0) {
            throw new AssertionError("unreachable; keeps the payload read");
        }
    }

    /**
     * Hands a batch to the consumer and waits until it has taken all of it.
     *
     * @throws InterruptedException when the benchmark is interrupted
     */
    @Benchmark
    @OperationsPerInvocation(Batches.SIZE)
    public void handOff() throws InterruptedException {
        for (int i = 0; i < Batches.SIZE; i++) {
            queue.put(payload);
        }
        expected += Batches.SIZE;
        Batches.awaitAtLeast(received, expected);
    }

    /**
     * Stops the consumer thread.
     *
     * @throws InterruptedException when interrupted while waiting for it
     */
    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        queue.put(STOP);
        if (!consumer.join(Duration.ofSeconds(10))) {
            throw new IllegalStateException("The baseline consumer did not stop");
        }
    }
}
