/**
 * The WebSocket transport: {@code ws://} and {@code wss://} on Netty, one whispeer frame per binary WebSocket message.
 *
 * @provides io.whispeer.api.spi.TransportProvider the transport named {@code ws}, for the schemes {@code ws} and
 *           {@code wss}
 */
module io.whispeer.transport.ws {
    requires io.whispeer.api;
    requires io.netty.buffer;
    requires io.netty.codec;
    requires io.netty.codec.http;
    requires io.netty.common;
    requires io.netty.handler;
    requires io.netty.transport;

    provides io.whispeer.api.spi.TransportProvider with io.whispeer.transport.ws.WsTransportProvider;
}
