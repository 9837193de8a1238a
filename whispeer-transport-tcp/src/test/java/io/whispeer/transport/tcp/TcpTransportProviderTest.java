package io.whispeer.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.netty.channel.epoll.Epoll;
import io.whispeer.api.ConfigurationException;
import io.whispeer.api.TransportException;
import io.whispeer.api.spi.Connection;
import io.whispeer.api.spi.FrameHandler;
import io.whispeer.api.spi.Settings;
import io.whispeer.api.spi.Transport;

class TcpTransportProviderTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static Settings settings(Map<String, String> values) {
        return Settings.of(values).scoped("whispeer.transport.tcp.");
    }

    private static final FrameHandler IGNORE = (connection, frame) -> {
    };

    @Test
    void usesEpollWhenItIsAvailableAndNioWhenNativeIsFalse() {
        try (TcpTransport automatic = (TcpTransport) new TcpTransportProvider().create(settings(Map.of()));
                TcpTransport nio = (TcpTransport) new TcpTransportProvider().create(settings(Map.of("whispeer.transport.tcp.native", "false")))) {
            assertThat(automatic.ioKind()).isEqualTo(Epoll.isAvailable() ? "epoll" : "nio");
            assertThat(nio.ioKind()).isEqualTo("nio");
        }
    }

    @Test
    void epollIsAvailableOnLinuxX8664WhereTheNativeJarIsADependency() {
        boolean linuxX8664 = System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).startsWith("linux")
                && System.getProperty("os.arch").equals("amd64");
        assertThat(Epoll.isAvailable() || !linuxX8664).as("epoll available on Linux x86-64; unavailability cause: %s", Epoll.unavailabilityCause())
                .isTrue();
    }

    @Test
    void nioTransportCarriesFramesBothWays() throws Exception {
        try (Transport transport = new TcpTransportProvider().create(settings(Map.of("whispeer.transport.tcp.native", "false")))) {
            CompletableFuture<byte[]> echoed = new CompletableFuture<>();
            Transport.Listener listener = transport.bind(URI.create("tcp://127.0.0.1:0"), accepted -> (connection, frame) -> {
                byte[] copy = new byte[frame.remaining()];
                frame.get(copy);
                connection.writeAndFlush(ByteBuffer.wrap(copy));
            }).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            Connection client = transport.connect(listener.address(), (connection, frame) -> {
                byte[] copy = new byte[frame.remaining()];
                frame.get(copy);
                echoed.complete(copy);
            }).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            client.writeAndFlush(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            assertThat(echoed.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).containsExactly(1, 2, 3);
        }
    }

    @Test
    void closingWhileThePeerDoesNotReadGivesUpAfterTheCloseTimeoutAndSaysWhatWasLost() throws Exception {
        try (Transport transport = new TcpTransportProvider().create(settings(Map.of("whispeer.transport.tcp.close-timeout", "300ms")))) {
            Transport.Listener listener = transport.bind(URI.create("tcp://127.0.0.1:0"), accepted -> {
                accepted.pauseReading();
                return IGNORE;
            }).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            CompletableFuture<Optional<Throwable>> closed = new CompletableFuture<>();
            Connection writer = transport.connect(listener.address(), new FrameHandler() {
                @Override
                public void onFrame(Connection connection, ByteBuffer frame) {
                }

                @Override
                public void onClose(Connection connection, Optional<Throwable> cause) {
                    closed.complete(cause);
                }
            }).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            // 32 MiB, more than the kernel's socket buffers of both sides take, so some must wait for the reader.
            ByteBuffer body = ByteBuffer.allocateDirect(64 << 10);
            for (int i = 0; i < 512; i++) {
                writer.write(body);
            }
            writer.flush();
            writer.close();
            assertThat(closed.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).hasValueSatisfying(cause -> assertThat(cause)
                    .isInstanceOf(TransportException.class).hasMessageContaining("bytes unsent").hasMessageContaining("300 ms"));
        }
    }

    @Test
    void bindingTlsWithoutACertificateFailsNamingTheSettings() {
        try (Transport transport = new TcpTransportProvider().create(settings(Map.of()))) {
            assertThat(transport.bind(URI.create("tls://127.0.0.1:0"), connection -> IGNORE)).failsWithin(TIMEOUT)
                    .withThrowableOfType(ExecutionException.class).havingCause().isInstanceOf(TransportException.class)
                    .withMessageContaining("tls.cert").withMessageContaining("tls.key");
        }
    }

    @Test
    void anAddressWithAnotherSchemeOrNoPortIsRefused() {
        try (Transport transport = new TcpTransportProvider().create(settings(Map.of()))) {
            assertThat(transport.connect(URI.create("ws://127.0.0.1:1"), IGNORE)).failsWithin(TIMEOUT)
                    .withThrowableOfType(ExecutionException.class).havingCause().withMessageContaining("'ws'");
            assertThat(transport.bind(URI.create("tcp://127.0.0.1"), connection -> IGNORE)).failsWithin(TIMEOUT)
                    .withThrowableOfType(ExecutionException.class).havingCause().withMessageContaining("no port");
        }
    }

    @Test
    void aCertificateWithoutItsKeyIsAConfigurationError(@TempDir Path directory) throws Exception {
        TestCertificates.Pem pem = TestCertificates.selfSigned(directory, "lonely");
        assertThatThrownBy(() -> new TcpTransportProvider().create(settings(Map.of("whispeer.transport.tcp.tls.cert", pem.cert().toString()))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("whispeer.transport.tcp.tls.cert")
                .hasMessageContaining("whispeer.transport.tcp.tls.key");
    }

    @Test
    void aMissingTrustFileIsAConfigurationErrorNamingThePath(@TempDir Path directory) {
        Path missing = directory.resolve("absent.pem");
        assertThatThrownBy(() -> new TcpTransportProvider().create(settings(Map.of("whispeer.transport.tcp.tls.trust", missing.toString()))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining(missing.toString());
    }

    @Test
    void aTlsClientThatDoesNotTrustTheServerFailsToConnectWithAClearError(@TempDir Path directory) throws Exception {
        TestCertificates.Pem server = TestCertificates.selfSigned(directory, "server");
        TestCertificates.Pem other = TestCertificates.selfSigned(directory, "other");
        try (Transport serverTransport = new TcpTransportProvider().create(server.settings());
                Transport clientTransport = new TcpTransportProvider().create(settings(Map.of("whispeer.transport.tcp.tls.trust", other.cert().toString())))) {
            CompletableFuture<Connection> accepted = new CompletableFuture<>();
            Transport.Listener listener = serverTransport.bind(URI.create("tls://127.0.0.1:0"), connection -> {
                accepted.complete(connection);
                return IGNORE;
            }).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(clientTransport.connect(listener.address(), IGNORE)).failsWithin(TIMEOUT)
                    .withThrowableOfType(ExecutionException.class).havingCause().isInstanceOf(TransportException.class)
                    .withMessageContaining(listener.address().toString()).withMessageContaining("TLS handshake failed")
                    .withMessageContaining("whispeer.transport.tcp.tls.trust");
            assertThat(accepted).as("a server connection whose handshake failed is never accepted").isNotDone();
        }
    }

    @Test
    void aTlsConnectionReportsTheServersPrincipalToTheClient(@TempDir Path directory) throws Exception {
        TestCertificates.Pem server = TestCertificates.selfSigned(directory, "whispeer-test-server");
        try (Transport transport = new TcpTransportProvider().create(server.settings())) {
            Transport.Listener listener = transport.bind(URI.create("tls://127.0.0.1:0"), connection -> IGNORE).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            Connection client = transport.connect(listener.address(), IGNORE).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(client.info().scheme()).isEqualTo("tls");
            assertThat(client.info().sslSession()).isPresent();
            assertThat(client.info().peerPrincipal()).map(p -> p.getName()).isEqualTo(Optional.of("CN=whispeer-test-server"));
        }
    }
}
