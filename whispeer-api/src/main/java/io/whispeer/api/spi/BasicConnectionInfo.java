package io.whispeer.api.spi;

import java.net.SocketAddress;
import java.util.Objects;
import java.util.Optional;

import javax.net.ssl.SSLSession;

/** The {@link ConnectionInfo} of {@link ConnectionInfo#of}. */
record BasicConnectionInfo(String scheme, SocketAddress remoteAddress, SocketAddress localAddress, Optional<SSLSession> sslSession)
        implements ConnectionInfo {
    BasicConnectionInfo {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(remoteAddress, "remoteAddress");
        Objects.requireNonNull(localAddress, "localAddress");
        Objects.requireNonNull(sslSession, "sslSession");
    }

    /** {@return the scheme and both addresses, with the TLS protocol when there is one; never key material} */
    @Override
    public String toString() {
        return scheme + " " + localAddress + " <- " + remoteAddress + sslSession.map(s -> " (" + s.getProtocol() + ")").orElse("");
    }
}
