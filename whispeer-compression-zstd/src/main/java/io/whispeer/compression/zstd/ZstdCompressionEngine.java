package io.whispeer.compression.zstd;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdDictCompress;
import com.github.luben.zstd.ZstdDictDecompress;
import com.github.luben.zstd.ZstdException;

import io.whispeer.api.CompressionDictionary;
import io.whispeer.api.CompressionException;
import io.whispeer.api.spi.CompressionEngine;
import io.whispeer.api.spi.ResourcePool;

/**
 * The zstd engine. Each call borrows a native context from a pool (one pool for compression and one for
 * decompression, plus one pair per dictionary, in which the dictionary is loaded once) and returns it afterwards;
 * {@link #close()} frees them all.
 *
 * <p>Decompression streams into a heap array that grows by doubling up to {@code maxSize + 1} bytes and no
 * further: the content size a frame declares is never trusted, and a frame that needs a larger window than
 * {@code 2^maxWindowLog} is refused before zstd allocates it.
 */
final class ZstdCompressionEngine implements CompressionEngine {
    /** A zstd frame has at least 10 bytes (magic, header, block header, one byte), so inputs this small never shrink. */
    private static final int SMALLEST_FRAME = 10;
    /** The largest Java array that every JVM allocates. */
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;
    /** The first output buffer of a decompression is this many times the input, then doubles. */
    private static final int FIRST_GUESS_RATIO = 4;
    private static final int SMALLEST_OUTPUT_BUFFER = 256;
    /**
     * A frame's declared content size is believed for the first output buffer only when it is at most this many times
     * the frame's own size: real messages fit in one exact buffer (no growth, no trimming copy), while a bomb that
     * declares a huge size still starts small and hits the running cap. The cap, not the declaration, bounds memory.
     * A size above the window limit is not believed either: zstd decodes a frame in one pass, skipping its window
     * check, when the output buffer holds the whole content, and frames beyond the window limit must stay refused.
     */
    private static final int PLAUSIBLE_DECLARED_RATIO = 64;
    /** ZDICT refuses dictionaries smaller than this. */
    static final int MIN_DICTIONARY_BYTES = 256;
    /** Larger dictionaries rarely help and cost memory in every process that loads them. */
    static final int MAX_DICTIONARY_BYTES = 1 << 20;
    /**
     * The window log that zstd's levels use for inputs over 256 KiB, from zstd's {@code clevels.h}: index 0 is
     * every negative level, index n is level n. Smaller inputs get smaller windows.
     */
    private static final int[] LEVEL_WINDOW_LOG = {19, 19, 20, 21, 21, 21, 21, 21, 21, 22, 22, 22, 22, 22, 22, 22, 22, 23, 23, 23, 25, 26, 27};

