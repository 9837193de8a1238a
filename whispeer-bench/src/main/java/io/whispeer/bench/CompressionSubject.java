package io.whispeer.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdDictCompress;
import com.github.luben.zstd.ZstdDictDecompress;

import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

import org.openjdk.jmh.infra.Blackhole;

import io.whispeer.api.CompressionDictionary;
import io.whispeer.api.spi.CompressionEngine;
import io.whispeer.api.spi.CompressionEngineProvider;
import io.whispeer.api.spi.Settings;

/**
 * What {@link CompressionBenchmark} and {@link CompressionThresholdBenchmark} measure: a set of distinct
 * {@link IotJson} messages of one size, taken in turn, compressed or decompressed by a whispeer engine
 * ({@code engine}), by the library it wraps, called directly ({@code raw}), or by both in alternation
 * ({@code paired}).
 *
 * <p>{@code engine} is created the way the broker creates it: the {@link CompressionEngineProvider} of that name
 * found with {@link ServiceLoader}, created with {@code whispeer.compression.<name>.level} in the view scoped to
 * {@code whispeer.compression.<name>.}, as the broker hands it.
 * With a dictionary it uses {@code compress(input, dictionary)} and {@code decompress(input, maxSize, dictionary)},
 * and decompresses with the broker's default message limit as {@code maxSize}.
 *
 * <p>{@code raw} is the library call that a hand-written integration would make, on the same bytes and at the
 * same level, allocating its result as the engine must:
 * <ul>
 *   <li>zstd: one reused {@link ZstdCompressCtx} (checksum off, content size and dictionary id on, as the engine
 *       sets them) and {@code compress(byte[])}; one reused {@link ZstdDecompressCtx} and
 *       {@code decompress(byte[], originalSize)}; with a dictionary, the same dictionary digested once into a
 *       {@link ZstdDictCompress} / {@link ZstdDictDecompress} loaded into the contexts;</li>
 *   <li>lz4: {@code LZ4Factory.fastestInstance()}'s {@code fastCompressor()} (level 0) or
 *       {@code highCompressor(level)}, {@code compress(byte[])}, and {@code safeDecompressor().decompress(byte[],
 *       originalSize)}.</li>
 * </ul>
 *
 * <p>One benchmark operation is {@value #BATCH} calls on each side, on the next {@value #BATCH} messages, timed
 * with {@link System#nanoTime()} into {@link PairedTiming}. {@code paired} runs the engine's batch and the raw batch on
 * the same messages back to back, alternating which goes first, so both see the same machine load: on a shared
 * machine the ratio of their times is far steadier than the ratio of two scores measured minutes apart.
 *
 * <p>The compression ratio (input bytes / output bytes over the whole message set) is computed once, at setup, and
 * printed to stderr; for {@code engine} a message the engine declines to compress (its output would not be
 * smaller) counts as sent uncompressed, as the broker would send it. Decompression needs a frame for every message,
 * so for a declined message the engine decompresses the frame the raw library made instead. Every frame is
 * decompressed and checked once at setup.
 */
final class CompressionSubject implements AutoCloseable {
    /** Calls per side in one benchmark operation. */
    static final int BATCH = 16;
    /** The broker's default message limit ({@code whispeer.message.max-bytes}), its bound for decompression. */
    static final int MAX_SIZE = 8 << 20;
    /** The size of trained dictionaries. */
    static final int DICTIONARY_BYTES = 16 << 10;
    /** Messages the dictionary is trained from, made with another seed than the measured ones. */
    static final int TRAINING_SAMPLES = 1000;
    static final long SEED = 20_260_101L;
    /** At most this many bytes of messages are rotated through, so large messages come from a smaller set. */
    private static final int SET_BYTES = 8 << 20;
    private static final int MAX_MESSAGES = 4096;
    private static final Pattern CONFIG = Pattern.compile("(zstd|lz4):(-?\\d+)(\\+dict)?@(\\d+)");

