package io.whispeer.transport.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.whispeer.api.TransportException;
import io.whispeer.api.spi.Connection;
import io.whispeer.api.spi.FrameHandler;
import io.whispeer.api.spi.Settings;
import io.whispeer.api.spi.Transport;

/** The JDK's own {@link java.net.http.WebSocket} client, not ours, against a listener of this transport. */
class JdkWebSocketClientTest {
    private static final long WAIT_SECONDS = 10;

    private final HttpClient http = HttpClient.newHttpClient();
    private Transport transport;

    @AfterEach
    void close() {
        if (transport != null) {
            transport.close();
        }
        http.close();
    }

    @Test
    void theJdkClientExchangesBinaryMessagesWithAListener() throws Exception {
        transport = new WsTransportProvider().create(Settings.empty());
        Transport.Listener listener = transport.bind(URI.create("ws://127.0.0.1:0/whispeer"), connection -> new FrameHandler() {
            @Override
            public void onFrame(Connection from, ByteBuffer frame) {
                ByteBuffer reply = ByteBuffer.allocate(frame.remaining() + 4).putInt(frame.remaining()).put(frame).flip();
                from.writeAndFlush(reply);
            }
        }).get(WAIT_SECONDS, TimeUnit.SECONDS);
        Recorder recorder = new Recorder();
        WebSocket socket = http.newWebSocketBuilder().buildAsync(listener.address(), recorder).get(WAIT_SECONDS, TimeUnit.SECONDS);

        for (int size : new int[] {0, 1, 125, 126, 65_535, 65_536, 200_000}) {
            byte[] sent = new byte[size];
            for (int i = 0; i < size; i++) {
                sent[i] = (byte) (i * 31 + size);
            }
            socket.sendBinary(ByteBuffer.wrap(sent), true).get(WAIT_SECONDS, TimeUnit.SECONDS);
            byte[] reply = recorder.messages.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(reply).as("the reply to a message of %d bytes", size).isNotNull();
            assertThat(ByteBuffer.wrap(reply).getInt()).as("the size the listener saw").isEqualTo(size);
            assertThat(ByteBuffer.wrap(reply, 4, reply.length - 4)).as("the bytes echoed back").isEqualTo(ByteBuffer.wrap(sent));
        }
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(recorder.closed.get(WAIT_SECONDS, TimeUnit.SECONDS)).as("the close status the listener answered").isEqualTo(WebSocket.NORMAL_CLOSURE);
    }

    @Test
    void aMessageOverTheLimitClosesWithStatus1009AndAnErrorNamingSizeAndLimit() throws Exception {
        transport = new WsTransportProvider().create(Settings.of(Map.of("max-frame-bytes", "1000")));
        CompletableFuture<Optional<Throwable>> serverClose = new CompletableFuture<>();
        Transport.Listener listener = transport.bind(URI.create("ws://127.0.0.1:0/whispeer"), connection -> new FrameHandler() {
            @Override
            public void onFrame(Connection from, ByteBuffer frame) {
            }

            @Override
            public void onClose(Connection from, Optional<Throwable> cause) {
                serverClose.complete(cause);
            }
        }).get(WAIT_SECONDS, TimeUnit.SECONDS);
        Recorder recorder = new Recorder();
        WebSocket socket = http.newWebSocketBuilder().buildAsync(listener.address(), recorder).get(WAIT_SECONDS, TimeUnit.SECONDS);

        socket.sendBinary(ByteBuffer.allocate(1001), true);
        assertThat(recorder.closed.get(WAIT_SECONDS, TimeUnit.SECONDS)).as("the close status the client got").isEqualTo(1009);
        assertThat(serverClose.get(WAIT_SECONDS, TimeUnit.SECONDS)).as("the cause of the listener side's close")
                .hasValueSatisfying(c -> assertThat(c).isInstanceOf(TransportException.class).hasMessageContaining("1001 bytes")
                        .hasMessageContaining("max-frame-bytes=1000"));
    }

    @Test
    void aTextMessageIsAProtocolErrorThatClosesTheConnection() throws Exception {
        transport = new WsTransportProvider().create(Settings.empty());
        Transport.Listener listener = transport.bind(URI.create("ws://127.0.0.1:0/whispeer"), connection -> (from, frame) -> { })
                .get(WAIT_SECONDS, TimeUnit.SECONDS);
        Recorder recorder = new Recorder();
        WebSocket socket = http.newWebSocketBuilder().buildAsync(listener.address(), recorder).get(WAIT_SECONDS, TimeUnit.SECONDS);
        socket.sendText("hello", true);
        assertThat(recorder.closed.get(WAIT_SECONDS, TimeUnit.SECONDS)).as("the close status after a text message").isEqualTo(1003);
    }

    /** Collects whole binary messages and the close status. */
    private static final class Recorder implements WebSocket.Listener {
        final BlockingQueue<byte[]> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private ByteBuffer partial = ByteBuffer.allocate(0);

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            ByteBuffer joined = ByteBuffer.allocate(partial.remaining() + data.remaining()).put(partial).put(data).flip();
            if (last) {
                byte[] bytes = new byte[joined.remaining()];
                joined.get(bytes);
                messages.add(bytes);
                partial = ByteBuffer.allocate(0);
            } else {
                partial = joined;
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }
    }
}
