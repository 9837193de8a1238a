package io.whispeer.client;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.whispeer.api.spi.Connection;
import io.whispeer.api.spi.FrameHandler;
import io.whispeer.api.spi.Settings;
import io.whispeer.api.spi.Transport;
import io.whispeer.protocol.Frames;
import io.whispeer.protocol.Transports;
import io.whispeer.protocol.v1.Connack;
import io.whispeer.protocol.v1.Frame;
import io.whispeer.protocol.v1.SessionLimits;

/**
 * A real listening socket (the TCP transport's {@code bind}) that a test drives by hand with frames: it records what
 * the client sends and writes what the test tells it to. Optionally answers CONNECT with CONNACK by itself.
 */
final class FakeServer implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Transport transport;
    private final Transport.Listener listener;
    private final LinkedBlockingQueue<Peer> peers = new LinkedBlockingQueue<>();
    volatile boolean autoConnack = true;
    volatile int keepAliveMillis;

    FakeServer() throws Exception {
        this(URI.create("tcp://127.0.0.1:0"));
    }

    FakeServer(URI bindAddress) throws Exception {
        transport = Transports.create(bindAddress, Settings.empty());
        listener = transport.bind(bindAddress, connection -> {
            Peer peer = new Peer(connection);
            peers.add(peer);
            return peer;
        }).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** {@return the address clients connect to} */
    String address() {
        return listener.address().toString();
    }

    /** {@return the next connection the client opens} */
    Peer nextPeer() throws InterruptedException {
        Peer peer = peers.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (peer == null) {
            throw new AssertionError("No client connected within " + TIMEOUT);
        }
        return peer;
    }

    /** Stops listening; open connections stay. */
    void stopListening() {
        listener.close();
    }

    @Override
    public void close() {
        listener.close();
        transport.close();
    }

    /** One accepted connection. */
    final class Peer implements FrameHandler {
        final Connection connection;
        final LinkedBlockingQueue<Frame> received = new LinkedBlockingQueue<>();
        final CompletableFuture<Optional<Throwable>> closed = new CompletableFuture<>();

        Peer(Connection connection) {
            this.connection = connection;
        }

        @Override
        public void onFrame(Connection from, ByteBuffer bytes) {
            byte[] copy = new byte[bytes.remaining()]; // the frame's sealed bytes would share the transport's lent buffer
            bytes.get(copy);
            Frame frame = Frames.defaults().decode(copy);
            received.add(frame);
            if (frame.hasConnect() && autoConnack) {
                connack();
            }
        }

        void connack() {
            send(Frame.newBuilder().setConnack(Connack.newBuilder().setVersion(1).setServerId("fake")
                    .setLimits(SessionLimits.newBuilder().setKeepAliveMillis(keepAliveMillis))).build());
        }

        @Override
        public void onClose(Connection from, Optional<Throwable> cause) {
            closed.complete(cause);
        }

        void send(Frame frame) {
            connection.write(Frames.defaults().encode(frame));
            connection.flush();
        }

        /** {@return the next frame of a kind, skipping PINGs and CONNECTs unless one is asked for} */
        Frame next(Frame.KindCase kind) throws InterruptedException {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (true) {
                Frame frame = received.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (frame == null) {
                    throw new AssertionError("No " + kind + " frame within " + TIMEOUT);
                }
                if (frame.getKindCase() == kind) {
                    return frame;
                }
                if (frame.getKindCase() != Frame.KindCase.PING && frame.getKindCase() != Frame.KindCase.CONNECT) {
                    throw new AssertionError("Expected a " + kind + " frame, got " + frame);
                }
            }
        }
    }
}