    /**
     * A configuration, written {@code <engine>:<level>[+dict]@<size>}, such as {@code zstd:1+dict@160} or
     * {@code lz4:0@65536} (lz4 level 0 is the fast mode, 1 to 17 high compression).
     *
     * @param engine     {@code zstd} or {@code lz4}
     * @param level      the engine's level setting
     * @param dictionary whether a trained dictionary is used (zstd only)
     * @param size       the message size in bytes
     */
    record Config(String engine, int level, boolean dictionary, int size) {
        static Config parse(String text) {
            Matcher m = CONFIG.matcher(text);
            if (!m.matches()) {
                throw new IllegalArgumentException("Bad config '" + text + "': use <zstd|lz4>:<level>[+dict]@<size>, such as zstd:1+dict@160");
            }
            Config config = new Config(m.group(1), Integer.parseInt(m.group(2)), m.group(3) != null, Integer.parseInt(m.group(4)));
            if (config.dictionary && !config.engine.equals("zstd")) {
                throw new IllegalArgumentException("Bad config '" + text + "': only zstd has dictionaries");
            }
            return config;
        }
    }

    private final byte[][] messages;
    private final int mask;
    private final int size;
    /** The engine side, or null. */
    private final Side engine;
    /** The raw side, or null. */
    private final Side raw;
    private final byte[][] engineFrames;
    private final byte[][] rawFrames;
    private final String description;
    private int next;
    private boolean engineFirst;

    /**
     * Generates the messages, creates the engine and/or the raw library objects, prepares a frame for every
     * message, checks each round trip, and prints the ratio.
     *
     * @param configText a {@link Config}
     * @param impl       {@code engine}, {@code raw} or {@code paired}
     */
    CompressionSubject(String configText, String impl) {
        Config config = Config.parse(configText);
        if (!impl.equals("engine") && !impl.equals("raw") && !impl.equals("paired")) {
            throw new IllegalArgumentException("Unknown impl '" + impl + "'; use engine, raw or paired");
        }
        size = config.size;
        int count = Integer.highestOneBit(Math.max(64, Math.min(MAX_MESSAGES, SET_BYTES / size)));
        messages = IotJson.messages(size, count, SEED);
        mask = count - 1;
        CompressionDictionary dictionary = config.dictionary ? train(config) : null;
        description = "config=" + configText;
        Side rawSide = raw(config, dictionary);
        Side engineSide = null;
        try {
            rawFrames = frames(rawSide, null, "raw");
            if (!impl.equals("raw")) {
                engineSide = new EngineSide(config, dictionary);
                engineFrames = frames(engineSide, rawSide, "engine");
            } else {
                engineFrames = null;
            }
        } catch (RuntimeException e) {
            rawSide.close();
            if (engineSide != null) {
                engineSide.close();
            }
            throw e;
        }
        engine = engineSide;
        if (impl.equals("engine")) {
            rawSide.close();
            raw = null;
        } else {
            raw = rawSide;
        }
        if (dictionary != null) {
            System.err.printf(Locale.ROOT, "%nRATIO %s dictionary=%s/%dB%n", description, Integer.toUnsignedString(dictionary.id()),
                    dictionary.size());
        }
    }

    /** Makes, checks and counts a frame for every message; declined messages get the fallback's frame. */
    private byte[][] frames(Side side, Side fallback, String impl) {
        byte[][] frames = new byte[messages.length][];
        long in = 0;
        long out = 0;
        int declined = 0;
        for (int i = 0; i < messages.length; i++) {
            byte[] frame = side.frame(messages[i]);
            in += size;
            if (frame == null) {
                declined++;
                out += size;
                frame = fallback.engineFrame(fallback.frame(messages[i]), size);
            } else {
                out += frame.length;
            }
            frames[i] = frame;
            if (!Arrays.equals(side.decompress(frame, size), messages[i])) {
                throw new IllegalStateException(description + " impl=" + impl + ": message " + i + " did not survive the round trip");
            }
        }
        // One line per side and trial, collected into docs/benchmarks.md: the ratio is a property of the bytes.
        System.err.printf(Locale.ROOT, "%nRATIO %s impl=%s messages=%d ratio=%.3f in=%d out=%d declined=%d%n", description, impl,
                messages.length, (double) in / out, in, out, declined);
        return frames;
    }

