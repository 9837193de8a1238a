package io.whispeer.transport.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.flow.FlowControlHandler;
import io.whispeer.api.TransportException;
import io.whispeer.api.spi.Connection;
import io.whispeer.api.spi.FrameHandler;
import io.whispeer.api.spi.Settings;

/**
 * Feeds 100,000 seeded random and mutated streams of masked client frames (RFC 6455) through the WebSocket
 * transport's real server pipeline on an {@link EmbeddedChannel}: the HTTP codec and {@link WsHandshake.Server} do a
 * real upgrade, which installs {@link WsFrameDecoder}, then the frame aggregator, flow control and
 * {@link WsConnection} handle what it decodes. It checks what the connection's {@link FrameHandler} sees: whole,
 * equal messages within the limit, and no close cause other than the declared ones (a protocol violation with
 * status 1002 or 1009, a text message, the peer's close status). Runs in its own surefire execution with
 * {@code -Xmx64m}, so a decoder that allocates what a lying length field claims fails with an {@link OutOfMemoryError}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WsDecoderFuzzTest {
    private static final int CASES = 100_000;
    private static final int LIMIT = 4096;
    private static final long SEED = 0x5EED_3A55L;
    private static final String PATH = "/ws";
    private static final byte[] UPGRADE = ("GET " + PATH + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

    private static WsTransport transport;

    @BeforeAll
    static void createTransport() {
        transport = (WsTransport) new WsTransportProvider().create(Settings.of(Map.of("max-frame-bytes", Integer.toString(LIMIT), "io-threads", "1")));
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

    private enum Kind { VALID, RANDOM, BAD_OPCODE, RESERVED_BITS, UNMASKED, BAD_LENGTH, BAD_CONTROL, TRUNCATED, BIT_FLIPS }

    /** A stream of client frames being built, with the offset at which each whole binary message ends. */
    private static final class Stream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final List<byte[]> messages = new ArrayList<>();
        final List<Integer> messageEnds = new ArrayList<>();

        void frame(SplittableRandom random, boolean fin, int opcode, byte[] payload) {
            header(random, (fin ? 0x80 : 0) | opcode, true, payload.length);
            byte[] key = new byte[4];
            random.nextBytes(key);
            bytes.writeBytes(key);
            for (int i = 0; i < payload.length; i++) {
                bytes.write(payload[i] ^ key[i & 3]);
            }
        }

        void header(SplittableRandom random, int b0, boolean masked, long length) {
            bytes.write(b0);
            int mask = masked ? 0x80 : 0;
            if (length >= 0 && length < 126 && random.nextInt(8) != 0) {
                bytes.write(mask | (int) length);
            } else if (length >= 0 && length < 65536 && random.nextBoolean()) {
                bytes.write(mask | 126);
                bytes.write((int) (length >>> 8));
                bytes.write((int) length);
            } else {
                bytes.write(mask | 127);
                bytes.writeBytes(ByteBuffer.allocate(8).putLong(length).array());
            }
        }

        void message(SplittableRandom random, byte[] payload) {
            int fragments = random.nextInt(1, 4);
            int at = 0;
            for (int f = 0; f < fragments; f++) {
                boolean last = f == fragments - 1;
                int end = last ? payload.length : random.nextInt(at, payload.length + 1);
                byte[] part = new byte[end - at];
                System.arraycopy(payload, at, part, 0, part.length);
                frame(random, last, f == 0 ? 2 : 0, part);
                at = end;
                if (last) {
                    messages.add(payload);
                    messageEnds.add(bytes.size());
                }
                if (random.nextInt(4) == 0) {
                    control(random);
                }
            }
        }

        void control(SplittableRandom random) {
            byte[] payload = new byte[random.nextInt(126)];
            random.nextBytes(payload);
            frame(random, true, random.nextBoolean() ? 9 : 10, payload);
        }

        int size() {
            return bytes.size();
        }

        List<byte[]> wholeBefore(int offset) {
            List<byte[]> whole = new ArrayList<>();
            for (int m = 0; m < messages.size() && messageEnds.get(m) <= offset; m++) {
                whole.add(messages.get(m));
            }
            return whole;
        }
    }

    @Test
    void randomAndMutatedClientFramesYieldWholeMessagesOrDeclaredRefusalsOnly() {
        SplittableRandom random = new SplittableRandom(SEED);
        Map<String, Integer> refusals = new TreeMap<>();
        List<String> undeclared = new ArrayList<>();
        long framesDecoded = 0;
        long bytesFed = 0;
        long started = System.nanoTime();
        for (int i = 0; i < CASES; i++) {
            Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
            Stream stream = new Stream();
            int messageCount = random.nextInt(0, 5);
            for (int m = 0; m < messageCount; m++) {
                stream.message(random, payload(random));
            }
            int intact = stream.size();
            boolean closes = kind == Kind.VALID && random.nextInt(4) == 0;
            if (closes) {
                stream.frame(random, true, 8, new byte[] {0x03, (byte) 0xE8});
            }
            byte[] bytes;
            switch (kind) {
                case BAD_OPCODE -> stream.frame(random, true, random.nextBoolean() ? random.nextInt(3, 8) : random.nextInt(11, 16), new byte[random.nextInt(8)]);
                case RESERVED_BITS -> stream.frame(random, true, 0x02 | (random.nextInt(1, 8) << 4), new byte[random.nextInt(8)]);
                case UNMASKED -> {
                    stream.header(random, 0x82, false, 3);
                    stream.bytes.writeBytes(new byte[] {1, 2, 3});
                }
                case BAD_LENGTH -> {
                    switch (random.nextInt(3)) {
                        case 0 -> stream.header(random, 0x82, true, random.nextLong(Long.MIN_VALUE, 0)); // 64-bit length with the top bit set
                        case 1 -> stream.header(random, 0x82, true, random.nextLong(LIMIT + 1L, Long.MAX_VALUE));
                        default -> {
                            byte[] first = new byte[random.nextInt(LIMIT + 1)];
                            stream.frame(random, false, 2, first);
                            stream.header(random, 0x80, true, LIMIT - first.length + 1L + random.nextInt(1000));
                        }
                    }
                    stream.bytes.writeBytes(new byte[] {9, 9, 9, 9});
                }
                case BAD_CONTROL -> {
                    switch (random.nextInt(3)) {
                        case 0 -> stream.frame(random, true, 9, new byte[random.nextInt(126, 1000)]);
                        case 1 -> stream.frame(random, false, 9, new byte[random.nextInt(8)]);
                        default -> stream.frame(random, true, 8, new byte[] {3});
                    }
                }
                default -> {
                }
            }
            bytes = stream.bytes.toByteArray();
            switch (kind) {
                case RANDOM -> {
                    bytes = new byte[random.nextInt(0, 64)];
                    random.nextBytes(bytes);
                    intact = 0;
                }
                case TRUNCATED -> {
                    if (bytes.length > 0) {
                        int cut = random.nextInt(bytes.length);
                        bytes = Arrays.copyOf(bytes, cut);
                        intact = cut;
                    }
                }
                case BIT_FLIPS -> {
                    if (bytes.length > 0) {
                        for (int flips = random.nextInt(1, 4); flips > 0; flips--) {
                            int at = random.nextInt(bytes.length);
                            bytes[at] ^= (byte) (1 << random.nextInt(8));
                            intact = Math.min(intact, at);
                        }
                    }
                }
                default -> {
                }
            }
            bytesFed += bytes.length;
            Recorder recorder = new Recorder();
            List<ByteBuf> fed = feed(bytes, random, recorder);
            framesDecoded += recorder.frames.size();

            String name = "case " + i + " (" + kind + ")";
            for (ByteBuf buf : fed) {
                assertThat(buf.refCnt()).as(name + ": every input buffer is released").isZero();
            }
            assertThat(recorder.closes).as(name + ": onClose comes once").hasSize(1);
            Optional<Throwable> cause = recorder.closes.get(0);
            String refusal = cause.isPresent() ? declaredKind(cause.get()) : "none";
            if (refusal == null) {
                undeclared.add(name + ": " + cause.get());
            } else {
                refusals.merge(refusal, 1, Integer::sum);
            }
            for (byte[] frame : recorder.frames) {
                assertThat(frame.length).as(name + ": no message over the limit").isLessThanOrEqualTo(LIMIT);
            }
            List<byte[]> whole = stream.wholeBefore(intact);
            assertThat(recorder.frames.size()).as(name + ": every message before the damage comes out").isGreaterThanOrEqualTo(whole.size());
            for (int f = 0; f < whole.size(); f++) {
                assertThat(recorder.frames.get(f)).as(name + ": message " + f + " comes out whole and equal").isEqualTo(whole.get(f));
            }
            switch (kind) {
                case VALID, TRUNCATED -> {
                    assertThat(recorder.frames).as(name + ": exactly the whole messages come out").hasSize(whole.size());
                    assertThat(refusal).as(name + ": a well-formed stream is not refused; only the socket closing without a close frame is reported")
                            .isEqualTo(closes ? "none" : "closed without a close frame");
                }
                case BAD_OPCODE, RESERVED_BITS, UNMASKED, BAD_LENGTH, BAD_CONTROL -> {
                    assertThat(recorder.frames).as(name + ": nothing after the violation comes out").hasSize(stream.messages.size());
                    assertThat(refusal).as(name + ": the violation is refused with its close status")
                            .isEqualTo(kind == Kind.BAD_LENGTH ? "1009 message too big" : "1002 protocol error");
                }
                default -> {
                }
            }
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        System.out.println("WsDecoderFuzzTest: " + CASES + " inputs (" + bytesFed + " bytes), " + framesDecoded + " messages decoded, refusals by kind "
                + refusals + ", undeclared " + undeclared.size() + ", " + millis + " ms");
        assertThat(undeclared).as("close causes other than the declared refusals").isEmpty();
    }

    /** {@return the declared refusal a close cause is, or {@code null} when it is none of them} */
    private static String declaredKind(Throwable cause) {
        if (!(cause instanceof TransportException)) {
            return null;
        }
        if (cause.getCause() instanceof CorruptedWebSocketFrameException corrupt) {
            return switch (corrupt.closeStatus().code()) {
                case 1002 -> "1002 protocol error";
                case 1009 -> "1009 message too big";
                default -> null;
            };
        }
        if (cause.getCause() == null && cause.getMessage().startsWith("Text WebSocket message")) {
            return "1003 text message";
        }
        if (cause.getCause() == null && cause.getMessage().contains(" closed without a WebSocket close frame")) {
            return "closed without a close frame";
        }
        if (cause.getCause() == null && cause.getMessage().contains(" closed the WebSocket with status ")) {
            return "peer's close status";
        }
        return null;
    }

    /** Upgrades a fresh connection, writes the stream in random pieces into it, then closes it; {@return the buffers written} */
    private static List<ByteBuf> feed(byte[] stream, SplittableRandom random, Recorder recorder) {
        EmbeddedChannel channel = new EmbeddedChannel(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                WsConnection connection = new WsConnection(transport, ch, WsSettings.WS, c -> recorder, null);
                ch.pipeline().addLast("http", new HttpServerCodec());
                ch.pipeline().addLast("http-aggregator", new HttpObjectAggregator(8192));
                ch.pipeline().addLast("ws-handshake", new WsHandshake.Server(connection, PATH, LIMIT));
                ch.pipeline().addLast("ws-aggregator", new WebSocketFrameAggregator(LIMIT));
                ch.pipeline().addLast("flow-control", new FlowControlHandler());
                ch.pipeline().addLast("connection", connection);
            }
        });
        channel.writeInbound(Unpooled.wrappedBuffer(UPGRADE));
        channel.checkException();
        assertThat(channel.pipeline().get(WsFrameDecoder.class)).as("the upgrade installed the decoder").isNotNull();
        channel.releaseOutbound();
        List<ByteBuf> fed = new ArrayList<>();
        int at = 0;
        int pieces = random.nextInt(1, 6);
        while (at < stream.length) {
            int size = pieces-- <= 1 ? stream.length - at : random.nextInt(1, stream.length - at + 1);
            ByteBuf piece = Unpooled.copiedBuffer(stream, at, size);
            at += size;
            fed.add(piece);
            if (channel.isOpen()) {
                channel.writeInbound(random.nextInt(4) == 0 ? piece.asReadOnly() : piece);
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
            default -> random.nextInt(200);
        };
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }
}
