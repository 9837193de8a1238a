package io.whispeer.transport.tcp;

import java.util.Objects;
import java.util.Set;

import io.whispeer.api.spi.Settings;
import io.whispeer.api.spi.Transport;
import io.whispeer.api.spi.TransportProvider;
import io.whispeer.api.spi.TransportSettings;

/**
 * The transport named {@code tcp}, for the URI schemes {@code tcp} (plain TCP) and {@code tls} (TLS over TCP), on
 * Netty.
 *
 * <h2>Wire format</h2>
 * Each frame is its length as a 4-byte big-endian unsigned integer, then its bytes. A frame longer than
 * {@code whispeer.transport.max-frame-bytes} closes its connection with a {@link io.whispeer.api.TransportException}
 * naming the size and the limit.
 *
 * <h2>Writing, flow control and threads</h2>
 * A frame of up to 2 KiB is copied, behind its length prefix, into one pooled direct buffer (cheaper than a composite
 * of wrappers for small frames); a larger write wraps the caller's buffers (duplicates, so their positions stay put)
 * behind the length prefix, as one message, without copying them, and Netty copies heap buffers into direct memory
 * only as it hands them to the socket.
 * Frames wait until {@link io.whispeer.api.spi.Connection#flush()}, which is one Netty flush (one system call for
 * many frames); over TLS they wait above the TLS handler too, which would otherwise send them early. A connection
 * is writable by Netty's {@code WriteBufferWaterMark} built from the two water mark settings.
 * {@link io.whispeer.api.spi.Connection#pauseReading()} turns Netty's {@code autoRead} off and holds back the frames
 * already decoded from the last read, so that a pause inside {@code onFrame} stops delivery at once; resuming
 * delivers those first. Each connection's handler runs on its channel's event loop, which it must not block; a frame
 * it receives is a view of Netty's buffer, released when {@code onFrame} returns.
 *
 * <h2>Addresses</h2>
 * {@code tcp://host:port} and {@code tls://host:port}; the port must be given, and port 0 makes
 * {@link Transport#bind} pick a free one.
 *
 * <h2>Settings</h2>
 * Besides the settings of every transport ({@link TransportSettings}), under {@code whispeer.transport.tcp.} (or,
 * shared with other transports, {@code whispeer.transport.}):
 * <ul>
 *   <li>{@code native}: {@code true} (the default) uses Linux epoll when Netty's native library for it loads, NIO
 *       otherwise; {@code false} always uses NIO. Which one was chosen is logged at DEBUG by the logger
 *       {@code io.whispeer.transport.tcp}.</li>
 *   <li>{@code io-threads}: the event loop threads of one transport, 1 to 1024; the default is the number of
 *       processors. Each connection's I/O and handler calls run on one of them.</li>
 *   <li>{@code connect-timeout}: how long {@link Transport#connect} waits for the TCP connection, default
 *       {@code 10s}.</li>
 *   <li>{@code close-timeout}: how long {@link io.whispeer.api.spi.Connection#close()} waits for the peer to take
 *       what was written before it closes anyway, default {@code 10s}.</li>
 *   <li>{@code tls.cert}: a PEM file with the server's certificate chain, its own certificate first; needed to bind
 *       a {@code tls://} address.</li>
 *   <li>{@code tls.key}: a PEM file with the server's private key, unencrypted PKCS#8
 *       ({@code -----BEGIN PRIVATE KEY-----}); needed with {@code tls.cert}.</li>
 *   <li>{@code tls.trust}: a PEM file with the certificates a client trusts when it connects to a {@code tls://}
 *       address; without it, the JDK's default trust store. A client also checks that the server's certificate
 *       names the host it connected to (a DNS or IP subject alternative name).</li>
 *   <li>{@code tls.handshake-timeout}: how long a TLS handshake may take, default {@code 10s}.</li>
 * </ul>
 * TLS uses the JDK's provider ({@code SSLEngine}), with its default protocols and cipher suites.
 *
 * <p>A provider is cheap: {@link #create(Settings)} starts the event loop threads, which
 * {@link Transport#close()} stops.
 */
public final class TcpTransportProvider implements TransportProvider {
    /** The transport's name: {@value}. */
    public static final String NAME = "tcp";
    /** The scheme of plain TCP: {@value}. */
    public static final String TCP = "tcp";
    /** The scheme of TLS over TCP: {@value}. */
    public static final String TLS = "tls";

    /** Creates the provider, as {@link java.util.ServiceLoader} does. */
    public TcpTransportProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> schemes() {
        return Set.of(TCP, TLS);
    }

    @Override
    public Set<String> settingKeys() {
        return TcpConfig.KEYS;
    }

    /**
     * Creates the transport and starts its event loop threads.
     *
     * @param settings the transport's settings, scoped as {@link TransportProvider#create(Settings)} describes
     * @return the transport
     * @throws io.whispeer.api.ConfigurationException when a setting is invalid, or a TLS file cannot be read
     */
    @Override
    public Transport create(Settings settings) {
        Objects.requireNonNull(settings, "settings");
        return new TcpTransport(TcpConfig.from(settings));
    }
}