    /** Compresses the next {@value #BATCH} messages on each side present. */
    void compress(Blackhole blackhole, PairedTiming timing) {
        int first = next;
        next = (first + BATCH) & mask;
        engineFirst = !engineFirst;
        if (engineFirst) {
            compressEngine(first, blackhole, timing);
            compressRaw(first, blackhole, timing);
        } else {
            compressRaw(first, blackhole, timing);
            compressEngine(first, blackhole, timing);
        }
    }

    private void compressEngine(int first, Blackhole blackhole, PairedTiming timing) {
        if (engine != null) {
            long start = System.nanoTime();
            for (int i = first; i < first + BATCH; i++) {
                blackhole.consume(engine.compress(messages[i]));
            }
            timing.engineNs += System.nanoTime() - start;
            timing.engineCalls += BATCH;
        }
    }

    private void compressRaw(int first, Blackhole blackhole, PairedTiming timing) {
        if (raw != null) {
            long start = System.nanoTime();
            for (int i = first; i < first + BATCH; i++) {
                blackhole.consume(raw.compress(messages[i]));
            }
            timing.rawNs += System.nanoTime() - start;
            timing.rawCalls += BATCH;
        }
    }

    /** Decompresses the frames of the next {@value #BATCH} messages on each side present. */
    void decompress(Blackhole blackhole, PairedTiming timing) {
        int first = next;
        next = (first + BATCH) & mask;
        engineFirst = !engineFirst;
        if (engineFirst) {
            decompressEngine(first, blackhole, timing);
            decompressRaw(first, blackhole, timing);
        } else {
            decompressRaw(first, blackhole, timing);
            decompressEngine(first, blackhole, timing);
        }
    }

    private void decompressEngine(int first, Blackhole blackhole, PairedTiming timing) {
        if (engine != null) {
            long start = System.nanoTime();
            for (int i = first; i < first + BATCH; i++) {
                blackhole.consume(engine.decompress(engineFrames[i], size));
            }
            timing.engineNs += System.nanoTime() - start;
            timing.engineCalls += BATCH;
        }
    }

    private void decompressRaw(int first, Blackhole blackhole, PairedTiming timing) {
        if (raw != null) {
            long start = System.nanoTime();
            for (int i = first; i < first + BATCH; i++) {
                blackhole.consume(raw.decompress(rawFrames[i], size));
            }
            timing.rawNs += System.nanoTime() - start;
            timing.rawCalls += BATCH;
        }
    }

    @Override
    public void close() {
        if (engine != null) {
            engine.close();
        }
        if (raw != null) {
            raw.close();
        }
    }

    /** Trains the dictionary through the engine API, from messages of the same generator with another seed. */
    private static CompressionDictionary train(Config config) {
        try (CompressionEngine engine = engine(config)) {
            return engine.trainDictionary(IotJson.samples(config.size, TRAINING_SAMPLES, SEED + 1), DICTIONARY_BYTES);
        }
    }

    /** Creates an engine as {@code CompressionRegistry} does: found by name with ServiceLoader, the level as a setting. */
    static CompressionEngine engine(Config config) {
        for (CompressionEngineProvider provider : ServiceLoader.load(CompressionEngineProvider.class)) {
            if (provider.name().equals(config.engine)) {
                return provider.create(Settings.of(Map.of("whispeer.compression." + config.engine + ".level", Integer.toString(config.level)))
                        .scoped("whispeer.compression." + config.engine + "."));
            }
        }
        throw new IllegalStateException("No compression engine '" + config.engine + "' on the class path");
    }

    private static Side raw(Config config, CompressionDictionary dictionary) {
        return config.engine.equals("zstd") ? new RawZstd(config.level, dictionary) : new RawLz4(config.level);
    }

