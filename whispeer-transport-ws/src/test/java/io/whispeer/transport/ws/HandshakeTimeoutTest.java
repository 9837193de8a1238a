package io.whispeer.transport.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.whispeer.api.spi.Settings;
import io.whispeer.api.spi.Transport;

/** A slow-loris client, which opens a connection and never finishes its upgrade, is dropped after the handshake timeout. */
class HandshakeTimeoutTest {
    private Transport transport;

    @AfterEach
    void close() {
        transport.close();
    }

    @Test
    void aClientThatSendsHalfAnUpgradeAndStallsIsDisconnectedAfterTheHandshakeTimeout() throws Exception {
        transport = new WsTransportProvider().create(Settings.of(Map.of("handshake-timeout", "300ms")));
        AtomicInteger accepted = new AtomicInteger();
        Transport.Listener listener = transport.bind(URI.create("ws://127.0.0.1:0/whispeer"), connection -> {
            accepted.incrementAndGet();
            return (from, frame) -> { };
        }).get(10, TimeUnit.SECONDS);
        try (Socket socket = new Socket("127.0.0.1", listener.address().getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /whispeer HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            assertThat(readUntilClosed(socket.getInputStream())).as("what the server sent before it closed the stalled connection").isEmpty();
        }
        assertThat(accepted.get()).as("connections handed to the acceptor").isZero();
    }

    /** {@return the bytes read until the server closed the connection}; a read timeout (10 s) fails the test */
    private static String readUntilClosed(InputStream in) throws IOException {
        StringBuilder read = new StringBuilder();
        try {
            for (int b = in.read(); b >= 0; b = in.read()) {
                read.append((char) b);
            }
        } catch (SocketException reset) {
            /* a reset is a close too */
        }
        return read.toString();
    }
}