    private final String name;
    private final int id;
    private final int level;
    private final int maxWindowLog;
    /** The window log the compressor must be held to, or 0 when the level's own is within {@link #maxWindowLog}. */
    private final int windowLogCap;
    private final int maxIdle;
    private final ResourcePool<ZstdCompressCtx> compressors;
    private final ResourcePool<ZstdDecompressCtx> decompressors;
    private final Map<Integer, LoadedDictionary> dictionaries = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    ZstdCompressionEngine(String name, int id, int level, int maxWindowLog) {
        this.name = name;
        this.id = id;
        this.level = level;
        this.maxWindowLog = maxWindowLog;
        int levelWindowLog = LEVEL_WINDOW_LOG[Math.max(0, level)];
        this.windowLogCap = levelWindowLog > maxWindowLog ? maxWindowLog : 0;
        this.maxIdle = Math.max(2, Runtime.getRuntime().availableProcessors());
        String owner = "The zstd compression engine";
        this.compressors = new ResourcePool<>(owner, maxIdle, () -> newCompressor(null), ZstdCompressCtx::close, () -> { });
        this.decompressors = new ResourcePool<>(owner, maxIdle, () -> newDecompressor(null), ZstdDecompressCtx::close, () -> { });
        // Load the native library now, so that a platform without one fails at startup rather than on a message.
        compressors.release(compressors.borrow());
        decompressors.release(decompressors.borrow());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int id() {
        return id;
    }

    /** {@return the compression level} */
    int level() {
        return level;
    }

    @Override
    public Optional<byte[]> compress(byte[] input) {
        Objects.requireNonNull(input, "input");
        return input.length <= SMALLEST_FRAME ? Optional.empty() : compress(compressors, input, null);
    }

    @Override
    public byte[] decompress(byte[] input, int maxSize) {
        return decompress(decompressors, input, maxSize, null);
    }

    @Override
    public boolean supportsDictionaries() {
        return true;
    }

    @Override
    public CompressionDictionary trainDictionary(List<byte[]> samples, int maxBytes) {
        Objects.requireNonNull(samples, "samples");
        if (samples.isEmpty()) {
            throw new CompressionException("Cannot train a zstd dictionary from no samples; give hundreds to thousands of"
                    + " representative messages of the topic");
        }
        if (maxBytes < MIN_DICTIONARY_BYTES || maxBytes > MAX_DICTIONARY_BYTES) {
            throw new CompressionException("Cannot train a zstd dictionary of at most " + maxBytes + " bytes; use a size between "
                    + MIN_DICTIONARY_BYTES + " and " + MAX_DICTIONARY_BYTES + " bytes, such as 16384");
        }
        byte[][] array = new byte[samples.size()][];
        long total = 0;
        for (int i = 0; i < array.length; i++) {
            array[i] = Objects.requireNonNull(samples.get(i), "sample");
            total += array[i].length;
        }
        byte[] buffer = new byte[maxBytes];
        long size;
        try {
            size = Zstd.trainFromBuffer(array, buffer);
        } catch (ZstdException e) {
            throw untrainable(array.length, total, e.getMessage(), e);
        }
        if (Zstd.isError(size)) {
            throw untrainable(array.length, total, Zstd.getErrorName(size), null);
        }
        byte[] dictionary = Arrays.copyOf(buffer, (int) size);
        int dictionaryId = (int) Zstd.getDictIdFromDict(dictionary);
        if (dictionaryId == 0) {
            throw untrainable(array.length, total, "the trained dictionary has no id", null);
        }
        return new CompressionDictionary(name, dictionaryId, dictionary);
    }

    private static CompressionException untrainable(int count, long total, String reason, Throwable cause) {
        return new CompressionException("Cannot train a zstd dictionary from " + count + " samples of " + total + " bytes in total: "
                + reason + ". zstd needs many varied samples, typically hundreds to thousands of messages and about 100 times"
                + " the dictionary size in total", cause);
    }

    @Override
    public Optional<byte[]> compress(byte[] input, CompressionDictionary dictionary) {
        Objects.requireNonNull(input, "input");
        LoadedDictionary loaded = loaded(dictionary);
        return input.length <= SMALLEST_FRAME ? Optional.empty() : compress(loaded.compressors, input, dictionary);
    }

    @Override
    public byte[] decompress(byte[] input, int maxSize, CompressionDictionary dictionary) {
        return decompress(loaded(dictionary).decompressors, input, maxSize, dictionary);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            compressors.close();
            decompressors.close();
            dictionaries.values().forEach(LoadedDictionary::close);
        }
    }

    private Optional<byte[]> compress(ResourcePool<ZstdCompressCtx> pool, byte[] input, CompressionDictionary dictionary) {
        long bound = Zstd.compressBound(input.length);
        // When the bound does not fit an array, compressing into one byte less than the input says "not smaller".
        byte[] out = new byte[(int) (bound <= MAX_ARRAY ? bound : input.length - 1)];
        ZstdCompressCtx context = pool.borrow();
        int size;
        try {
            size = context.compressByteArray(out, 0, out.length, input, 0, input.length);
        } catch (ZstdException e) {
            // Every compression starts a new frame, so a context that failed is as good as new.
            pool.release(context);
            if (code(e) == Zstd.errDstSizeTooSmall()) {
                return Optional.empty();
            }
            throw new CompressionException("zstd failed to compress " + input.length + " bytes" + with(dictionary) + ": " + e.getMessage(), e);
        }
        pool.release(context);
        return size < input.length ? Optional.of(Arrays.copyOf(out, size)) : Optional.empty();
    }

