package io.whispeer.transport.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.whispeer.api.TransportException;
import io.whispeer.api.spi.Settings;
import io.whispeer.api.spi.Transport;

/** Addresses the transport cannot serve fail with errors that say what to change. */
class WsAddressErrorsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Transport transport = new WsTransportProvider().create(Settings.empty());

    @AfterEach
    void close() {
        transport.close();
    }

    @Test
    void aWssListenerWithoutACertificateFailsNamingTheSettings() {
        assertThat(transport.bind(URI.create("wss://127.0.0.1:0/whispeer"), connection -> (from, frame) -> { })).failsWithin(WAIT)
                .withThrowableThat().havingCause().isInstanceOf(TransportException.class)
                .withMessageContaining("whispeer.transport.ws.tls.certificate-chain").withMessageContaining("whispeer.transport.ws.tls.private-key");
    }

    @Test
    void connectingToAnotherPathFailsWithTheServersAnswer() throws Exception {
        Transport.Listener listener = transport.bind(URI.create("ws://127.0.0.1:0/whispeer"), connection -> (from, frame) -> { })
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        URI elsewhere = URI.create("ws://127.0.0.1:" + listener.address().getPort() + "/elsewhere");
        assertThat(transport.connect(elsewhere, (from, frame) -> { })).failsWithin(WAIT).withThrowableThat().havingCause()
                .isInstanceOf(TransportException.class).withMessageContaining("404").withMessageContaining("/whispeer");
    }

    @Test
    void theListenerReportsItsPathAndTheDefaultPathIsWhispeer() throws Exception {
        Transport.Listener custom = transport.bind(URI.create("ws://127.0.0.1:0/custom/path"), connection -> (from, frame) -> { })
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        Transport.Listener plain = transport.bind(URI.create("ws://127.0.0.1:0"), connection -> (from, frame) -> { })
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(custom.address().getPath()).isEqualTo("/custom/path");
        assertThat(plain.address().getPath()).isEqualTo("/whispeer");
        assertThat(transport.connect(custom.address(), (from, frame) -> { })).succeedsWithin(WAIT);
    }
}
