package io.whispeer.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.google.protobuf.CodedOutputStream;

import io.whispeer.protocol.v1.Frame;

/**
 * Feeds random and mutated frames through {@link Frames#decode} and the envelope conversions. Surefire runs this class
 * alone in a JVM with a 64 MiB heap (see the module's pom): only {@link ProtocolException} may come out, never another
 * exception or an {@link OutOfMemoryError}, and it must finish within the timeout.
 */
class FrameFuzzTest {
    private static final int ITERATIONS = 200_000;
    private static final long SEED = 0x5EED_F00DL;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void randomAndMutatedFramesOnlyEverRaiseProtocolException() {
        Frames frames = Frames.defaults();
        byte[][] seeds = seeds();
        SplittableRandom random = new SplittableRandom(SEED);
        int accepted = 0;
        int refused = 0;
        int envelopesRefused = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] input = mutate(seeds[random.nextInt(seeds.length)], random, i % 6);
            try {
                Frame frame = frames.decode(input);
                accepted++;
                assertThat(frames.decode(frames.encode(frame))).isEqualTo(frame);
                try {
                    if (frame.hasPublish()) {
                        EnvelopeFrames.toEnvelope(frame.getPublish());
                    } else if (frame.hasDeliver()) {
                        EnvelopeFrames.toEnvelope(frame.getDeliver());
                    }
                } catch (ProtocolException expected) {
                    envelopesRefused++;
                }
            } catch (ProtocolException expected) {
                refused++;
            } catch (RuntimeException | Error e) {
                fail("Input " + i + " (seed " + SEED + ", " + input.length + " bytes) raised " + e + " instead of ProtocolException", e);
            }
        }
        System.err.printf("FrameFuzzTest: %d inputs, %d decoded (of which %d carried an envelope that was refused), %d refused"
                + " with ProtocolException, max heap %d MiB%n", ITERATIONS, accepted, envelopesRefused, refused,
                Runtime.getRuntime().maxMemory() >> 20);
        assertThat(accepted + refused).isEqualTo(ITERATIONS);
        assertThat(refused).isPositive();
        assertThat(accepted).isPositive();
    }

    private static byte[][] seeds() {
        Frame[] kinds = TestFrames.everyKind();
        byte[][] seeds = new byte[kinds.length][];
        for (int i = 0; i < kinds.length; i++) {
            seeds[i] = kinds[i].toByteArray();
        }
        return seeds;
    }

    private static byte[] mutate(byte[] seed, SplittableRandom random, int strategy) {
        switch (strategy) {
            case 0 -> { // random bytes
                byte[] out = new byte[random.nextInt(0, 512)];
                random.nextBytes(out);
                return out;
            }
            case 1 -> { // bit flips
                byte[] out = seed.clone();
                int flips = random.nextInt(1, 9);
                for (int f = 0; f < flips && out.length > 0; f++) {
                    out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
                }
                return out;
            }
            case 2 -> { // truncation
                return java.util.Arrays.copyOf(seed, random.nextInt(seed.length + 1));
            }
            case 3 -> { // a length lie: overwrite a varint somewhere with a huge or off-by-some length
                ByteBuffer out = ByteBuffer.allocate(seed.length + 10);
                int at = random.nextInt(seed.length);
                out.put(seed, 0, at);
                CodedOutputStream coded = CodedOutputStream.newInstance(out);
                long lie = switch (random.nextInt(4)) {
                    case 0 -> Integer.MAX_VALUE;
                    case 1 -> random.nextLong(0, 1L << 35);
                    case 2 -> random.nextInt(0, 64);
                    default -> -1L;
                };
                try {
                    coded.writeUInt64NoTag(lie);
                    coded.flush();
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
                int rest = Math.min(seed.length - at, out.remaining());
                out.put(seed, at, rest);
                return java.util.Arrays.copyOf(out.array(), out.position());
            }
            case 4 -> { // random bytes spliced into a valid frame, or bytes repeated
                byte[] out = seed.clone();
                int from = random.nextInt(out.length);
                int length = random.nextInt(1, Math.min(16, out.length - from) + 1);
                for (int b = from; b < from + length; b++) {
                    out[b] = (byte) random.nextInt(256);
                }
                return out;
            }
            default -> { // two frames glued together, or a valid frame unchanged
                if (random.nextBoolean()) {
                    return seed.clone();
                }
                byte[] out = java.util.Arrays.copyOf(seed, seed.length * 2);
                System.arraycopy(seed, 0, out, seed.length, seed.length);
                return out;
            }
        }
    }
}
