/**
 * The TCP transport: frames prefixed by their length over plain TCP ({@code tcp://}) or TLS ({@code tls://}), on
 * Netty, with Linux epoll when its native library loads and NIO otherwise.
 *
 * @provides io.whispeer.api.spi.TransportProvider the transport named {@code tcp}, for the schemes {@code tcp} and
 *           {@code tls}
 */
module io.whispeer.transport.tcp {
    requires io.whispeer.api;
    requires io.netty.buffer;
    requires io.netty.codec;
    requires io.netty.common;
    requires io.netty.handler;
    requires io.netty.transport;
    requires io.netty.transport.classes.epoll;

    provides io.whispeer.api.spi.TransportProvider with io.whispeer.transport.tcp.TcpTransportProvider;
}