    /** One way of compressing. */
    private interface Side extends AutoCloseable {
        /** {@return the compression result, whatever type it has} */
        Object compress(byte[] input);

        /** {@return the compressed form, or null when declined} */
        byte[] frame(byte[] input);

        byte[] decompress(byte[] frame, int originalSize);

        /** {@return a frame of this raw library in the engine's format} */
        default byte[] engineFrame(byte[] rawFrame, int originalSize) {
            return rawFrame;
        }

        @Override
        void close();
    }

    private static final class EngineSide implements Side {
        private final CompressionEngine engine;
        private final CompressionDictionary dictionary;

        EngineSide(Config config, CompressionDictionary dictionary) {
            this.engine = engine(config);
            this.dictionary = dictionary;
        }

        @Override
        public Optional<byte[]> compress(byte[] input) {
            return dictionary == null ? engine.compress(input) : engine.compress(input, dictionary);
        }

        @Override
        public byte[] frame(byte[] input) {
            return compress(input).orElse(null);
        }

        @Override
        public byte[] decompress(byte[] frame, int originalSize) {
            return dictionary == null ? engine.decompress(frame, MAX_SIZE) : engine.decompress(frame, MAX_SIZE, dictionary);
        }

        @Override
        public void close() {
            engine.close();
        }
    }

    private static final class RawZstd implements Side {
        private final ZstdCompressCtx compressor = new ZstdCompressCtx();
        private final ZstdDecompressCtx decompressor = new ZstdDecompressCtx();
        private final ZstdDictCompress compressDictionary;
        private final ZstdDictDecompress decompressDictionary;

        RawZstd(int level, CompressionDictionary dictionary) {
            compressor.setLevel(level);
            compressor.setChecksum(false);
            compressor.setContentSize(true);
            compressor.setDictID(true);
            if (dictionary != null) {
                compressDictionary = new ZstdDictCompress(dictionary.bytes(), level);
                decompressDictionary = new ZstdDictDecompress(dictionary.bytes());
                compressor.loadDict(compressDictionary);
                decompressor.loadDict(decompressDictionary);
            } else {
                compressDictionary = null;
                decompressDictionary = null;
            }
        }

        @Override
        public byte[] compress(byte[] input) {
            return compressor.compress(input);
        }

        @Override
        public byte[] frame(byte[] input) {
            return compress(input);
        }

        @Override
        public byte[] decompress(byte[] frame, int originalSize) {
            return decompressor.decompress(frame, originalSize);
        }

        @Override
        public void close() {
            compressor.close();
            decompressor.close();
            if (compressDictionary != null) {
                compressDictionary.close();
                decompressDictionary.close();
            }
        }
    }

    private static final class RawLz4 implements Side {
        private final LZ4Compressor compressor;
        private final LZ4SafeDecompressor decompressor;

        RawLz4(int level) {
            LZ4Factory factory = LZ4Factory.fastestInstance();
            compressor = level == 0 ? factory.fastCompressor() : factory.highCompressor(level);
            decompressor = factory.safeDecompressor();
        }

        @Override
        public byte[] compress(byte[] input) {
            return compressor.compress(input);
        }

        @Override
        public byte[] frame(byte[] input) {
            return compress(input);
        }

        @Override
        public byte[] decompress(byte[] frame, int originalSize) {
            return decompressor.decompress(frame, originalSize);
        }

        /** The engine's format: the original length, 4 bytes little-endian, then the block. */
        @Override
        public byte[] engineFrame(byte[] rawFrame, int originalSize) {
            byte[] frame = new byte[4 + rawFrame.length];
            frame[0] = (byte) originalSize;
            frame[1] = (byte) (originalSize >>> 8);
            frame[2] = (byte) (originalSize >>> 16);
            frame[3] = (byte) (originalSize >>> 24);
            System.arraycopy(rawFrame, 0, frame, 4, rawFrame.length);
            return frame;
        }

        @Override
        public void close() {
        }
    }
}