    private byte[] decompress(ResourcePool<ZstdDecompressCtx> pool, byte[] input, int maxSize, CompressionDictionary dictionary) {
        Objects.requireNonNull(input, "input");
        if (maxSize < 0) {
            throw new IllegalArgumentException("maxSize must not be negative: " + maxSize);
        }
        if (input.length == 0) {
            throw new CompressionException("Corrupt zstd input: it is empty");
        }
        ZstdDecompressCtx context = pool.borrow();
        boolean reusable = false;
        try {
            byte[] out = stream(context, input, maxSize, 1L << maxWindowLog);
            reusable = true;
            return out;
        } catch (ZstdException e) {
            throw failure(e, input, dictionary);
        } finally {
            // After a failure a context is mid-frame or in an error state; a fresh one is cheaper than a reset that
            // would also drop the window limit and the dictionary.
            if (reusable) {
                pool.release(context);
            } else {
                pool.discard(context);
            }
        }
    }

    /** Streams one frame into a heap array that grows up to one byte over the limit and no further. */
    private static byte[] stream(ZstdDecompressCtx context, byte[] input, int maxSize, long maxWindow) {
        int cap = (int) Math.min(maxSize + 1L, MAX_ARRAY);
        long declared = Zstd.getFrameContentSize(input);
        long first = declared > 0 && declared <= (long) input.length * PLAUSIBLE_DECLARED_RATIO && declared <= maxWindow
                ? declared : Math.max(SMALLEST_OUTPUT_BUFFER, (long) input.length * FIRST_GUESS_RATIO);
        byte[] out = new byte[(int) Math.min(cap, first)];
        ByteBuffer src = ByteBuffer.wrap(input);
        int size = 0;
        while (true) {
            ByteBuffer dst = ByteBuffer.wrap(out, size, out.length - size);
            int consumedBefore = src.position();
            boolean frameDone = context.decompressByteBufferStream(dst, src);
            int produced = dst.position() - size;
            size = dst.position();
            if (size > maxSize) {
                throw new CompressionException("The zstd input (" + input.length + " bytes) expands to more than the limit of "
                        + maxSize + " bytes per message; it was refused after " + size + " bytes");
            }
            if (frameDone) {
                if (src.hasRemaining()) {
                    throw new CompressionException("Corrupt zstd input: " + src.remaining() + " of its " + input.length
                            + " bytes follow the end of the frame");
                }
                return size == out.length ? out : Arrays.copyOf(out, size);
            }
            if (size == out.length) {
                if (out.length == cap) {
                    throw new CompressionException("The zstd input (" + input.length + " bytes) expands to more than "
                            + MAX_ARRAY + " bytes, the largest array");
                }
                out = Arrays.copyOf(out, (int) Math.min(cap, out.length * 2L));
            } else if (!src.hasRemaining()) {
                throw new CompressionException("Corrupt zstd input: its " + input.length + " bytes end before the frame does"
                        + " (truncated?)");
            } else if (produced == 0 && src.position() == consumedBefore) {
                throw new CompressionException("Corrupt zstd input: decoding made no progress at byte " + consumedBefore
                        + " of " + input.length);
            }
        }
    }

    private CompressionException failure(ZstdException e, byte[] input, CompressionDictionary dictionary) {
        long code = code(e);
        if (code == Zstd.errFrameParameterWindowTooLarge()) {
            return new CompressionException("The zstd input (" + input.length + " bytes) needs a window larger than 2^" + maxWindowLog
                    + " bytes (" + mebibytes(1L << maxWindowLog) + "), the limit set by " + ZstdCompressionProvider.MAX_WINDOW_LOG + "="
                    + maxWindowLog + "; raise it (at most " + ZstdCompressionProvider.MAX_WINDOW_LOG_LIMIT
                    + ") only for trusted publishers that compress with larger windows", e);
        }
        if (code == Zstd.errDictionaryWrong()) {
            long wanted = Zstd.getDictIdFromFrame(input);
            String needed = wanted == 0 ? "another dictionary" : "zstd dictionary " + wanted;
            return new CompressionException("The zstd input was compressed with " + needed + ", but it was decompressed "
                    + (dictionary == null ? "without a dictionary" : "with dictionary " + Integer.toUnsignedString(dictionary.id()))
                    + "; use the publisher's dictionary", e);
        }
        return new CompressionException("Corrupt zstd input (" + input.length + " bytes" + with(dictionary) + "): " + e.getMessage(), e);
    }

