package io.whispeer.transport.ws;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import javax.net.ssl.SSLException;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.whispeer.api.ConfigurationException;
import io.whispeer.api.spi.Settings;
import io.whispeer.api.spi.TransportSettings;

/**
 * What a {@link WsTransport} reads from its settings, checked once when it is created.
 *
 * @param transport         the settings every transport shares (frame limit, water marks)
 * @param handshakeTimeout  how long a connection may take from TCP connect to the end of its WebSocket upgrade
 * @param ioThreads         the event loop threads of the transport
 * @param certificateChain  PEM certificate chain of this side, for wss
 * @param privateKey        PEM PKCS#8 private key of {@code certificateChain}
 * @param trustCertificates PEM certificates this side trusts for its peer; the JDK's trust store when empty (clients)
 * @param clientAuth        whether a wss listener asks clients for a certificate
 */
record WsSettings(TransportSettings transport, Duration handshakeTimeout, int ioThreads, Optional<Path> certificateChain,
        Optional<Path> privateKey, Optional<Path> trustCertificates, ClientAuth clientAuth) {
    static final String WS = "ws";
    static final String WSS = "wss";
    static final String HANDSHAKE_TIMEOUT = "handshake-timeout";
    static final String IO_THREADS = "io-threads";
    static final String TLS_CERTIFICATE_CHAIN = "tls.certificate-chain";
    static final String TLS_PRIVATE_KEY = "tls.private-key";
    static final String TLS_TRUST_CERTIFICATES = "tls.trust-certificates";
    static final String TLS_CLIENT_AUTH = "tls.client-auth";
    static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    static final Set<String> KEYS = Set.of("max-frame-bytes", "write-buffer-high-water-mark", "write-buffer-low-water-mark", HANDSHAKE_TIMEOUT,
            IO_THREADS, TLS_CERTIFICATE_CHAIN, TLS_PRIVATE_KEY, TLS_TRUST_CERTIFICATES, TLS_CLIENT_AUTH);
    private static final String PREFIX = "whispeer.transport.ws.";

    static WsSettings from(Settings settings) {
        TransportSettings transport = TransportSettings.from(settings);
        Duration handshakeTimeout = settings.getDuration(HANDSHAKE_TIMEOUT, DEFAULT_HANDSHAKE_TIMEOUT);
        int ioThreads = settings.getInt(IO_THREADS, Math.min(Runtime.getRuntime().availableProcessors(), 4), 1, 1024);
        Optional<Path> chain = file(settings, TLS_CERTIFICATE_CHAIN);
        Optional<Path> key = file(settings, TLS_PRIVATE_KEY);
        if (chain.isPresent() != key.isPresent()) {
            throw new ConfigurationException("Only one of " + PREFIX + TLS_CERTIFICATE_CHAIN + " and " + PREFIX + TLS_PRIVATE_KEY
                    + " is set; set both (a PEM certificate chain and its PEM PKCS#8 private key) or neither.");
        }
        Optional<Path> trust = file(settings, TLS_TRUST_CERTIFICATES);
        String auth = settings.get(TLS_CLIENT_AUTH, "none").toLowerCase(Locale.ROOT);
        ClientAuth clientAuth = switch (auth) {
            case "none" -> ClientAuth.NONE;
            case "optional" -> ClientAuth.OPTIONAL;
            case "require" -> ClientAuth.REQUIRE;
            default -> throw new ConfigurationException("Invalid " + PREFIX + TLS_CLIENT_AUTH + "='" + auth + "': use none, optional or require.");
        };
        if (clientAuth != ClientAuth.NONE && trust.isEmpty()) {
            throw new ConfigurationException(PREFIX + TLS_CLIENT_AUTH + "=" + auth + " needs " + PREFIX + TLS_TRUST_CERTIFICATES
                    + ": the PEM certificates that client certificates must chain to.");
        }
        return new WsSettings(transport, handshakeTimeout, ioThreads, chain, key, trust, clientAuth);
    }

    private static Optional<Path> file(Settings settings, String key) {
        Optional<Path> path = settings.get(key).filter(s -> !s.isEmpty()).map(Path::of);
        path.ifPresent(p -> {
            if (!Files.isReadable(p)) {
                throw new ConfigurationException("Cannot read " + PREFIX + key + "=" + p + " (" + p.toAbsolutePath()
                        + "): the file does not exist or is not readable.");
            }
        });
        return path;
    }

    /** {@return the context of wss listeners} */
    SslContext serverContext() {
        if (certificateChain.isEmpty()) {
            throw new ConfigurationException("A wss listener needs a certificate: set " + PREFIX + TLS_CERTIFICATE_CHAIN + " and " + PREFIX
                    + TLS_PRIVATE_KEY + " to PEM files, or listen on ws://.");
        }
        try {
            SslContextBuilder builder = SslContextBuilder.forServer(file(certificateChain), file(privateKey)).sslProvider(SslProvider.JDK)
                    .clientAuth(clientAuth);
            trustCertificates.ifPresent(t -> builder.trustManager(t.toFile()));
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new ConfigurationException("Cannot build the TLS context of wss listeners from " + PREFIX + TLS_CERTIFICATE_CHAIN + "="
                    + certificateChain.get() + " and " + PREFIX + TLS_PRIVATE_KEY + "=" + privateKey.get() + ": " + e.getMessage()
                    + ". Use a PEM certificate chain and an unencrypted PEM PKCS#8 key.", e);
        }
    }

    /** {@return the context of wss clients: the configured trust (else the JDK's), a client certificate when configured} */
    SslContext clientContext() {
        try {
            SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(SslProvider.JDK).endpointIdentificationAlgorithm("HTTPS");
            trustCertificates.ifPresent(t -> builder.trustManager(t.toFile()));
            if (certificateChain.isPresent()) {
                builder.keyManager(file(certificateChain), file(privateKey));
            }
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new ConfigurationException("Cannot build the TLS context of wss clients from the " + PREFIX + "tls.* settings: " + e.getMessage(), e);
        }
    }

    private static File file(Optional<Path> path) {
        return path.orElseThrow().toFile();
    }
}
