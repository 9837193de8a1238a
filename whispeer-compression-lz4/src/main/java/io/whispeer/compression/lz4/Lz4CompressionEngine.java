package io.whispeer.compression.lz4;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4JNIHCFastResetCompressor;
import net.jpountz.lz4.LZ4SafeDecompressor;

import io.whispeer.api.CompressionException;
import io.whispeer.api.spi.CompressionEngine;
import io.whispeer.api.spi.ResourcePool;

/**
 * The lz4 engine. Its output is a 4-byte little-endian original length followed by one LZ4 block (the layout of
 * lz4-java's {@code LZ4CompressorWithLength} and of python-lz4's {@code store_size=True}), because the block
 * format does not record the original length.
 *
 * <p>Decompression checks the declared length against {@code maxSize}, and against what the block can hold at
 * all, before allocating exactly that much; decodes only with the safe decompressor, bounded by that length; and
 * checks that the block decoded to exactly the declared length.
 *
 * <p>The fast mode and the decompressor are stateless and thread-safe. High-compression mode on the native library
 * pools compressors that keep their 256 KiB of native state between calls instead of allocating and
 * initialising it per call; {@link #close()} frees them.
 */
final class Lz4CompressionEngine implements CompressionEngine {
    /** The bytes of the length prefix. */
    static final int HEADER = 4;
    /** LZ4 stores inputs shorter than 13 bytes as literals only, which never shrinks them. */
    private static final int SHORTEST_COMPRESSIBLE = 13;
    /**
     * An LZ4 block cannot decode to more than 255 bytes per byte: the longest run, a match length extended with
     * 0xFF bytes, adds 255 bytes per byte, and every block has overhead besides.
     */
    private static final long MAX_EXPANSION = 255;
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final String name;
    private final int id;
    private final int level;
    private final LZ4Compressor compressor;
    /** High-compression compressors with native state, or null when {@link #compressor} is used. */
    private final ResourcePool<LZ4JNIHCFastResetCompressor> pool;
    private final LZ4SafeDecompressor decompressor;
    private volatile boolean closed;

    Lz4CompressionEngine(String name, int id, int level) {
        this.name = name;
        this.id = id;
        this.level = level;
        LZ4Factory factory = LZ4Factory.fastestInstance();
        this.compressor = level == 0 ? factory.fastCompressor() : factory.highCompressor(level);
        this.decompressor = factory.safeDecompressor();
        this.pool = level == 0 ? null : highCompressionPool(factory, level);
    }

    private static ResourcePool<LZ4JNIHCFastResetCompressor> highCompressionPool(LZ4Factory factory, int level) {
        LZ4JNIHCFastResetCompressor first;
        try {
            first = factory.highFastResetCompressor(level);
        } catch (UnsupportedOperationException notNative) {
            return null; // the pure-Java fallback keeps no native state: the stateless compressor is as good
        }
        ResourcePool<LZ4JNIHCFastResetCompressor> pool = new ResourcePool<>("The lz4 compression engine",
                Math.max(2, Runtime.getRuntime().availableProcessors()), () -> factory.highFastResetCompressor(level),
                LZ4JNIHCFastResetCompressor::close, () -> { });
        pool.release(first);
        return pool;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int id() {
        return id;
    }

    /** {@return 0 for the fast mode, else the high-compression level} */
    int level() {
        return level;
    }

    @Override
    public Optional<byte[]> compress(byte[] input) {
        Objects.requireNonNull(input, "input");
        ensureOpen();
        if (input.length < SHORTEST_COMPRESSIBLE) {
            return Optional.empty();
        }
        long bound = HEADER + (input.length < 0x7E000000 ? (long) compressor.maxCompressedLength(input.length) : input.length);
        // When the bound does not fit an array, one byte less than the input says "not smaller" by overflowing.
        byte[] out = new byte[(int) (bound <= MAX_ARRAY ? bound : input.length - 1L)];
        int size;
        try {
            size = compressBlock(input, out);
        } catch (LZ4Exception tooSmall) {
            return Optional.empty();
        }
        if (HEADER + size >= input.length) {
            return Optional.empty();
        }
        writeLength(out, input.length);
        return Optional.of(Arrays.copyOf(out, HEADER + size));
    }

    private int compressBlock(byte[] input, byte[] out) {
        if (pool == null) {
            return compressor.compress(input, 0, input.length, out, HEADER, out.length - HEADER);
        }
        LZ4JNIHCFastResetCompressor borrowed = pool.borrow();
        try {
            return borrowed.compress(input, 0, input.length, out, HEADER, out.length - HEADER);
        } finally {
            pool.release(borrowed);
        }
    }

    @Override
    public byte[] decompress(byte[] input, int maxSize) {
        Objects.requireNonNull(input, "input");
        if (maxSize < 0) {
            throw new IllegalArgumentException("maxSize must not be negative: " + maxSize);
        }
        ensureOpen();
        if (input.length <= HEADER) {
            throw new CompressionException("Corrupt lz4 input: its " + input.length + " bytes are too few for the " + HEADER
                    + "-byte length and a block");
        }
        long declared = readLength(input);
        if (declared > maxSize) {
            throw new CompressionException("The lz4 input (" + input.length + " bytes) declares " + declared
                    + " bytes, more than the limit of " + maxSize + " bytes per message");
        }
        int blockLength = input.length - HEADER;
        if (declared > MAX_EXPANSION * blockLength) {
            throw new CompressionException("Corrupt lz4 input: it declares " + declared + " bytes, more than its " + blockLength
                    + "-byte block can hold (lz4 expands at most " + MAX_EXPANSION + " times)");
        }
        byte[] out = new byte[(int) declared];
        int size;
        try {
            size = decompressor.decompress(input, HEADER, blockLength, out, 0, out.length);
        } catch (LZ4Exception | IndexOutOfBoundsException e) {
            throw new CompressionException("Corrupt lz4 input (" + input.length + " bytes, declaring " + declared + "): "
                    + e.getMessage(), e);
        }
        if (size != declared) {
            throw new CompressionException("Corrupt lz4 input: its block decodes to " + size + " bytes, not the " + declared
                    + " it declares");
        }
        return out;
    }

    @Override
    public void close() {
        closed = true;
        if (pool != null) {
            pool.close();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("The lz4 compression engine is closed");
        }
    }

    private static void writeLength(byte[] out, int length) {
        out[0] = (byte) length;
        out[1] = (byte) (length >>> 8);
        out[2] = (byte) (length >>> 16);
        out[3] = (byte) (length >>> 24);
    }

    private static long readLength(byte[] in) {
        return (in[0] & 0xFFL) | (in[1] & 0xFFL) << 8 | (in[2] & 0xFFL) << 16 | (in[3] & 0xFFL) << 24;
    }

    @Override
    public String toString() {
        return "lz4 engine (" + (level == 0 ? "fast" : "high compression, level " + level) + ", " + compressor + ")";
    }
}
