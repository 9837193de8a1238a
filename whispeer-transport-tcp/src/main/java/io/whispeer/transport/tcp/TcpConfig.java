package io.whispeer.transport.tcp;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import javax.net.ssl.SSLException;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.whispeer.api.ConfigurationException;
import io.whispeer.api.spi.Settings;
import io.whispeer.api.spi.TransportSettings;

/**
 * The settings of one TCP transport, read and checked once, with the TLS contexts built from them.
 *
 * @param transport        the settings every transport reads
 * @param useNative        whether to use epoll when it is available
 * @param ioThreads        the event loop threads
 * @param connectTimeout   how long a TCP connect may take
 * @param closeTimeout     how long an orderly close waits for the peer to take what was written
 * @param handshakeTimeout how long a TLS handshake may take
 * @param serverTls        the server's TLS context, when a certificate and key are configured
 * @param serverTlsMissing why there is no server context, for the error of a {@code tls://} bind
 * @param clientTls        the client's TLS context
 */
record TcpConfig(TransportSettings transport, boolean useNative, int ioThreads, Duration connectTimeout, Duration closeTimeout,
        Duration handshakeTimeout, Optional<SslContext> serverTls, String serverTlsMissing, SslContext clientTls) {
    static final String NATIVE = "native";
    static final String IO_THREADS = "io-threads";
    static final String CONNECT_TIMEOUT = "connect-timeout";
    static final String CLOSE_TIMEOUT = "close-timeout";
    static final String TLS_CERT = "tls.cert";
    static final String TLS_KEY = "tls.key";
    static final String TLS_TRUST = "tls.trust";
    static final String TLS_HANDSHAKE_TIMEOUT = "tls.handshake-timeout";
    static final Set<String> KEYS = Set.of("max-frame-bytes", "write-buffer-high-water-mark", "write-buffer-low-water-mark", NATIVE, IO_THREADS,
            CONNECT_TIMEOUT, CLOSE_TIMEOUT, TLS_CERT, TLS_KEY, TLS_TRUST, TLS_HANDSHAKE_TIMEOUT);
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    static TcpConfig from(Settings settings) {
        TransportSettings transport = TransportSettings.from(settings);
        boolean useNative = settings.getBoolean(NATIVE, true);
        int ioThreads = settings.getInt(IO_THREADS, Runtime.getRuntime().availableProcessors(), 1, 1024);
        Duration connectTimeout = settings.getDuration(CONNECT_TIMEOUT, DEFAULT_TIMEOUT);
        Duration closeTimeout = settings.getDuration(CLOSE_TIMEOUT, DEFAULT_TIMEOUT);
        Duration handshakeTimeout = settings.getDuration(TLS_HANDSHAKE_TIMEOUT, DEFAULT_TIMEOUT);
        Optional<File> cert = file(settings, TLS_CERT);
        Optional<File> key = file(settings, TLS_KEY);
        Optional<SslContext> server = Optional.empty();
        String missing = "";
        if (cert.isPresent() != key.isPresent()) {
            String given = cert.isPresent() ? TLS_CERT : TLS_KEY;
            String absent = cert.isPresent() ? TLS_KEY : TLS_CERT;
            throw new ConfigurationException(settings.fullKey(given) + " is set but " + settings.fullKey(absent)
                    + " is not: a TLS server needs both its certificate chain and its private key, as PEM files.");
        }
        if (cert.isPresent()) {
            try {
                server = Optional.of(SslContextBuilder.forServer(cert.get(), key.get()).sslProvider(SslProvider.JDK).build());
            } catch (SSLException | IllegalArgumentException e) {
                throw new ConfigurationException("Cannot use the TLS certificate " + settings.fullKey(TLS_CERT) + "=" + cert.get() + " with the key "
                        + settings.fullKey(TLS_KEY) + "=" + key.get() + ": " + e.getMessage()
                        + ". Give a PEM certificate chain and its unencrypted PKCS#8 PEM key (-----BEGIN PRIVATE KEY-----).", e);
            }
        } else {
            missing = "binding a tls:// address needs the server's certificate and key: set " + settings.fullKey(TLS_CERT) + " and "
                    + settings.fullKey(TLS_KEY) + " to PEM files";
        }
        Optional<File> trust = file(settings, TLS_TRUST);
        SslContext client;
        try {
            SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(SslProvider.JDK).endpointIdentificationAlgorithm("HTTPS");
            trust.ifPresent(builder::trustManager);
            client = builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new ConfigurationException("Cannot use the TLS trust certificates " + settings.fullKey(TLS_TRUST) + "=" + trust.orElse(null) + ": "
                    + e.getMessage() + ". Give a PEM file of certificates.", e);
        }
        return new TcpConfig(transport, useNative, ioThreads, connectTimeout, closeTimeout, handshakeTimeout, server, missing, client);
    }

    private static Optional<File> file(Settings settings, String key) {
        Optional<String> value = settings.get(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Path path = Path.of(value.get());
        if (!Files.isReadable(path)) {
            throw new ConfigurationException("Invalid " + settings.fullKey(key) + "=" + value.get() + ": no readable file there. Give the path of a PEM file.");
        }
        return Optional.of(path.toFile());
    }
}
