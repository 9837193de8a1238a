package io.whispeer.api.spi;

import java.net.SocketAddress;
import java.security.Principal;
import java.util.Objects;
import java.util.Optional;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Who is at the other end of a {@link Connection}, and how it came in: what a server logs, authenticates and
 * authorises with. It does not change during the connection's life: a transport must complete its TLS and
 * WebSocket handshakes before it hands the connection out (to {@link Transport.ConnectionAcceptor#accept} or as
 * the result of {@link Transport#connect}).
 *
 * <p>An interface, so that it can grow; {@link #of(String, SocketAddress, SocketAddress)} and
 * {@link #of(String, SocketAddress, SocketAddress, SSLSession)} build the usual one.
 */
public interface ConnectionInfo {
    /** {@return the URI scheme the connection came through, lowercase, such as {@code tcp}, {@code tls} or {@code wss}} */
    String scheme();

    /**
     * {@return the peer's address} For TCP and WebSocket transports a {@link java.net.InetSocketAddress}; it is the
     * address of the socket, not one a proxy may claim in a header.
     */
    SocketAddress remoteAddress();

    /** {@return this side's address} For TCP and WebSocket transports a {@link java.net.InetSocketAddress}. */
    SocketAddress localAddress();

    /** {@return the TLS session, after its handshake; empty on a connection without TLS} */
    Optional<SSLSession> sslSession();

    /**
     * {@return the peer's principal as TLS verified it (its certificate's subject), empty without TLS or when the peer
     * presented no certificate} The default reads it from {@link #sslSession()}.
     */
    default Optional<Principal> peerPrincipal() {
        return sslSession().flatMap(session -> {
            try {
                return Optional.ofNullable(session.getPeerPrincipal());
            } catch (SSLPeerUnverifiedException e) {
                return Optional.empty();
            }
        });
    }

    /**
     * Describes a connection without TLS.
     *
     * @param scheme        the URI scheme, lowercase
     * @param remoteAddress the peer's address
     * @param localAddress  this side's address
     * @return the description
     */
    static ConnectionInfo of(String scheme, SocketAddress remoteAddress, SocketAddress localAddress) {
        return new BasicConnectionInfo(scheme, remoteAddress, localAddress, Optional.empty());
    }

    /**
     * Describes a connection secured by TLS.
     *
     * @param scheme        the URI scheme, lowercase
     * @param remoteAddress the peer's address
     * @param localAddress  this side's address
     * @param sslSession    the session, after its handshake
     * @return the description
     */
    static ConnectionInfo of(String scheme, SocketAddress remoteAddress, SocketAddress localAddress, SSLSession sslSession) {
        return new BasicConnectionInfo(scheme, remoteAddress, localAddress, Optional.of(Objects.requireNonNull(sslSession, "sslSession")));
    }
}
