package io.whispeer.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.whispeer.api.TransportException;
import io.whispeer.api.spi.Connection;
import io.whispeer.api.spi.ConnectionInfo;
import io.whispeer.api.spi.FrameHandler;
import io.whispeer.api.spi.Settings;
import io.whispeer.api.spi.Transport;
import io.whispeer.api.spi.TransportProvider;
import io.whispeer.api.spi.TransportSettings;

/**
 * The compatibility kit for {@link TransportProvider} and {@link Transport}. Extend it, return the provider and a
 * loopback address with port 0:
 * <pre>{@code
 * class MyTransportTest extends TransportCompatibilityKit {
 *     protected TransportProvider provider() { return new MyTransportProvider(); }
 *     protected URI listenAddress() { return URI.create("tcp://127.0.0.1:0"); }
 * }
 * }</pre>
 *
 * <p>Each test creates a server transport and a client transport from the provider and closes both afterwards.
 * What it checks: names and schemes; that the listener reports its actual port; that a connection reports its
 * addresses, scheme and TLS session; that frames of 0 bytes to 1 MiB arrive whole and in order in both directions,
 * including frames written as several buffers, which the transport must not change; that frames wait for a flush;
 * that writes from many threads at once arrive whole; that handler calls of one connection come serially from one
 * thread; that {@link Connection#pauseReading()} stops delivery, even of frames already received, and really stops
 * reading, so that the writer turns unwritable above {@value #HIGH_WATER_MARK} bytes and writable again (with
 * {@link FrameHandler#onWritabilityChanged}) once the reader resumes; that concurrent connections are independent;
 * that a frame over the limit closes only its connection, with a {@link TransportException} naming the size and the
 * limit; that closing either side ends the other with {@link FrameHandler#onClose} exactly once, after the frames
 * written before the close; that a throwing handler closes its connection; that writes on a closed connection are
 * dropped and {@link Connection#flushWithCompletion()} fails; that closing a listener keeps its connections; and that
 * closing the transport closes everything. Every wait is bounded by a timeout; where the kit checks that something
 * does <em>not</em> happen, it watches for {@value #QUIET_MILLIS} ms.
 *
 * <p>{@link Transport.Listener#close()} and {@link Transport#close()} must return only once the listening socket is
 * closed: a connection attempted afterwards must fail, not be accepted by a socket that is still closing.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class TransportCompatibilityKit {
    /** The setting that limits the size of one frame. */
    protected static final String MAX_FRAME_BYTES = TransportSettings.MAX_FRAME_BYTES;
    /** The frame limit of the transports in most tests: room for the 1 MiB frames. */
    protected static final int LARGE_LIMIT = 2 << 20;
    /** The frame limit of the server in the over-limit test. */
    protected static final int SMALL_LIMIT = 64 << 10;
    /** The write buffer high water mark of every transport in the kit. */
    protected static final int HIGH_WATER_MARK = 64 << 10;
    /** The write buffer low water mark of every transport in the kit. */
    protected static final int LOW_WATER_MARK = 16 << 10;
    /** How long the kit watches for something that must not happen, in milliseconds. */
    protected static final long QUIET_MILLIS = 250;

    private static final long WAIT_SECONDS = Kits.TIMEOUT.toSeconds();
    private static final Duration QUIET = Duration.ofMillis(QUIET_MILLIS);
    /** What the backpressure check writes to a paused reader at most before it expects the writer to stay unwritable. */
    private static final long MAX_BACKLOG_BYTES = 512L << 20;

    private final List<Transport> transports = new ArrayList<>();

    /** For subclasses. */
    protected TransportCompatibilityKit() {
    }

    /**
     * The provider under test.
     *
     * @return a new provider, as {@link java.util.ServiceLoader} would create it
     */
    protected abstract TransportProvider provider();

    /**
     * Where the server listens: a loopback address with port 0, such as {@code tcp://127.0.0.1:0}.
     *
     * @return the address
     */
    protected abstract URI listenAddress();

    /**
     * Whether connections of this transport use TLS: then both sides must report an {@link ConnectionInfo#sslSession()},
     * otherwise neither may. {@code false} unless overridden.
     *
     * @return whether the transport under test uses TLS
     */
    protected boolean usesTls() {
        return false;
    }

    /**
     * The settings for a transport with a frame limit. Override to add settings the transport needs (TLS
     * certificates, say), keeping the ones returned here.
     *
     * @param maxFrameBytes the frame limit
     * @return settings with {@value #MAX_FRAME_BYTES} set, in plain bytes, and the write buffer water marks set to
     *         {@value #HIGH_WATER_MARK} and {@value #LOW_WATER_MARK}, scoped as a transport receives them (to
     *         {@code whispeer.transport.}: the keys are {@code max-frame-bytes} and so on)
     */
    protected Settings settings(int maxFrameBytes) {
        return Settings.of(Map.of(MAX_FRAME_BYTES, Integer.toString(maxFrameBytes),
                TransportSettings.WRITE_BUFFER_HIGH_WATER_MARK, Integer.toString(HIGH_WATER_MARK),
                TransportSettings.WRITE_BUFFER_LOW_WATER_MARK, Integer.toString(LOW_WATER_MARK))).scoped("whispeer.transport.");
    }

    /**
     * Creates a transport that the kit closes after the test.
     *
     * @param maxFrameBytes the frame limit
     * @return the transport
     */
    protected final Transport newTransport(int maxFrameBytes) {
        Transport transport = provider().create(settings(maxFrameBytes));
        assertThat(transport).as("%s.create(settings)", provider().getClass().getName()).isNotNull();
        transports.add(transport);
        return transport;
    }

    /** Closes every transport the test created. */
    @AfterEach
    public void closeTransports() {
        transports.forEach(Transport::close);
        transports.clear();
    }

    /** The provider has a lowercase name and serves the scheme of {@link #listenAddress()}. */
    @Test
    public void providerHasANameAndServesTheSchemeOfTheListenAddress() {
        Kits.assertValidName("transport", provider().name());
        assertThat(provider().schemes()).as("schemes").isNotEmpty().allSatisfy(s -> Kits.assertValidName("scheme", s));
        assertThat(provider().schemes()).as("schemes").contains(listenAddress().getScheme());
    }

    /**
     * The listener reports the port it actually bound, and clients connect to that address.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void listenerAddressHasTheActualPort() throws Exception {
        Server server = new Server(newTransport(LARGE_LIMIT));
        URI address = server.listener.address();
        assertThat(address.getPort()).as("port of %s", address).isPositive();
        assertThat(address.getScheme()).as("scheme of %s", address).isEqualTo(listenAddress().getScheme());
        Peer client = connect(newTransport(LARGE_LIMIT), address);
        assertThat(client.connection.isOpen()).as("client is open").isTrue();
        assertThat(server.nextPeer().connection.isOpen()).as("server side is open").isTrue();
    }

    /**
     * Both sides report loopback addresses with the right ports, the scheme they came through, and a TLS session
     * exactly when the transport uses TLS.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void connectionsReportTheirAddressesSchemeAndTlsSession() throws Exception {
        Server server = new Server(newTransport(LARGE_LIMIT));
        URI address = server.listener.address();
        Peer client = connect(newTransport(LARGE_LIMIT), address);
        Peer serverSide = server.nextPeer();
        ConnectionInfo clientInfo = client.connection.info();
        ConnectionInfo serverInfo = serverSide.connection.info();
        assertThat(clientInfo).as("client's info").isNotNull();
        assertThat(serverInfo).as("server side's info").isNotNull();
        assertThat(clientInfo.scheme()).as("client's scheme").isEqualTo(listenAddress().getScheme());
        assertThat(serverInfo.scheme()).as("server side's scheme").isEqualTo(listenAddress().getScheme());

        InetSocketAddress clientRemote = loopback("client's remote address", clientInfo.remoteAddress());
        InetSocketAddress clientLocal = loopback("client's local address", clientInfo.localAddress());
        InetSocketAddress serverRemote = loopback("server side's remote address", serverInfo.remoteAddress());
        InetSocketAddress serverLocal = loopback("server side's local address", serverInfo.localAddress());
        assertThat(clientRemote.getPort()).as("client's remote port").isEqualTo(address.getPort());
        assertThat(serverLocal.getPort()).as("server side's local port").isEqualTo(address.getPort());
        assertThat(clientLocal.getPort()).as("client's local port").isPositive().isNotEqualTo(address.getPort());
        assertThat(serverRemote.getPort()).as("server side's remote port, the client's local port").isEqualTo(clientLocal.getPort());

        if (usesTls()) {
            assertThat(clientInfo.sslSession()).as("client's TLS session").isPresent();
            assertThat(serverInfo.sslSession()).as("server side's TLS session").isPresent();
        } else {
            assertThat(clientInfo.sslSession()).as("client's TLS session on a transport without TLS").isEmpty();
            assertThat(serverInfo.sslSession()).as("server side's TLS session on a transport without TLS").isEmpty();
            assertThat(clientInfo.peerPrincipal()).as("client's peer principal without TLS").isEmpty();
            assertThat(serverInfo.peerPrincipal()).as("server side's peer principal without TLS").isEmpty();
        }
    }

    /**
     * Frames of 0 bytes to 1 MiB sent by the client arrive at the server whole and in order.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void framesFromTheClientArriveWholeAndInOrder() throws Exception {
        Server server = new Server(newTransport(LARGE_LIMIT));
        Peer client = connect(newTransport(LARGE_LIMIT), server.listener.address());
        Peer serverSide = server.nextPeer();
        sendAndExpect(client, serverSide, frames());
    }

    /**
     * Frames of 0 bytes to 1 MiB sent by the server arrive at the client whole and in order.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void framesFromTheServerArriveWholeAndInOrder() throws Exception {
        Server server = new Server(newTransport(LARGE_LIMIT));
        Peer client = connect(newTransport(LARGE_LIMIT), server.listener.address());
        sendAndExpect(server.nextPeer(), client, frames());
    }

    /**
     * Thousands of small frames in both directions at once arrive in order, and each side's handler is called
     * serially from one thread.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void manySmallFramesInBothDirectionsArriveInOrder() throws Exception {
        Server server = new Server(newTransport(LARGE_LIMIT));
        Peer client = connect(newTransport(LARGE_LIMIT), server.listener.address());
        Peer serverSide = server.nextPeer();
        List<byte[]> up = new ArrayList<>();
        List<byte[]> down = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            up.add(frame(i, i % 40));
            down.add(frame(-i, (i * 7) % 40));
        }
        CompletableFuture<Void> upSent = sendAllAsync(client, up);
        CompletableFuture<Void> downSent = sendAllAsync(serverSide, down);
        expect(serverSide, up);
        expect(client, down);
        await(upSent, "client sending");
        await(downSent, "server sending");
        client.assertCallsWereSerialOnOneThread("client");
        serverSide.assertCallsWereSerialOnOneThread("server side");
    }

    /**
     * Threads writing and flushing one connection at once never interleave their frames: every frame arrives whole,
     * and each thread's frames in the order it wrote them.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void writesFromManyThreadsOnOneConnectionArriveWhole() throws Exception {
        Server server = new Server(newTransport(LARGE_LIMIT));
        Peer client = connect(newTransport(LARGE_LIMIT), server.listener.address());
        Peer serverSide = server.nextPeer();
        int perThread = 500;
        Kits.concurrently(Kits.THREADS, thread -> {
            for (int i = 0; i < perThread; i++) {
                byte[] frame = threadFrame(thread, i);
                if (i % 2 == 0) {
                    client.connection.write(ByteBuffer.wrap(frame));
                } else {
                    client.connection.write(ByteBuffer.wrap(frame, 0, 8), ByteBuffer.wrap(frame, 8, frame.length - 8));
                }
                if (i % 50 == 49) {
                    client.connection.flush();
                }
            }
            client.connection.flush();
        });
        int[] next = new int[Kits.THREADS];
        for (int n = 0; n < Kits.THREADS * perThread; n++) {
            byte[] actual = serverSide.frames.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            if (actual == null) {
                fail("frame %d of %d written by %d threads did not arrive within %s", n, Kits.THREADS * perThread, Kits.THREADS, Kits.TIMEOUT);
            }
            assertThat(actual.length).as("length of frame %d", n).isGreaterThanOrEqualTo(8);
            ByteBuffer ids = ByteBuffer.wrap(actual);
            int thread = ids.getInt();
            int index = ids.getInt();
            assertThat(thread).as("writer thread of frame %d", n).isBetween(0, Kits.THREADS - 1);
            assertThat(index).as("frame %d is the next frame of thread %d", n, thread).isEqualTo(next[thread]);
            Kits.assertSameBytes(String.format("frame %d of thread %d is whole", index, thread), actual, threadFrame(thread, index));
            next[thread]++;
        }
    }

    /**
     * A frame written as several buffers (a header, a body, an empty part and a tail) arrives as one frame equal to
     * their concatenation; the buffers keep their positions and limits, so one body can go to several connections.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void gatheringWriteArrivesAsOneFrameEqualToTheConcatenation() throws Exception {
        Server server = new Server(newTransport(LARGE_LIMIT));
        Transport clientTransport = newTransport(LARGE_LIMIT);
        Peer first = connect(clientTransport, server.listener.address());
        Peer second = connect(clientTransport, server.listener.address());
        Peer firstOnServer = server.peerOf(first);
        Peer secondOnServer = server.peerOf(second);

        byte[] bodyBytes = Kits.randomBytes(100_000, 11);
        ByteBuffer body = ByteBuffer.wrap(bodyBytes).asReadOnlyBuffer();
        ByteBuffer direct = ByteBuffer.allocateDirect(300).put(Kits.randomBytes(300, 12)).flip();
        direct.position(50).limit(250);
        byte[] tail = Kits.randomBytes(17, 13);
        List<ByteBuffer> parts = new ArrayList<>();
        List<int[]> bounds = new ArrayList<>();
        for (Peer to : List.of(firstOnServer, secondOnServer)) {
            ByteBuffer header = ByteBuffer.allocate(12).putInt(to == firstOnServer ? 1 : 2).putLong(42).flip();
            ByteBuffer empty = ByteBuffer.allocate(0);
            ByteBuffer tailBuffer = ByteBuffer.wrap(tail);
            for (ByteBuffer part : List.of(header, body, empty, direct, tailBuffer)) {
                parts.add(part);
                bounds.add(new int[] {part.position(), part.limit()});
            }
            to.connection.write(header, body, empty, direct, tailBuffer);
            to.connection.write(body);
        }
        await(firstOnServer.connection.flushWithCompletion(), "flushing the first connection");
        await(secondOnServer.connection.flushWithCompletion(), "flushing the second connection");

        byte[] directBytes = new byte[200];
        direct.duplicate().get(directBytes);
        for (int n = 1; n <= 2; n++) {
            byte[] header = ByteBuffer.allocate(12).putInt(n).putLong(42).array();
            byte[] expected = concat(header, bodyBytes, directBytes, tail);
            expect(n == 1 ? first : second, List.of(expected, bodyBytes));
        }
        for (int i = 0; i < parts.size(); i++) {
            ByteBuffer part = parts.get(i);
            assertThat(new int[] {part.position(), part.limit()}).as("position and limit of part %d after it was written", i)
                    .containsExactly(bounds.get(i));
        }
    }

    /**
     * Written frames wait for a flush; one flush then delivers all of them, in order.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void writtenFramesWaitForAFlush() throws Exception {
        Server server = new Server(newTransport(LARGE_LIMIT));
        Peer client = connect(newTransport(LARGE_LIMIT), server.listener.address());
        Peer serverSide = server.nextPeer();
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            frames.add(frame(i, 10 + i));
            client.connection.write(ByteBuffer.wrap(frames.get(i)));
        }
        assertThat(client.connection.pendingWriteBytes()).as("pending write bytes after 100 unflushed frames").isGreaterThanOrEqualTo(frames.stream().mapToLong(f -> f.length).sum());
        assertThat(serverSide.frames.poll(QUIET.toMillis(), TimeUnit.MILLISECONDS)).as("a frame that arrived before its flush").isNull();
        client.connection.flush();
        expect(serverSide, frames);
        await(client.connection.flushWithCompletion(), "flushing nothing more");
    }

    /**
     * A flush made in a {@link Connection#execute} task sends the frames another thread wrote before the flush call,
     * even when that task was submitted before they were written.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void aFlushInAConnectionTaskSendsWhatOtherThreadsWroteBeforeIt() throws Exception {
        Server server = new Server(newTransport(LARGE_LIMIT));
        Peer client = connect(newTransport(LARGE_LIMIT), server.listener.address());
        Peer serverSide = server.nextPeer();
        CountDownLatch taskStarted = new CountDownLatch(1);
        CountDownLatch written = new CountDownLatch(1);
        client.connection.execute(() -> {
            taskStarted.countDown();
            try {
                // the writes below happen while this task holds the connection's I/O thread (bounded by the timeout)
                if (!written.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            client.connection.flush();
        });
        assertThat(taskStarted.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("the connection task started").isTrue();
        List<byte[]> frames = new ArrayList<>();
        Thread writer = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < 50; i++) {
                frames.add(frame(i, 20 + i));
                client.connection.write(ByteBuffer.wrap(frames.get(i)));
            }
        });
        writer.join(java.time.Duration.ofSeconds(WAIT_SECONDS));
        assertThat(writer.isAlive()).as("the writer finished").isFalse();
        written.countDown();
        expect(serverSide, frames);
        await(client.connection.flushWithCompletion(), "flushing nothing more");
    }

    /**
     * A handler that pauses reading while it handles a frame gets no further frame, not even one the transport has
     * already received, until reading resumes; then every frame arrives, whole and in order.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void pausingInOnFrameStopsDeliveryUntilResumed() throws Exception {
        Server server = new Server(newTransport(LARGE_LIMIT));
        server.pauseAfter = 10;
        Peer client = connect(newTransport(LARGE_LIMIT), server.listener.address());
        Peer serverSide = server.nextPeer();
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            frames.add(frame(i, 4 + i % 60));
            client.connection.write(ByteBuffer.wrap(frames.get(i)));
        }
        await(client.connection.flushWithCompletion(), "flushing 1000 frames");
        expect(serverSide, frames.subList(0, 10));
        assertThat(serverSide.frames.poll(QUIET.toMillis(), TimeUnit.MILLISECONDS))
                .as("a frame delivered after the handler called pauseReading() in onFrame").isNull();
        assertThat(serverSide.received.get()).as("frames delivered while paused").isEqualTo(10);
        serverSide.connection.resumeReading();
        expect(serverSide, frames.subList(10, frames.size()));
        serverSide.assertCallsWereSerialOnOneThread("server side");
    }

    /**
     * A reader that pauses stops reading from the network: its peer, writing on, turns unwritable (with
     * {@code onWritabilityChanged(false)}) once more than the high water mark is pending, and stays so; once the reader
     * resumes, every frame arrives in order, and the writer turns writable again (with {@code onWritabilityChanged(true)})
     * as its buffer drains. It writes until the kernel's socket buffers are full, which with auto-tuned buffers
     * may take some megabytes and a few seconds.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void pausedReaderMakesTheWriterUnwritableUntilItResumes() throws Exception {
        Server server = new Server(newTransport(LARGE_LIMIT));
        Peer writer = connect(newTransport(LARGE_LIMIT), server.listener.address());
        Peer reader = server.nextPeer();
        reader.connection.pauseReading();
        assertThat(writer.connection.isWritable()).as("a new connection is writable").isTrue();

        ByteBuffer body = ByteBuffer.wrap(Kits.randomBytes(16 << 10, 21)).asReadOnlyBuffer();
        int sent = 0;
        long deadline = System.nanoTime() + Kits.TIMEOUT.toNanos();
        while (true) {
            while (writer.connection.isWritable()) {
                if (reader.received.get() > 0) {
                    fail("a reader that called pauseReading() before any frame was sent received %d frames", reader.received.get());
                }
                if ((long) sent * body.remaining() > MAX_BACKLOG_BYTES) {
                    fail("wrote %d bytes to a paused reader and the writer is still writable; it must turn unwritable once more than the high "
                            + "water mark of %d bytes is pending (pendingWriteBytes() = %d): does pauseReading() stop reading from the network?",
                            (long) sent * body.remaining(), HIGH_WATER_MARK, writer.connection.pendingWriteBytes());
                }
                writer.connection.write(ByteBuffer.allocate(4).putInt(sent).flip(), body);
                writer.connection.flush();
                sent++;
            }
            if (System.nanoTime() > deadline) {
                fail("the writer did not stay unwritable within %s while its reader was paused", Kits.TIMEOUT);
            }
            Boolean change = writer.writability.poll(QUIET.toMillis(), TimeUnit.MILLISECONDS);
            if (change == null && !writer.connection.isWritable()) {
                break;
            }
        }
        assertThat(writer.connection.pendingWriteBytes()).as("pending write bytes of the unwritable writer").isGreaterThan(LOW_WATER_MARK);
        assertThat(reader.received.get()).as("frames delivered to a reader that paused before any was sent").isZero();
        assertThat(writer.changes).as("writability changes while the reader is paused").isNotEmpty().last().isEqualTo(false);

        reader.connection.resumeReading();
        for (int i = 0; i < sent; i++) {
            byte[] actual = reader.frames.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            if (actual == null) {
                fail("frame %d of %d did not arrive within %s after resumeReading()", i, sent, Kits.TIMEOUT);
            }
            assertThat(actual.length).as("length of frame %d", i).isEqualTo(4 + body.remaining());
            assertThat(ByteBuffer.wrap(actual).getInt()).as("index of frame %d", i).isEqualTo(i);
            Kits.assertSameBytes(String.format("body of frame %d", i), Arrays.copyOfRange(actual, 4, actual.length), bytesOf(body));
        }
        long until = System.nanoTime() + Kits.TIMEOUT.toNanos();
        while (!writer.connection.isWritable() || writer.changes.isEmpty() || !writer.changes.getLast()) {
            if (writer.writability.poll(Math.max(1, until - System.nanoTime()), TimeUnit.NANOSECONDS) == null) {
                fail("the writer did not turn writable (with onWritabilityChanged(true)) within %s after its reader resumed; pending %d bytes",
                        Kits.TIMEOUT, writer.connection.pendingWriteBytes());
            }
        }
        assertThat(writer.connection.pendingWriteBytes()).as("pending write bytes once writable again").isLessThan(LOW_WATER_MARK);
        for (int i = 0; i < writer.changes.size(); i++) {
            assertThat(writer.changes.get(i)).as("writability change %d of %s alternates, starting with false", i, writer.changes).isEqualTo(i % 2 == 1);
        }
        writer.assertCallsWereSerialOnOneThread("writer");
        reader.assertCallsWereSerialOnOneThread("reader");
    }

    /**
     * A reader that pauses inside {@code onFrame} and resumes at once from another thread, again and again (as a
     * consumer whose queue is briefly full does), receives every frame exactly once and in order: a pause never loses,
     * repeats or reorders frames already read from the network.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void pausingInsideOnFrameAndResumingFromAnotherThreadLosesAndRepeatsNothing() throws Exception {
        Server server = new Server(newTransport(LARGE_LIMIT));
        Peer writer = connect(newTransport(LARGE_LIMIT), server.listener.address());
        Peer reader = server.nextPeer();
        reader.pauseEvery = 3;
        int frames = 20_000;
        for (int i = 0; i < frames; i++) {
            writer.connection.write(ByteBuffer.allocate(8).putInt(i).putInt(~i).flip());
            if (i % 64 == 63) {
                writer.connection.flush();
            }
        }
        writer.connection.flush();
        for (int i = 0; i < frames; i++) {
            byte[] actual = reader.frames.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            if (actual == null) {
                fail("frame %d of %d did not arrive within %s; a pause inside onFrame followed by resumeReading() from another thread"
                        + " must not stall the connection", i, frames, Kits.TIMEOUT);
            }
            assertThat(ByteBuffer.wrap(actual).getInt()).as("index of frame %d (a lost, repeated or reordered frame)", i).isEqualTo(i);
        }
        assertThat(reader.frames.poll(QUIET.toMillis(), TimeUnit.MILLISECONDS)).as("a frame after the last one sent").isNull();
        assertThat(reader.framesWhilePaused.get()).as("frames delivered between pauseReading() and resumeReading()").isZero();
        reader.assertCallsWereSerialOnOneThread("reader");
    }

    /**
     * Several connections at once each receive exactly their own echoed frames, in order.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void concurrentConnectionsAreIndependent() throws Exception {
        Server server = new Server(newTransport(LARGE_LIMIT));
        server.echo = true;
        Transport clientTransport = newTransport(LARGE_LIMIT);
        List<Peer> clients = new ArrayList<>();
        for (int i = 0; i < Kits.THREADS; i++) {
            clients.add(connect(clientTransport, server.listener.address()));
        }
        Kits.concurrently(Kits.THREADS, thread -> {
            Peer client = clients.get(thread);
            List<byte[]> frames = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                frames.add(frame(thread * 1_000_000 + i, (i * 97 + thread) % 9000));
            }
            CompletableFuture<Void> sent = sendAllAsync(client, frames);
            expect(client, frames);
            await(sent, "sending");
        });
    }

    /**
     * A frame over the server's limit closes that connection with a {@link TransportException} naming the size and
     * the limit; another connection, and a frame of exactly the limit, still work.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void frameOverTheLimitClosesOnlyThatConnection() throws Exception {
        Server server = new Server(newTransport(SMALL_LIMIT));
        server.echo = true;
        Transport clientTransport = newTransport(LARGE_LIMIT);
        Peer offender = connect(clientTransport, server.listener.address());
        Peer offenderOnServer = server.nextPeer();
        Peer bystander = connect(clientTransport, server.listener.address());
        server.nextPeer();

        offender.connection.writeAndFlush(ByteBuffer.wrap(frame(1, SMALL_LIMIT + 1)));
        Optional<Throwable> cause = offenderOnServer.awaitClose();
        assertThat(cause).as("cause of the server-side close after a frame of %d bytes over a limit of %d", SMALL_LIMIT + 1, SMALL_LIMIT)
                .hasValueSatisfying(c -> assertThat(c).isInstanceOf(TransportException.class)
                        .hasMessageContaining(Integer.toString(SMALL_LIMIT + 1)).hasMessageContaining(Integer.toString(SMALL_LIMIT)));
        offender.awaitClose();
        assertThat(offender.connection.isOpen()).as("offending client connection open").isFalse();

        byte[] atLimit = frame(2, SMALL_LIMIT);
        bystander.connection.writeAndFlush(ByteBuffer.wrap(atLimit));
        expect(bystander, List.of(atLimit));
        assertThat(bystander.connection.isOpen()).as("other connection open").isTrue();
    }

    /**
     * Closing the client ends the server side with one orderly {@link FrameHandler#onClose}.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void closingTheClientClosesTheServerSide() throws Exception {
        Server server = new Server(newTransport(LARGE_LIMIT));
        Peer client = connect(newTransport(LARGE_LIMIT), server.listener.address());
        Peer serverSide = server.nextPeer();
        client.connection.close();
        client.connection.close();
        assertThat(client.awaitClose()).as("cause of the client's own close").isEmpty();
        assertThat(serverSide.awaitClose()).as("cause of the server side's close").isEmpty();
        await(serverSide.connection.closeFuture(), "server side closeFuture");
        await(client.connection.closeFuture(), "client closeFuture");
        assertThat(serverSide.connection.isOpen()).as("server side open").isFalse();
        assertThat(client.connection.isOpen()).as("client open").isFalse();
        assertThat(client.closes.get()).as("onClose calls on the client").isEqualTo(1);
        assertThat(serverSide.closes.get()).as("onClose calls on the server side").isEqualTo(1);
    }

    /**
     * Closing the server side ends the client with one orderly {@link FrameHandler#onClose}.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void closingTheServerSideClosesTheClient() throws Exception {
        Server server = new Server(newTransport(LARGE_LIMIT));
        Peer client = connect(newTransport(LARGE_LIMIT), server.listener.address());
        Peer serverSide = server.nextPeer();
        serverSide.connection.close();
        assertThat(serverSide.awaitClose()).as("cause of the server side's own close").isEmpty();
        assertThat(client.awaitClose()).as("cause of the client's close").isEmpty();
        await(client.connection.closeFuture(), "client closeFuture");
        assertThat(client.connection.isOpen()).as("client open").isFalse();
        assertThat(client.closes.get()).as("onClose calls on the client").isEqualTo(1);
        assertThat(serverSide.closes.get()).as("onClose calls on the server side").isEqualTo(1);
    }

    /**
     * Frames written before {@code close()}, flushed or not, reach the peer before it sees the close.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void closingSendsTheFramesWrittenBeforeIt() throws Exception {
        Server server = new Server(newTransport(LARGE_LIMIT));
        Peer client = connect(newTransport(LARGE_LIMIT), server.listener.address());
        Peer serverSide = server.nextPeer();
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            frames.add(frame(i, 100 + i * 50));
            serverSide.connection.write(ByteBuffer.wrap(frames.get(i)));
            if (i == 99) {
                serverSide.connection.flush();
            }
        }
        serverSide.connection.close();
        expect(client, frames);
        assertThat(client.awaitClose()).as("cause of the client's close").isEmpty();
        assertThat(client.closes.get()).as("onClose calls on the client").isEqualTo(1);
        client.assertCallsWereSerialOnOneThread("client");
    }

    /**
     * A handler that throws from {@code onFrame} closes its connection, and {@code onClose} reports what it threw.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void handlerThatThrowsClosesItsConnectionWithWhatItThrew() throws Exception {
        Server server = new Server(newTransport(LARGE_LIMIT));
        server.throwOnFrame = true;
        Peer client = connect(newTransport(LARGE_LIMIT), server.listener.address());
        Peer serverSide = server.nextPeer();
        client.connection.writeAndFlush(ByteBuffer.wrap(frame(1, 10)));
        assertThat(serverSide.awaitClose()).as("cause of the close after onFrame threw")
                .hasValueSatisfying(c -> assertThat(Kits.describeAll(c)).anySatisfy(text -> assertThat(text).contains(Peer.THROWN)));
        client.awaitClose();
        assertThat(serverSide.connection.isOpen()).as("server side open after its handler threw").isFalse();
    }

    /**
     * Writing on a closed connection neither throws nor sends; it is not writable, and
     * {@link Connection#flushWithCompletion()} fails.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void writingOnAClosedConnectionIsDroppedAndFlushWithCompletionFails() throws Exception {
        Server server = new Server(newTransport(LARGE_LIMIT));
        Peer client = connect(newTransport(LARGE_LIMIT), server.listener.address());
        Peer serverSide = server.nextPeer();
        client.connection.close();
        client.awaitClose();
        serverSide.awaitClose();
        client.connection.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        client.connection.write(ByteBuffer.wrap(new byte[] {1}), ByteBuffer.wrap(new byte[] {2}));
        client.connection.flush();
        assertThat(client.connection.flushWithCompletion()).as("flushWithCompletion() after close").failsWithin(Kits.TIMEOUT);
        assertThat(client.connection.isWritable()).as("a closed connection is writable").isFalse();
        assertThat(serverSide.received.get()).as("frames received from a closed connection").isZero();
    }

    /**
     * Closing a listener stops new connections but keeps the open ones working.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void closingAListenerKeepsItsConnections() throws Exception {
        Server server = new Server(newTransport(LARGE_LIMIT));
        server.echo = true;
        Transport clientTransport = newTransport(LARGE_LIMIT);
        URI address = server.listener.address();
        Peer client = connect(clientTransport, address);
        server.listener.close();
        server.listener.close();
        assertThat(clientTransport.connect(address, new Peer())).as("connecting after the listener closed").failsWithin(Kits.TIMEOUT);
        byte[] payload = frame(7, 100);
        client.connection.writeAndFlush(ByteBuffer.wrap(payload));
        expect(client, List.of(payload));
    }

    /**
     * Closing the transport closes its listeners and connections, and closing it again is harmless.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void closingTheTransportClosesEverything() throws Exception {
        Transport serverTransport = newTransport(LARGE_LIMIT);
        Server server = new Server(serverTransport);
        Transport clientTransport = newTransport(LARGE_LIMIT);
        URI address = server.listener.address();
        Peer first = connect(clientTransport, address);
        Peer second = connect(clientTransport, address);
        Peer firstOnServer = server.nextPeer();
        Peer secondOnServer = server.nextPeer();

        serverTransport.close();
        serverTransport.close();
        for (Peer peer : List.of(first, second, firstOnServer, secondOnServer)) {
            peer.awaitClose();
            assertThat(peer.connection.isOpen()).as("connection open after transport close").isFalse();
        }
        assertThat(clientTransport.connect(address, new Peer())).as("connecting after the transport closed").failsWithin(Kits.TIMEOUT);

        Peer client = connect(newTransport(LARGE_LIMIT), new Server(newTransport(LARGE_LIMIT)).listener.address());
        clientTransport.close();
        assertThat(client.connection.isOpen()).as("a connection of another transport").isTrue();
    }

    private static InetSocketAddress loopback(String what, SocketAddress address) {
        assertThat(address).as(what).isInstanceOf(InetSocketAddress.class);
        InetSocketAddress inet = (InetSocketAddress) address;
        assertThat(inet.getAddress()).as("%s %s", what, inet).isNotNull();
        assertThat(inet.getAddress().isLoopbackAddress()).as("%s %s is loopback", what, inet).isTrue();
        return inet;
    }

    private List<byte[]> frames() {
        List<byte[]> frames = new ArrayList<>();
        int[] sizes = {0, 1, 2, 3, 4, 7, 100, 1000, 4095, 4096, 4097, 65_535, 65_536, 65_537, 100_000, 1 << 20, 0, 5};
        for (int i = 0; i < sizes.length; i++) {
            frames.add(frame(i, sizes[i]));
        }
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200; i++) {
            frames.add(frame(sizes.length + i, random.nextInt(0, 20_000)));
        }
        return frames;
    }

    /** {@return a frame of {@code size} bytes, starting with {@code index} when it fits, then bytes seeded by it} */
    private static byte[] frame(int index, int size) {
        byte[] frame = Kits.randomBytes(size, index);
        if (size >= 4) {
            ByteBuffer.wrap(frame).putInt(index);
        }
        return frame;
    }

    /** {@return the remaining bytes of a buffer, without moving its position} */
    private static byte[] bytesOf(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }

    /** {@return frame {@code index} of writer {@code thread}: both numbers, then 0 to 299 bytes seeded by them} */
    private static byte[] threadFrame(int thread, int index) {
        byte[] frame = Kits.randomBytes(8 + (index * 31 + thread) % 300, thread * 1_000_000L + index);
        ByteBuffer.wrap(frame).putInt(thread).putInt(index);
        return frame;
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuffer all = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(p -> p.length).sum());
        for (byte[] part : parts) {
            all.put(part);
        }
        return all.array();
    }

    private static void sendAndExpect(Peer from, Peer to, List<byte[]> frames) throws Exception {
        CompletableFuture<Void> sending = sendAllAsync(from, frames);
        expect(to, frames);
        await(sending, "sending");
    }

    /**
     * {@return completes when a virtual thread has written every frame, flushing every 64 frames, and the frames
     * have left}
     */
    private static CompletableFuture<Void> sendAllAsync(Peer from, List<byte[]> frames) {
        return CompletableFuture.supplyAsync(() -> {
            for (int i = 0; i < frames.size(); i++) {
                from.connection.write(ByteBuffer.wrap(frames.get(i)));
                if (i % 64 == 63) {
                    from.connection.flush();
                }
            }
            return from.connection.flushWithCompletion();
        }, task -> Thread.ofVirtual().name("whispeer-tck-sender").start(task)).thenCompose(flushed -> flushed);
    }

    private static void expect(Peer peer, List<byte[]> frames) throws InterruptedException {
        for (int i = 0; i < frames.size(); i++) {
            byte[] expected = frames.get(i);
            byte[] actual = peer.frames.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            if (actual == null) {
                fail("frame %d of %d (%d bytes) did not arrive within %s", i, frames.size(), expected.length, Kits.TIMEOUT);
            }
            Kits.assertSameBytes(String.format("frame %d of %d", i, frames.size()), actual, expected);
        }
    }

    private static <T> T await(CompletableFuture<T> future, String what) throws InterruptedException {
        try {
            return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError(what + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError(what + " did not complete within " + Kits.TIMEOUT);
        }
    }

    private Peer connect(Transport transport, URI address) throws InterruptedException {
        Peer peer = new Peer();
        peer.connection = await(transport.connect(address, peer), "connecting to " + address);
        assertThat(peer.connection).as("connection").isNotNull();
        return peer;
    }

    /**
     * One side of a connection: copies its frames (or echoes them, or throws), records writability changes and its
     * close, and notes the threads that call it and any overlap between calls.
     */
    private static final class Peer implements FrameHandler {
        static final String THROWN = "thrown by the kit's handler on purpose";

        final BlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();
        final BlockingQueue<Boolean> writability = new LinkedBlockingQueue<>();
        final List<Boolean> changes = new CopyOnWriteArrayList<>();
        final CompletableFuture<Optional<Throwable>> closed = new CompletableFuture<>();
        final AtomicInteger closes = new AtomicInteger();
        final AtomicInteger received = new AtomicInteger();
        final Set<String> threads = ConcurrentHashMap.newKeySet();
        final AtomicBoolean inCall = new AtomicBoolean();
        final AtomicInteger overlaps = new AtomicInteger();
        final AtomicInteger callsAfterClose = new AtomicInteger();
        volatile boolean echo;
        volatile boolean throwOnFrame;
        volatile int pauseAfter = -1;
        /** Not 0: pause inside every n-th onFrame and resume from another thread right away. */
        volatile int pauseEvery;
        /** Set from a pause inside onFrame until just before the other thread resumes. */
        volatile boolean pausedNow;
        final AtomicInteger framesWhilePaused = new AtomicInteger();
        volatile Connection connection;

        @Override
        public void onFrame(Connection from, ByteBuffer frame) {
            enter();
            try {
                byte[] copy = new byte[frame.remaining()];
                frame.get(copy);
                int count = received.incrementAndGet();
                if (throwOnFrame) {
                    throw new IllegalStateException(THROWN);
                }
                if (echo) {
                    from.writeAndFlush(ByteBuffer.wrap(copy));
                } else {
                    frames.add(copy);
                }
                if (count == pauseAfter) {
                    from.pauseReading();
                }
                if (pausedNow) {
                    framesWhilePaused.incrementAndGet();
                }
                if (pauseEvery != 0 && count % pauseEvery == 0) {
                    pausedNow = true;
                    from.pauseReading();
                    Thread.ofVirtual().start(() -> {
                        pausedNow = false;
                        from.resumeReading();
                    });
                }
            } finally {
                exit();
            }
        }

        @Override
        public void onWritabilityChanged(Connection from, boolean writable) {
            enter();
            try {
                changes.add(writable);
                writability.add(writable);
            } finally {
                exit();
            }
        }

        @Override
        public void onClose(Connection from, Optional<Throwable> cause) {
            enter();
            try {
                closes.incrementAndGet();
                closed.complete(cause);
            } finally {
                exit();
            }
        }

        private void enter() {
            threads.add(Thread.currentThread().getName() + "#" + Thread.currentThread().threadId());
            if (closed.isDone()) {
                callsAfterClose.incrementAndGet();
            }
            if (!inCall.compareAndSet(false, true)) {
                overlaps.incrementAndGet();
            }
        }

        private void exit() {
            inCall.set(false);
        }

        Optional<Throwable> awaitClose() throws InterruptedException {
            return await(closed, "onClose");
        }

        void assertCallsWereSerialOnOneThread(String side) {
            assertThat(overlaps.get()).as("handler calls of the %s that overlapped another call", side).isZero();
            assertThat(callsAfterClose.get()).as("handler calls of the %s after onClose", side).isZero();
            assertThat(threads).as("threads that called the handler of the %s", side).hasSizeLessThanOrEqualTo(1);
        }
    }

    /** A listener whose accepted connections queue up as peers. */
    private final class Server {
        final Transport.Listener listener;
        final BlockingQueue<Peer> accepted = new LinkedBlockingQueue<>();
        /** Accepted peers that {@link #peerOf} passed over; the test thread's own. */
        final List<Peer> unclaimed = new ArrayList<>();
        volatile boolean echo;
        volatile boolean throwOnFrame;
        volatile int pauseAfter = -1;

        Server(Transport transport) throws InterruptedException {
            listener = await(transport.bind(listenAddress(), connection -> {
                Peer peer = new Peer();
                peer.echo = echo;
                peer.throwOnFrame = throwOnFrame;
                peer.pauseAfter = pauseAfter;
                peer.connection = connection;
                accepted.add(peer);
                return peer;
            }), "binding " + listenAddress());
            assertThat(listener).as("listener").isNotNull();
        }

        /**
         * {@return the server side of a client's connection, found by the client's local port} A transport may accept
         * connections made one after the other in another order (each on its own I/O thread), so tests that send
         * different frames to several clients match them up this way.
         */
        Peer peerOf(Peer client) throws InterruptedException {
            int port = loopback("client's local address", client.connection.info().localAddress()).getPort();
            long deadline = System.nanoTime() + Kits.TIMEOUT.toNanos();
            while (true) {
                for (Iterator<Peer> waiting = unclaimed.iterator(); waiting.hasNext();) {
                    Peer peer = waiting.next();
                    if (loopback("server side's remote address", peer.connection.info().remoteAddress()).getPort() == port) {
                        waiting.remove();
                        return peer;
                    }
                }
                Peer next = accepted.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (next == null) {
                    fail("the server accepted no connection from local port %d within %s", port, Kits.TIMEOUT);
                }
                unclaimed.add(next);
            }
        }

        Peer nextPeer() throws InterruptedException {
            if (!unclaimed.isEmpty()) {
                return unclaimed.removeFirst();
            }
            Peer peer = accepted.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            if (peer == null) {
                fail("the server accepted no connection within %s", Kits.TIMEOUT);
            }
            return peer;
        }
    }
}
