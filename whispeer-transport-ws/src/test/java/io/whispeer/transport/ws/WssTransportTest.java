package io.whispeer.transport.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.security.Principal;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.whispeer.api.spi.Connection;
import io.whispeer.api.spi.FrameHandler;
import io.whispeer.api.spi.Settings;
import io.whispeer.api.spi.Transport;
import io.whispeer.api.spi.TransportProvider;
import io.whispeer.tck.TransportCompatibilityKit;

/** The kit over wss, with mutual TLS: both sides present the test certificate and trust it. */
class WssTransportTest extends TransportCompatibilityKit {
    @TempDir
    static Path directory;
    private static TestCertificates certificates;

    @BeforeAll
    static void generateCertificate() throws Exception {
        certificates = TestCertificates.generate(directory);
    }

    @Override
    protected TransportProvider provider() {
        return new WsTransportProvider();
    }

    @Override
    protected URI listenAddress() {
        return URI.create("wss://127.0.0.1:0/whispeer");
    }

    @Override
    protected boolean usesTls() {
        return true;
    }

    @Override
    protected Settings settings(int maxFrameBytes) {
        Map<String, String> values = new HashMap<>(super.settings(maxFrameBytes).asMap());
        values.put("tls.certificate-chain", certificates.certificate().toString());
        values.put("tls.private-key", certificates.privateKey().toString());
        values.put("tls.trust-certificates", certificates.certificate().toString());
        values.put("tls.client-auth", "require");
        return Settings.of(values);
    }

    @Test
    void bothSidesNameTheirPeerByItsVerifiedCertificate() throws Exception {
        Transport server = newTransport(LARGE_LIMIT);
        CompletableFuture<Connection> accepted = new CompletableFuture<>();
        Transport.Listener listener = server.bind(listenAddress(), connection -> {
            accepted.complete(connection);
            return (c, frame) -> { };
        }).get(10, TimeUnit.SECONDS);
        FrameHandler ignore = (c, frame) -> { };
        Connection client = newTransport(LARGE_LIMIT).connect(listener.address(), ignore).get(10, TimeUnit.SECONDS);
        Connection serverSide = accepted.get(10, TimeUnit.SECONDS);

        assertThat(client.info().peerPrincipal()).as("the server's principal seen by the client").map(Principal::getName)
                .hasValue(TestCertificates.SUBJECT);
        assertThat(serverSide.info().peerPrincipal()).as("the client's principal seen by the server").map(Principal::getName)
                .hasValue(TestCertificates.SUBJECT);
        assertThat(serverSide.info().sslSession()).as("the server side's TLS session").hasValueSatisfying(s -> assertThat(s.getProtocol()).startsWith("TLS"));
    }
}
