/**
 * The WebSocket transport, found through {@link java.util.ServiceLoader} as the
 * {@link io.whispeer.api.spi.TransportProvider} {@link io.whispeer.transport.ws.WsTransportProvider}: addresses
 * {@code ws://host:port/path} and {@code wss://host:port/path}; the path defaults to {@code /whispeer}.
 *
 * <h2>Wire format</h2>
 * RFC 6455 WebSocket, no subprotocol and no extension. Each whispeer frame travels as one binary message (which
 * a sender may fragment); a text message is a protocol error that closes the connection with status 1003. A message
 * over {@code whispeer.transport.max-frame-bytes} is refused as soon as the frame header that crosses the limit
 * arrives, before its payload is buffered, and the connection is closed with status 1009; the receiving side's
 * {@link io.whispeer.api.spi.FrameHandler#onClose} gets a {@link io.whispeer.api.TransportException} naming the size
 * and the limit. Pings are answered; a close frame is answered and ends the connection.
 *
 * <h2>Settings</h2>
 * Besides the settings of every transport ({@link io.whispeer.api.spi.TransportSettings}), under
 * {@code whispeer.transport.ws.}:
 * <ul>
 *   <li>{@code handshake-timeout} (default {@code 10s}): how long a connection may take from the TCP connect to the
 *       end of its TLS and WebSocket handshakes; a peer that has not completed the upgrade by then is disconnected
 *       (slow-loris protection). It also bounds the client's TCP connect.</li>
 *   <li>{@code io-threads} (default: the processors, at most 4): the event loop threads of one transport.</li>
 *   <li>{@code tls.certificate-chain} and {@code tls.private-key}: PEM files, this side's certificate chain and its
 *       unencrypted PKCS#8 key. A {@code wss} listener needs them; a client presents them when the server asks.</li>
 *   <li>{@code tls.trust-certificates}: a PEM file of the certificates this side trusts for its peer. Clients use the
 *       JDK's trust store when it is absent, and verify the server's host name.</li>
 *   <li>{@code tls.client-auth} ({@code none}, {@code optional} or {@code require}; default {@code none}): whether
 *       a {@code wss} listener asks clients for a certificate, which must chain to {@code tls.trust-certificates}.
 *       {@link io.whispeer.api.spi.ConnectionInfo#peerPrincipal()} then names the client.</li>
 * </ul>
 * TLS runs in Netty's {@code SslHandler} with the JDK's provider.
 *
 * <h2>Threads</h2>
 * Each transport has its own Netty NIO event loop group; a connection's handler runs on its event loop.
 * {@link io.whispeer.api.spi.Transport#close()} closes every listener and connection and stops the threads.
 */
package io.whispeer.transport.ws;
