package io.whispeer.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.whispeer.api.Envelope;
import io.whispeer.api.Headers;
import io.whispeer.api.MessageId;
import io.whispeer.api.spi.Connection;
import io.whispeer.api.spi.FrameHandler;
import io.whispeer.api.spi.Settings;
import io.whispeer.api.spi.Transport;
import io.whispeer.protocol.Frames;
import io.whispeer.protocol.Transports;
import io.whispeer.protocol.v1.Connect;
import io.whispeer.protocol.v1.Frame;

/**
 * A protocol client written by hand from frames, over a real transport connection, so that server tests see exactly
 * what the server sends and can send what a well-behaved client never would.
 */
final class RawClient implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final Transport transport;
    final Connection connection;
    final LinkedBlockingQueue<Frame> received = new LinkedBlockingQueue<>();
    final CompletableFuture<Optional<Throwable>> closed = new CompletableFuture<>();
    private final Frames frames = Frames.defaults();

    private RawClient(URI endpoint) throws Exception {
        this.transport = Transports.create(endpoint, Settings.of(Map.of()));
        this.connection = transport.connect(endpoint, new FrameHandler() {
            @Override
            public void onFrame(Connection c, ByteBuffer frame) {
                received.add(frames.decode(frame));
            }

            @Override
            public void onClose(Connection c, Optional<Throwable> cause) {
                closed.complete(cause);
            }
        }).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** {@return a connection that has not sent CONNECT} */
    static RawClient open(URI endpoint) throws Exception {
        return new RawClient(endpoint);
    }

    /** {@return a connection that sent CONNECT and received CONNACK} */
    static RawClient connected(URI endpoint) throws Exception {
        RawClient client = new RawClient(endpoint);
        client.send(Frame.newBuilder().setConnect(Connect.newBuilder().addVersions(Frames.PROTOCOL_VERSION)).build());
        assertThat(client.next().hasConnack()).as("CONNACK").isTrue();
        return client;
    }

    void send(Frame frame) {
        connection.writeAndFlush(frames.encode(frame));
    }

    /** Sends bytes that need not be a frame. */
    void sendRaw(byte[] bytes) {
        connection.writeAndFlush(ByteBuffer.wrap(bytes));
    }

    Frame next() throws InterruptedException {
        Frame frame = received.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(frame).as("a frame within " + TIMEOUT).isNotNull();
        return frame;
    }

    /** {@return the next frame of a kind, skipping others (such as PUBACKs between DELIVERs)} */
    Frame next(Frame.KindCase kind) throws InterruptedException {
        while (true) {
            Frame frame = next();
            if (frame.getKindCase() == kind) {
                return frame;
            }
        }
    }

    /**
     * Reads PUBACKs (skipping other frames) until {@code requests} requests are answered, expanding each PUBACK's
     * {@code count}; they may come in any order, and a request answered twice fails the test.
     *
     * @param requests how many requests to wait for
     * @return the answer of each request id
     */
    java.util.Map<Long, io.whispeer.protocol.v1.Puback> pubacks(int requests) throws InterruptedException {
        java.util.Map<Long, io.whispeer.protocol.v1.Puback> answers = new java.util.HashMap<>();
        while (answers.size() < requests) {
            io.whispeer.protocol.v1.Puback ack = next(Frame.KindCase.PUBACK).getPuback();
            for (int i = 0; i < Math.max(1, ack.getCount()); i++) {
                assertThat(answers.put(ack.getRequestId() + i, ack)).as("PUBACK of request %d twice", ack.getRequestId() + i).isNull();
            }
        }
        return answers;
    }

    Optional<Throwable> awaitClosed() throws Exception {
        return closed.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    static Envelope envelope(String topic, String text) {
        return Envelope.builder().topic(topic).id(MessageId.generate()).timestamp(java.time.Instant.now()).headers(Headers.empty())
                .codecId(1).payload(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)).build();
    }

    @Override
    public void close() {
        connection.close();
        transport.close();
    }
}