    private static String with(CompressionDictionary dictionary) {
        return dictionary == null ? "" : ", dictionary " + Integer.toUnsignedString(dictionary.id());
    }

    private static String mebibytes(long bytes) {
        return bytes >= 1 << 20 ? (bytes >> 20) + " MiB" : (bytes >> 10) + " KiB";
    }

    /** zstd-jni reports an error code negated by some calls and not by others. */
    private static long code(ZstdException e) {
        return Math.abs(e.getErrorCode());
    }

    private LoadedDictionary loaded(CompressionDictionary dictionary) {
        Objects.requireNonNull(dictionary, "dictionary");
        if (!name.equals(dictionary.engine())) {
            throw new CompressionException("Dictionary " + Integer.toUnsignedString(dictionary.id()) + " was made for engine '"
                    + dictionary.engine() + "', not '" + name + "'; train one with the zstd engine");
        }
        LoadedDictionary loaded = dictionaries.get(dictionary.id());
        if (loaded == null) {
            if (closed.get()) {
                throw new IllegalStateException("The zstd compression engine is closed");
            }
            loaded = dictionaries.computeIfAbsent(dictionary.id(), key -> new LoadedDictionary(dictionary));
            if (closed.get()) {
                loaded.close();
                throw new IllegalStateException("The zstd compression engine is closed");
            }
        }
        if (loaded.source != dictionary && !loaded.source.equals(dictionary)) {
            throw new CompressionException("Another zstd dictionary with id " + Integer.toUnsignedString(dictionary.id())
                    + " is already in use; an id must identify one dictionary");
        }
        return loaded;
    }

    private ZstdCompressCtx newCompressor(ZstdDictCompress dictionary) {
        ZstdCompressCtx context = new ZstdCompressCtx();
        try {
            context.setLevel(level);
            // Integrity is the envelope's job (AEAD tag); 4 checksum bytes per message would only cost.
            context.setChecksum(false);
            context.setContentSize(true);
            context.setDictID(true);
            if (windowLogCap > 0) {
                context.setWindowLog(windowLogCap);
            }
            if (dictionary != null) {
                context.loadDict(dictionary);
            }
            return context;
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }

    private ZstdDecompressCtx newDecompressor(ZstdDictDecompress dictionary) {
        ZstdDecompressCtx context = new ZstdDecompressCtx();
        try {
            context.setLongMax(maxWindowLog);
            if (dictionary != null) {
                context.loadDict(dictionary);
            }
            return context;
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }

    /** A dictionary digested once for compression and decompression, with its own context pools. */
    private final class LoadedDictionary {
        final CompressionDictionary source;
        final ZstdDictCompress forCompression;
        final ZstdDictDecompress forDecompression;
        final ResourcePool<ZstdCompressCtx> compressors;
        final ResourcePool<ZstdDecompressCtx> decompressors;

        LoadedDictionary(CompressionDictionary source) {
            this.source = source;
            byte[] bytes = source.bytes();
            ZstdDictCompress digested;
            try {
                digested = new ZstdDictCompress(bytes, level);
            } catch (RuntimeException e) {
                throw unusable(e);
            }
            try {
                this.forDecompression = new ZstdDictDecompress(bytes);
            } catch (RuntimeException e) {
                digested.close();
                throw unusable(e);
            }
            this.forCompression = digested;
            String owner = "The zstd compression engine";
            this.compressors = new ResourcePool<>(owner, maxIdle, () -> newCompressor(forCompression), ZstdCompressCtx::close,
                    this::freeDictionaries);
            this.decompressors = new ResourcePool<>(owner, maxIdle, () -> newDecompressor(forDecompression), ZstdDecompressCtx::close,
                    this::freeDictionaries);
        }

        private CompressionException unusable(RuntimeException e) {
            return new CompressionException("Cannot load zstd dictionary " + Integer.toUnsignedString(source.id()) + " ("
                    + source.size() + " bytes): " + e.getMessage(), e);
        }

        void close() {
            compressors.close();
            decompressors.close();
        }

        /** Frees the digested dictionaries once no context refers to them; called again as contexts come back. */
        private synchronized void freeDictionaries() {
            try {
                forCompression.close();
                forDecompression.close();
            } catch (IllegalStateException stillInUse) {
                // A context borrowed before close() still uses it; its release calls this again.
            }
        }
    }
}
