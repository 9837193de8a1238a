package io.whispeer.bench;

import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;

import javax.crypto.spec.SecretKeySpec;

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

import io.whispeer.api.BrokerBuilder;
import io.whispeer.api.KeyRing;
import io.whispeer.api.Whispeer;

/**
 * The whole pipeline through an embedded broker, as {@link RoutingBenchmark} measures routing: the benchmark thread
 * publishes batches of {@value Batches#SIZE} {@link JsonPayload} records to one topic, and one synchronous
 * subscriber decodes them; each message is JSON-encoded, compressed, sealed, routed, opened, decompressed and
 * decoded. The score is messages published (and delivered) per second.
 *
 * <p>{@code pipeline}: {@code zstd+xchacha20-poly1305} and {@code zstd+aes-256-gcm} build the broker with
 * {@code Whispeer.builder().encryption(name, KeyRing.single(1, new SecretKeySpec(key32, "AES"))).compression("zstd")};
 * {@code none} (compression none, no key ring) is the in-run baseline. {@code whispeer.compression.threshold} is
 * set to 0 so that 128 B messages are compressed too (the default threshold, 512 B, would skip them). Note that the
 * record's text is the alphabet repeated, which zstd compresses well.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
// zstd-jni loads native code from the class path (the unnamed module); JDK 24+ warns unless allowed.
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Benchmark)
public class SealedPipelineBenchmark {
    /** {@code none}, or {@code zstd+<encryption engine>}. */
    @Param({"none", "zstd+xchacha20-poly1305", "zstd+aes-256-gcm"})
    public String pipeline;

    /** Size of the JSON form of the record in bytes. */
    @Param({"128", "1024"})
    public int payloadSize;

    private RoutingFixture fixture;
    private JsonPayload payload;
    private long expected;

    /** Builds the broker and one subscriber and checks the route once. */
    @Setup(Level.Trial)
    public void setUp() {
        payload = JsonPayload.ofEncodedSize(payloadSize);
        BrokerBuilder builder = Whispeer.builder();
        if (pipeline.equals("none")) {
            builder.compression("none");
        } else if (pipeline.startsWith("zstd+")) {
            byte[] key32 = new byte[32];
            new SecureRandom().nextBytes(key32);
            builder.encryption(pipeline.substring("zstd+".length()), KeyRing.single(1, new SecretKeySpec(key32, "AES")))
                    .compression("zstd")
                    .property("whispeer.compression.threshold", "0");
        } else {
            throw new IllegalArgumentException("Unknown pipeline '" + pipeline + "'; use none or zstd+<engine>");
        }
        fixture = new RoutingFixture(builder.build(), 1, 1, JsonPayload.class);
        fixture.check(RoutingBenchmark.TOPIC, payload);
        expected = fixture.received.get();
    }

    /** Publishes a batch and waits until the subscriber has handled all of it. */
    @Benchmark
    @OperationsPerInvocation(Batches.SIZE)
    public void publish() {
        for (int i = 0; i < Batches.SIZE; i++) {
            fixture.broker.publish(RoutingBenchmark.TOPIC, payload);
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
