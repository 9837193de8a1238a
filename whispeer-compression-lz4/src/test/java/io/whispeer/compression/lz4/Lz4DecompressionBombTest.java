package io.whispeer.compression.lz4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.whispeer.api.CompressionException;
import io.whispeer.api.spi.CompressionEngine;
import io.whispeer.tck.CompressionEngineCompatibilityKit;

/**
 * Hostile input, in a test JVM with a 256 MiB heap: each is refused with {@link CompressionException}, and the
 * engine keeps working afterwards.
 */
class Lz4DecompressionBombTest {
    /** The per-message limit the broker documents as its default. */
    private static final int LIMIT = 16 << 20;

    private final CompressionEngine engine = TestData.engine();

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void aFrameClaimingTwoGibibytesIsRefusedBeforeAnythingIsAllocated() {
        byte[] block = engine.compress(CompressionEngineCompatibilityKit.compressibleText(4096)).orElseThrow();
        for (long claim : new long[] {1L << 31, 0xFFFF_FFFFL, LIMIT + 1L}) {
            byte[] frame = withLength(claim, Arrays.copyOfRange(block, 4, block.length));
            assertThatThrownBy(() -> engine.decompress(frame, LIMIT)).isInstanceOf(CompressionException.class)
                    .hasMessageContaining("declares " + claim + " bytes, more than the limit of " + LIMIT);
        }
        assertStillWorks();
    }

    @Test
    void aGibibyteOfZerosInOneBlockIsRefusedWhateverLengthItDeclares() {
        byte[] zeros = runOfZeros(1L << 30);
        assertThat(zeros.length).as("an LZ4 block of 1 GiB of zeros").isLessThan(5 << 20);
        // Declared honestly: over the limit, refused before decoding.
        assertThatThrownBy(() -> engine.decompress(withLength(1L << 30, zeros), LIMIT)).isInstanceOf(CompressionException.class)
                .hasMessageContaining("more than the limit");
        // Declared within the limit: the safe decompressor stops at the declared length.
        assertThatThrownBy(() -> engine.decompress(withLength(LIMIT, zeros), LIMIT)).isInstanceOf(CompressionException.class)
                .hasMessageContaining("Corrupt lz4 input");
        assertStillWorks();
    }

    @Test
    void aBlockWhoseLiteralsClaimTwoGibibytesIsRefused() {
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        block.write(0xF0); // 15+ literals, no match
        extendLength(block, (1L << 31) - 15);
        block.write('A');
        assertThatThrownBy(() -> engine.decompress(withLength(1 << 20, block.toByteArray()), LIMIT))
                .isInstanceOf(CompressionException.class);
        assertStillWorks();
    }

    @Test
    void aLengthTheBlockCannotHoldIsRefusedBeforeAllocating() {
        byte[] tiny = {0x10, 'A'}; // one literal
        assertThatThrownBy(() -> engine.decompress(withLength(LIMIT, tiny), LIMIT)).isInstanceOf(CompressionException.class)
                .hasMessageContaining("more than its 2-byte block can hold");
        assertStillWorks();
    }

    @Test
    void aBlockThatDecodesToFewerBytesThanDeclaredIsRefused() {
        byte[] compressed = engine.compress(CompressionEngineCompatibilityKit.compressibleText(4096)).orElseThrow();
        byte[] longer = withLength(4097, Arrays.copyOfRange(compressed, 4, compressed.length));
        assertThatThrownBy(() -> engine.decompress(longer, LIMIT)).isInstanceOf(CompressionException.class)
                .hasMessageContaining("decodes to 4096 bytes, not the 4097");
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
    void bitFlipsAreRefusedOrDecodeWithinTheDeclaredLength() {
        byte[] input = CompressionEngineCompatibilityKit.compressibleText(16 << 10);
        byte[] compressed = engine.compress(input).orElseThrow();
        int refused = 0;
        for (int index = 0; index < compressed.length; index++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] flipped = compressed.clone();
                flipped[index] ^= (byte) (1 << bit);
                try {
                    // LZ4 blocks carry no checksum (the envelope's tag covers them): a flipped literal decodes.
                    byte[] out = engine.decompress(flipped, input.length);
                    assertThat(out.length).as("size after flipping bit %d of byte %d", bit, index).isEqualTo(input.length);
                    assertThat(index).as("a flip in the length decoded").isGreaterThanOrEqualTo(4);
                } catch (CompressionException e) {
                    refused++;
                }
            }
        }
        assertThat(refused).as("flips refused as corrupt, of %d", compressed.length * 8).isGreaterThan(compressed.length);
        assertStillWorks();
    }

    @Test
    void randomBytesAreRefusedOrStayWithinTheLimitAndTheEngineKeepsWorking() {
        SplittableRandom random = new SplittableRandom(11);
        int refused = 0;
        for (int i = 0; i < 5000; i++) {
            byte[] garbage = new byte[random.nextInt(1, 4096)];
            random.nextBytes(garbage);
            try {
                assertThat(engine.decompress(garbage, LIMIT).length).isLessThanOrEqualTo(LIMIT);
            } catch (CompressionException e) {
                refused++;
            }
            // A plausible length in front of random bytes exercises the block decoder.
            byte[] behindALength = withLength(random.nextInt(0, 64 << 10), garbage);
            try {
                assertThat(engine.decompress(behindALength, LIMIT).length).isLessThanOrEqualTo(64 << 10);
            } catch (CompressionException e) {
                refused++;
            }
        }
        assertThat(refused).isGreaterThan(9900);
        assertStillWorks();
    }

    private void assertStillWorks() {
        for (byte[] message : CompressionEngineCompatibilityKit.kibibyteJsonMessages(20, 3)) {
            Optional<byte[]> compressed = engine.compress(message);
            assertThat(compressed).as("compress(%d bytes) after hostile input", message.length).isPresent();
            assertThat(engine.decompress(compressed.get(), message.length)).as("round trip after hostile input").isEqualTo(message);
        }
    }

    /** {@return an LZ4 block of {@code size} zeros: one literal zero, then one long match at offset 1, then 5 literals} */
    private static byte[] runOfZeros(long size) {
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        block.write(0x1F); // 1 literal, match length 4 + 15 + extension
        block.write(0);
        block.write(1); // offset 1, little-endian
        block.write(0);
        extendLength(block, size - 1 - 5 - 4 - 15);
        block.write(0x50); // last sequence: 5 literals
        block.writeBytes(new byte[5]);
        return block.toByteArray();
    }

    /** Writes LZ4's length extension: 255 while the rest is at least 255, then the rest. */
    private static void extendLength(ByteArrayOutputStream out, long length) {
        byte[] run = new byte[1 << 16];
        Arrays.fill(run, (byte) 0xFF);
        long remaining = length;
        while (remaining >= 255L * run.length) {
            out.write(run, 0, run.length);
            remaining -= 255L * run.length;
        }
        while (remaining >= 255) {
            out.write(0xFF);
            remaining -= 255;
        }
        out.write((int) remaining);
    }

    private static byte[] withLength(long length, byte[] block) {
        byte[] frame = new byte[4 + block.length];
        for (int i = 0; i < 4; i++) {
            frame[i] = (byte) (length >>> (8 * i));
        }
        System.arraycopy(block, 0, frame, 4, block.length);
        return frame;
    }
}
