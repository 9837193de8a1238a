package io.whispeer.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.whispeer.api.TransportException;
import io.whispeer.api.spi.Connection;
import io.whispeer.api.spi.FrameHandler;
import io.whispeer.api.spi.Settings;
import io.whispeer.api.spi.Transport;
import io.whispeer.api.spi.TransportProvider;

/**
 * The compatibility kit for {@link TransportProvider} and {@link Transport}. Extend it, return the provider and a
 * loopback address with port 0:
 * <pre>{@code
 * class TcpTransportTest extends TransportCompatibilityKit {
 *     protected TransportProvider provider() { return new TcpTransportProvider(); }
 *     protected URI listenAddress() { return URI.create("tcp://127.0.0.1:0"); }
 * }
 * }</pre>
 *
 * <p>Each test creates a server transport and a client transport from the provider and closes both afterwards.
 * What it checks: names and schemes; that the listener reports its actual port; that frames of 0 bytes to 1 MiB
 * arrive whole and in order in both directions; that concurrent connections are independent; that a frame over
 * {@value #MAX_FRAME_BYTES} closes only its connection, with a {@link TransportException} naming the limit; that
 * closing either side ends the other with {@link FrameHandler#onClose} exactly once; that sending on a closed
 * connection fails; that closing a listener keeps its connections; and that closing the transport closes
 * everything. Every wait is bounded by a timeout.
 *
 * <p>{@link Transport.Listener#close()} and {@link Transport#close()} must return only once the listening socket is
 * closed: a connection attempted afterwards must fail, not be accepted by a socket that is still closing.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class TransportCompatibilityKit {
    /** The setting that limits the size of one frame. */
    protected static final String MAX_FRAME_BYTES = "whispeer.transport.max-frame-bytes";
    /** The frame limit of the transports in most tests: room for the 1 MiB frames. */
    protected static final int LARGE_LIMIT = 2 << 20;
    /** The frame limit of the server in the over-limit test. */
    protected static final int SMALL_LIMIT = 64 << 10;

    private static final long WAIT_SECONDS = Kits.TIMEOUT.toSeconds();

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
     * The settings for a transport with a frame limit. Override to add settings the transport needs (TLS
     * certificates, say), keeping {@value #MAX_FRAME_BYTES}.
     *
     * @param maxFrameBytes the frame limit
     * @return settings with {@value #MAX_FRAME_BYTES} set, in plain bytes, scoped as a transport receives them
     *         (to {@code whispeer.transport.}: the key is {@code max-frame-bytes})
     */
    protected Settings settings(int maxFrameBytes) {
        return Settings.of(Map.of(MAX_FRAME_BYTES, Integer.toString(maxFrameBytes))).scoped("whispeer.transport.");
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
        assertThat(client.connection.remoteAddress()).as("client's remote address").isNotNull();
        assertThat(client.connection.remoteAddress().getPort()).as("client's remote port").isEqualTo(address.getPort());
        assertThat(server.nextPeer().connection.isOpen()).as("server side is open").isTrue();
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
     * Thousands of small frames in both directions at once arrive in order.
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
            List<CompletableFuture<Void>> sent = new ArrayList<>();
            frames.forEach(f -> sent.add(client.connection.send(f)));
            expect(client, frames);
            await(CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)), "sending");
        });
    }

    /**
     * A frame over the server's limit closes that connection with a {@link TransportException} naming the limit;
     * another connection, and a frame of exactly the limit, still work.
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

        offender.connection.send(frame(1, SMALL_LIMIT + 1));
        Optional<Throwable> cause = offenderOnServer.awaitClose();
        assertThat(cause).as("cause of the server-side close after a frame of %d bytes over a limit of %d", SMALL_LIMIT + 1, SMALL_LIMIT)
                .hasValueSatisfying(c -> assertThat(c).isInstanceOf(TransportException.class).hasMessageContaining(Integer.toString(SMALL_LIMIT)));
        offender.awaitClose();
        assertThat(offender.connection.isOpen()).as("offending client connection open").isFalse();

        byte[] atLimit = frame(2, SMALL_LIMIT);
        bystander.connection.send(atLimit);
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
     * Sending on a closed connection completes the future exceptionally.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void sendingOnAClosedConnectionFails() throws Exception {
        Server server = new Server(newTransport(LARGE_LIMIT));
        Peer client = connect(newTransport(LARGE_LIMIT), server.listener.address());
        client.connection.close();
        client.awaitClose();
        assertThat(client.connection.send(new byte[] {1, 2, 3})).as("send after close").failsWithin(Kits.TIMEOUT);
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
        client.connection.send(payload);
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

    private static void sendAndExpect(Peer from, Peer to, List<byte[]> frames) throws Exception {
        CompletableFuture<Void> sending = sendAllAsync(from, frames);
        expect(to, frames);
        await(sending, "sending");
    }

    /** {@return completes when a virtual thread has sent every frame and every send future completed} */
    private static CompletableFuture<Void> sendAllAsync(Peer from, List<byte[]> frames) {
        return CompletableFuture.supplyAsync(() -> {
            List<CompletableFuture<Void>> sent = new ArrayList<>();
            frames.forEach(f -> sent.add(from.connection.send(f)));
            return sent;
        }, task -> Thread.ofVirtual().name("whispeer-tck-sender").start(task))
                .thenCompose(sent -> CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)));
    }

    private static void expect(Peer peer, List<byte[]> frames) throws InterruptedException {
        for (int i = 0; i < frames.size(); i++) {
            byte[] expected = frames.get(i);
            byte[] actual = peer.frames.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            if (actual == null) {
                fail("frame %d of %d (%d bytes) did not arrive within %s", i, frames.size(), expected.length, Kits.TIMEOUT);
            }
            if (actual.length != expected.length || Arrays.mismatch(actual, expected) >= 0) {
                fail("frame %d of %d: expected %d bytes, got %d bytes differing first at byte %d", i, frames.size(), expected.length,
                        actual.length, Arrays.mismatch(actual, expected));
            }
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

    /** One side of a connection: collects frames (or echoes them) and records its close. */
    private static final class Peer implements FrameHandler {
        final BlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();
        final CompletableFuture<Optional<Throwable>> closed = new CompletableFuture<>();
        final AtomicInteger closes = new AtomicInteger();
        volatile boolean echo;
        volatile Connection connection;

        @Override
        public void onFrame(Connection from, byte[] frame) {
            if (echo) {
                from.send(frame);
            } else {
                frames.add(frame);
            }
        }

        @Override
        public void onClose(Connection from, Optional<Throwable> cause) {
            closes.incrementAndGet();
            closed.complete(cause);
        }

        Optional<Throwable> awaitClose() throws InterruptedException {
            return await(closed, "onClose");
        }
    }

    /** A listener whose accepted connections queue up as peers. */
    private final class Server {
        final Transport.Listener listener;
        final BlockingQueue<Peer> accepted = new LinkedBlockingQueue<>();
        volatile boolean echo;

        Server(Transport transport) throws InterruptedException {
            listener = await(transport.bind(listenAddress(), connection -> {
                Peer peer = new Peer();
                peer.echo = echo;
                peer.connection = connection;
                accepted.add(peer);
                return peer;
            }), "binding " + listenAddress());
            assertThat(listener).as("listener").isNotNull();
        }

        Peer nextPeer() throws InterruptedException {
            Peer peer = accepted.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            if (peer == null) {
                fail("the server accepted no connection within %s", Kits.TIMEOUT);
            }
            return peer;
        }
    }
}
