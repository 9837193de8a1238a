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
 * Compression engines against the libraries they wrap, on the same bytes in the same run: zstd at levels -1, 1
 * (whispeer's default), 3 (zstd's default) and 9, lz4 fast and HC 9, on {@link IotJson} telemetry of 128 B, 1 KiB
 * and 64 KiB, and zstd with a 16 KiB dictionary trained from 1000 messages of the same kind on 128 B, 160 B and
 * 1 KiB. See {@link CompressionSubject} for what {@code engine} and {@code raw} call.
 *
 * <p>Measured, on one thread: with {@code impl=paired} (the default), the engine and the raw library take turns,
 * {@value CompressionSubject#BATCH} calls each on the same messages, and the secondary results of
 * {@link PairedTiming} give each side's nanoseconds and calls: time per call, calls per second and MB/s of
 * uncompressed bytes follow, and engine time / raw time is the engine's overhead, measured under the same load.
 * The primary score then counts pairs of calls per second and is not meant to be read. With {@code impl=engine}
 * or {@code impl=raw} only that side runs and the score is its calls per second. The ratio is printed to stderr
 * at setup as {@code RATIO} lines. Calls go through up to 4096 distinct messages (8 MiB at most) in turn, not one
 * buffer again and again.
 *
 * <p>Targets: the engine within 10 % of the raw call at 1 KiB and more; with a dictionary, a ratio of
 * at least 2.5 on ~160 B JSON at 500,000 messages per second or more on one core; lz4 at least 0.8 GB/s
 * compressing 64 KiB.
 *
 * <p>{@code config} is {@code <engine>:<level>[+dict]@<size>}; the default list is a chosen set, not a cross
 * product, so that the whole set runs in about 5 minutes with {@code -f 1 -wi 2 -w 1s -i 3 -r 1s}. Any other
 * combination runs with {@code -p config=...}, such as {@code -p config=zstd:19@65536}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
// zstd-jni and lz4-java load native code from the class path (the unnamed module); JDK 24+ warns unless allowed.
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Thread)
public class CompressionBenchmark {
    /** Engine, level, dictionary and message size: {@code <zstd|lz4>:<level>[+dict]@<bytes>}. */
    @Param({
        "zstd:-1@128", "zstd:1@128", "zstd:3@128", "lz4:0@128", "lz4:9@128",
        "zstd:-1@1024", "zstd:1@1024", "zstd:3@1024", "zstd:9@1024", "lz4:0@1024", "lz4:9@1024",
        "zstd:-1@65536", "zstd:1@65536", "zstd:3@65536", "zstd:9@65536", "lz4:0@65536", "lz4:9@65536",
        "zstd:1@160", "zstd:-1+dict@160", "zstd:1+dict@160", "zstd:1+dict@128", "zstd:1+dict@1024"})
    public String config;

    /**
     * {@code paired}: the engine and the raw library in turns; {@code engine}: the whispeer engine from its
     * provider only; {@code raw}: the library called directly only.
     */
    @Param({"paired"})
    public String impl;

    private CompressionSubject subject;

    /** Generates the messages, creates the engine and the library objects, checks round trips, prints the ratio. */
    @Setup(Level.Trial)
    public void setUp() {
        subject = new CompressionSubject(config, impl);
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
