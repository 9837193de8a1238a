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
import org.openjdk.jmh.infra.Blackhole;

/**
 * What compressing a small message costs and saves, to choose {@code whispeer.compression.threshold} (the size
 * under which the broker does not compress): the default engine, zstd level 1 without a dictionary, through its
 * provider, on {@link IotJson} readings of 64 to 512 bytes.
 *
 * <p>Measured: microseconds per call (the score, with the default {@code impl=engine}); the ratio is printed to
 * stderr at setup as a {@code RATIO} line, with how many messages the engine declined because the output would
 * not have been smaller. See {@link CompressionSubject}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
// zstd-jni loads native code from the class path (the unnamed module); JDK 24+ warns unless allowed.
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Thread)
public class CompressionThresholdBenchmark {
    /** Message size in bytes. */
    @Param({"64", "128", "256", "512"})
    public int size;

    /** Engine and level, as in {@link CompressionBenchmark}'s {@code config} without the size. */
    @Param({"zstd:1"})
    public String engine;

    /** As in {@link CompressionBenchmark}; the score is per call only for {@code engine} or {@code raw}. */
    @Param({"engine"})
    public String impl;

    private CompressionSubject subject;

    /** Generates the messages, creates the engine, checks round trips, prints the ratio. */
    @Setup(Level.Trial)
    public void setUp() {
        subject = new CompressionSubject(engine + "@" + size, impl);
    }

    /**
     * Compresses the next messages.
     *
     * @param blackhole takes the results
     * @param timing    time and calls per side
     */
    @Benchmark
    @OperationsPerInvocation(CompressionSubject.BATCH)
    public void compress(Blackhole blackhole, PairedTiming timing) {
        subject.compress(blackhole, timing);
    }

    /**
     * Decompresses the next messages.
     *
     * @param blackhole takes the results
     * @param timing    time and calls per side
     */
    @Benchmark
    @OperationsPerInvocation(CompressionSubject.BATCH)
    public void decompress(Blackhole blackhole, PairedTiming timing) {
        subject.decompress(blackhole, timing);
    }

    /** Frees the native contexts. */
    @TearDown(Level.Trial)
    public void tearDown() {
        subject.close();
    }
}
