package io.whispeer.compression.zstd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;

import io.whispeer.api.CompressionException;
import io.whispeer.api.spi.CompressionEngine;
import io.whispeer.api.spi.Settings;
import io.whispeer.tck.CompressionEngineCompatibilityKit;

/**
 * Hostile input, in a test JVM with a 256 MiB heap: each is refused with {@link CompressionException}, and the
 * engine keeps working afterwards.
 */
class ZstdDecompressionBombTest {
    /** The per-message limit the broker documents as its default. */
    private static final int LIMIT = 16 << 20;
    private static final byte[] MAGIC = {0x28, (byte) 0xB5, 0x2F, (byte) 0xFD};
    /** A last raw block of one byte, 'A'. */
    private static final byte[] ONE_RAW_BYTE = {0x09, 0x00, 0x00, 'A'};

    private final CompressionEngine engine = new ZstdCompressionProvider().create(Settings.empty());

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void aGibibyteOfZerosIsRefusedAndTheEngineKeepsWorking() throws IOException {
        byte[] bomb = zeros(1L << 30);
        assertThat(bomb.length).as("compressed size of 1 GiB of zeros").isLessThan(1 << 20);

        assertThatThrownBy(() -> engine.decompress(bomb, LIMIT)).isInstanceOf(CompressionException.class)
                .hasMessageContaining("more than the limit of " + LIMIT + " bytes");
        assertStillWorks();
    }

    @Test
    void aFrameThatNeedsAWindowOverTheLimitIsRefusedAndTheEngineKeepsWorking() {
        // Window descriptor: exponent e, mantissa 0 means a window of 2^(10 + e) bytes.
        byte[] twoGibibyteWindow = frame(new byte[] {0x00, (byte) (21 << 3)}, ONE_RAW_BYTE);
        byte[] justOverTheDefault = frame(new byte[] {0x00, (byte) (14 << 3)}, ONE_RAW_BYTE);
        byte[] atTheDefault = frame(new byte[] {0x00, (byte) (13 << 3)}, ONE_RAW_BYTE);

        for (byte[] frame : List.of(twoGibibyteWindow, justOverTheDefault)) {
            assertThatThrownBy(() -> engine.decompress(frame, LIMIT)).isInstanceOf(CompressionException.class)
                    .hasMessageContaining("whispeer.compression.zstd.max-window-log=23");
        }
        assertThat(engine.decompress(atTheDefault, LIMIT)).as("a frame with an 8 MiB window").containsExactly('A');
        assertStillWorks();
    }

    @Test
    void aFrameThatDeclaresAHugeContentSizeIsRefusedWithoutBelievingIt() {
        byte[] oneTebibyte = littleEndian(1L << 40);
        // Frame header descriptor 0xC0: an 8-byte content size, then a window descriptor (2^20 bytes).
        byte[] multiSegment = frame(concat(new byte[] {(byte) 0xC0, (byte) (10 << 3)}, oneTebibyte), ONE_RAW_BYTE);
        // 0xE0: single segment, so the window is the declared content size.
        byte[] singleSegment = frame(concat(new byte[] {(byte) 0xE0}, oneTebibyte), ONE_RAW_BYTE);
        // 0xC0 with 1 GiB declared, over the test JVM's heap, and a window zstd accepts.
        byte[] oneGibibyte = frame(concat(new byte[] {(byte) 0xC0, (byte) (10 << 3)}, littleEndian(1L << 30)), ONE_RAW_BYTE);

        for (byte[] frame : List.of(multiSegment, singleSegment, oneGibibyte)) {
            assertThatThrownBy(() -> engine.decompress(frame, Integer.MAX_VALUE - 8)).isInstanceOf(CompressionException.class);
        }
        assertStillWorks();
    }

    @Test
    void truncatedFramesAreRefusedAndTheEngineKeepsWorking() {
        byte[] input = CompressionEngineCompatibilityKit.compressibleText(64 << 10);
        byte[] compressed = engine.compress(input).orElseThrow();
        for (int length = 0; length < compressed.length; length++) {
            byte[] truncated = Arrays.copyOf(compressed, length);
            assertThatThrownBy(() -> engine.decompress(truncated, LIMIT)).as("first %d of %d bytes", length, compressed.length)
                    .isInstanceOf(CompressionException.class);
        }
        assertStillWorks();
    }

    @Test
    void bitFlipsAreRefusedOrDecodeWithinTheLimitAndFlipsInTheMagicAlwaysAreRefused() {
        byte[] input = CompressionEngineCompatibilityKit.compressibleText(16 << 10);
        byte[] compressed = engine.compress(input).orElseThrow();
        int refused = 0;
        for (int index = 0; index < compressed.length; index++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] flipped = compressed.clone();
                flipped[index] ^= (byte) (1 << bit);
                try {
                    // zstd frames carry no checksum here (the envelope's tag covers them): a flip inside literals
                    // can decode, to other bytes or, in bits zstd ignores, to the same ones; never beyond the limit.
                    byte[] out = engine.decompress(flipped, input.length);
                    assertThat(out.length).as("size after flipping bit %d of byte %d", bit, index).isLessThanOrEqualTo(input.length);
                    assertThat(index).as("a flip in the frame magic decoded").isGreaterThanOrEqualTo(MAGIC.length);
                } catch (CompressionException e) {
                    refused++;
                }
            }
        }
        assertThat(refused).as("flips refused as corrupt, of %d", compressed.length * 8).isGreaterThan(compressed.length);
        assertStillWorks();
    }

    @Test
    void randomBytesAreRefusedAndTheEngineKeepsWorking() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 2000; i++) {
            byte[] garbage = new byte[random.nextInt(1, 4096)];
            random.nextBytes(garbage);
            assertThatThrownBy(() -> engine.decompress(garbage, LIMIT)).isInstanceOf(CompressionException.class);
            // Random bytes behind a valid magic and header exercise the block decoder.
            byte[] behindAHeader = frame(new byte[] {0x00, (byte) (10 << 3)}, garbage);
            try {
                assertThat(engine.decompress(behindAHeader, 64 << 10).length).isLessThanOrEqualTo(64 << 10);
            } catch (CompressionException expected) {
                // the usual outcome
            }
        }
        assertStillWorks();
    }

    private void assertStillWorks() {
        for (byte[] message : CompressionEngineCompatibilityKit.kibibyteJsonMessages(20, 3)) {
            Optional<byte[]> compressed = engine.compress(message);
            assertThat(compressed).as("compress(%d bytes) after hostile input", message.length).isPresent();
            assertThat(engine.decompress(compressed.get(), message.length)).as("round trip after hostile input").isEqualTo(message);
        }
    }

    /** Compresses {@code size} zeros in 1 MiB pieces, so that the test never holds them all. */
    private static byte[] zeros(long size) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] piece = new byte[1 << 20];
        try (ZstdOutputStreamNoFinalizer zstd = new ZstdOutputStreamNoFinalizer(out, 1)) {
            for (long written = 0; written < size; written += piece.length) {
                zstd.write(piece);
            }
        }
        return out.toByteArray();
    }

    private static byte[] frame(byte[] header, byte[] blocks) {
        return concat(concat(MAGIC, header), blocks);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static byte[] littleEndian(long value) {
        byte[] bytes = new byte[8];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (value >>> (8 * i));
        }
        return bytes;
    }
}
