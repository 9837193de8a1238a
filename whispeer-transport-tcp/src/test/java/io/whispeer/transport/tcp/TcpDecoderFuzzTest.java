package io.whispeer.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.whispeer.api.TransportException;
import io.whispeer.api.spi.Connection;
import io.whispeer.api.spi.FrameHandler;
import io.whispeer.api.spi.Settings;
import io.whispeer.api.spi.TransportSettings;

/**
 * Feeds 100,000 seeded random and mutated byte streams through the TCP transport's real inbound pipeline
 * ({@link FrameDecoder} then {@link ChannelEvents}) on an {@link EmbeddedChannel}, and checks what the connection's
 * {@link FrameHandler} sees: whole, equal frames within the limit, and no close cause other than the declared
 * {@link TransportException} for a length over the limit. Runs in its own surefire execution with {@code -Xmx64m}, so
 * a decoder that allocates what a lying length field claims fails with an {@link OutOfMemoryError}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TcpDecoderFuzzTest {
    private static final int CASES = 100_000;
    private static final int LIMIT = 4096;
    private static final long SEED = 0x5EED_7C9L;

    private static TcpTransport transport;

    @BeforeAll
    static void createTransport() {
        transport = (TcpTransport) new TcpTransportProvider().create(Settings.of(Map.of(TransportSettings.MAX_FRAME_BYTES, Integer.toString(LIMIT),
                "whispeer.transport.tcp.native", "false", "whispeer.transport.tcp.io-threads", "1")).scoped("whispeer.transport.tcp."));
    }

    @AfterAll
    static void closeTransport() {
        transport.close();
    }

    /** What the handler of one connection saw. */
    private static final class Recorder implements FrameHandler {
        final List<byte[]> frames = new ArrayList<>();
        final List<Optional<Throwable>> closes = new ArrayList<>();

        @Override
        public void onFrame(Connection connection, ByteBuffer frame) {
            byte[] copy = new byte[frame.remaining()];
            frame.get(copy);
            frames.add(copy);
        }

        @Override
        public void onClose(Connection connection, Optional<Throwable> cause) {
            closes.add(cause);
        }
    }

    private enum Kind { VALID, RANDOM, LYING_LENGTH, TRUNCATED, BIT_FLIPS }

    @Test
    void randomAndMutatedStreamsYieldWholeFramesOrTheDeclaredRefusalOnly() {
        SplittableRandom random = new SplittableRandom(SEED);
        Map<String, Integer> refusals = new TreeMap<>();
        List<String> undeclared = new ArrayList<>();
        long framesDecoded = 0;
        long bytesFed = 0;
        long started = System.nanoTime();
        for (int i = 0; i < CASES; i++) {
            Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
            List<byte[]> frames = new ArrayList<>();
            int frameCount = random.nextInt(0, 6);
            for (int f = 0; f < frameCount; f++) {
                frames.add(payload(random));
            }
            byte[] stream = encode(frames);
            int intact = stream.length;
            switch (kind) {
                case VALID -> {
                }
                case RANDOM -> {
                    stream = new byte[random.nextInt(0, 64)];
                    random.nextBytes(stream);
                    intact = 0;
                }
                case LYING_LENGTH -> {
                    long lie = switch (random.nextInt(4)) {
                        case 0 -> 0x8000_0000L + random.nextLong(0x8000_0000L); // negative as a signed int
                        case 1 -> 0xFFFF_FFFFL;
                        case 2 -> LIMIT + 1L;
                        default -> random.nextLong(LIMIT + 1L, 0x8000_0000L);
                    };
                    byte[] tail = new byte[random.nextInt(0, 32)];
                    random.nextBytes(tail);
                    stream = concat(stream, ByteBuffer.allocate(4).putInt((int) lie).array(), tail);
                }
                case TRUNCATED -> {
                    if (stream.length > 0) {
                        stream = Arrays.copyOf(stream, random.nextInt(stream.length));
                    }
                    intact = stream.length;
                }
                case BIT_FLIPS -> {
                    if (stream.length > 0) {
                        intact = stream.length;
                        for (int flips = random.nextInt(1, 4); flips > 0; flips--) {
                            int at = random.nextInt(stream.length);
                            stream[at] ^= (byte) (1 << random.nextInt(8));
                            intact = Math.min(intact, at);
                        }
                    }
                }
            }
            bytesFed += stream.length;
            Recorder recorder = new Recorder();
            List<ByteBuf> fed = feed(stream, random, recorder);
            framesDecoded += recorder.frames.size();

            String name = "case " + i + " (" + kind + ")";
            for (ByteBuf buf : fed) {
                assertThat(buf.refCnt()).as(name + ": every input buffer is released").isZero();
            }
            assertThat(recorder.closes).as(name + ": onClose comes once").hasSize(1);
            Optional<Throwable> cause = recorder.closes.get(0);
            if (cause.isPresent()) {
                Throwable thrown = cause.get();
                if (thrown instanceof TransportException && thrown.getMessage().contains(" is over " + TransportSettings.MAX_FRAME_BYTES + "=" + LIMIT)) {
                    refusals.merge("frame over the limit", 1, Integer::sum);
                } else {
                    undeclared.add(name + ": " + thrown);
                }
            } else {
                refusals.merge("none", 1, Integer::sum);
            }
            for (byte[] frame : recorder.frames) {
                assertThat(frame.length).as(name + ": no frame over the limit").isLessThanOrEqualTo(LIMIT);
            }
            List<byte[]> whole = wholeFramesBefore(frames, intact);
            assertThat(recorder.frames.size()).as(name + ": every frame before the damage comes out").isGreaterThanOrEqualTo(whole.size());
            for (int f = 0; f < whole.size(); f++) {
                assertThat(recorder.frames.get(f)).as(name + ": frame " + f + " comes out whole and equal").isEqualTo(whole.get(f));
            }
            switch (kind) {
                case VALID, TRUNCATED -> {
                    assertThat(recorder.frames).as(name + ": exactly the whole frames come out").hasSize(whole.size());
                    assertThat(cause).as(name + ": a well-formed stream is not refused").isEmpty();
                }
                case LYING_LENGTH -> {
                    assertThat(recorder.frames).as(name + ": nothing after the lying length comes out").hasSize(frames.size());
                    assertThat(cause).as(name + ": the lying length is refused").isPresent();
                }
                default -> {
                }
            }
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        System.out.println("TcpDecoderFuzzTest: " + CASES + " inputs (" + bytesFed + " bytes), " + framesDecoded + " frames decoded, refusals by kind "
                + refusals + ", undeclared " + undeclared.size() + ", " + millis + " ms");
        assertThat(undeclared).as("close causes other than the declared refusal").isEmpty();
    }

    /** Writes the stream in random pieces into a fresh connection, then closes it; {@return the buffers written} */
    private static List<ByteBuf> feed(byte[] stream, SplittableRandom random, Recorder recorder) {
        EmbeddedChannel channel = new EmbeddedChannel(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast("frames", new FrameDecoder(LIMIT, ch));
                ch.pipeline().addLast("events", ChannelEvents.accepting(transport, TcpTransportProvider.TCP, connection -> recorder));
            }
        });
        List<ByteBuf> fed = new ArrayList<>();
        int at = 0;
        int pieces = random.nextInt(1, 6);
        while (at < stream.length) {
            int size = pieces-- <= 1 ? stream.length - at : random.nextInt(1, stream.length - at + 1);
            ByteBuf piece = Unpooled.copiedBuffer(stream, at, size);
            at += size;
            fed.add(piece);
            if (channel.isOpen()) {
                channel.writeInbound(piece);
                channel.checkException();
            } else {
                piece.release();
            }
        }
        channel.finishAndReleaseAll();
        return fed;
    }

    private static byte[] payload(SplittableRandom random) {
        int size = switch (random.nextInt(10)) {
            case 0 -> LIMIT;
            case 1 -> random.nextInt(LIMIT + 1);
            case 2 -> 0;
            default -> random.nextInt(64);
        };
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] encode(List<byte[]> frames) {
        ByteBuffer out = ByteBuffer.allocate(frames.stream().mapToInt(f -> 4 + f.length).sum());
        for (byte[] frame : frames) {
            out.putInt(frame.length).put(frame);
        }
        return out.array();
    }

    /** {@return the frames whose length and bytes all lie before offset {@code intact}} */
    private static List<byte[]> wholeFramesBefore(List<byte[]> frames, int intact) {
        List<byte[]> whole = new ArrayList<>();
        int end = 0;
        for (byte[] frame : frames) {
            end += 4 + frame.length;
            if (end > intact) {
                break;
            }
            whole.add(frame);
        }
        return whole;
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuffer out = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(p -> p.length).sum());
        for (byte[] part : parts) {
            out.put(part);
        }
        return out.array();
    }
}
