package io.whispeer.transport.ws;

import java.net.URI;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker13;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker13;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.util.CharsetUtil;
import io.netty.util.ReferenceCountUtil;
import io.whispeer.api.TransportException;

/**
 * The WebSocket upgrade, on both sides, with Netty's RFC 6455 handshakers whose frame decoder is
 * {@link WsFrameDecoder}. Each handler removes itself once the upgrade is done and then tells its
 * {@link WsConnection}; the connection's handshake timer closes a connection whose upgrade never completes.
 */
final class WsHandshake {
    private WsHandshake() {
    }

    /** Answers the upgrade request of a client on the listener's path; anything else gets an HTTP error and a close. */
    static final class Server extends ChannelInboundHandlerAdapter {
        private final WsConnection connection;
        private final String path;
        private final int maxFrameBytes;

        Server(WsConnection connection, String path, int maxFrameBytes) {
            this.connection = connection;
            this.path = path;
            this.maxFrameBytes = maxFrameBytes;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof FullHttpRequest request)) {
                ReferenceCountUtil.release(msg);
                return;
            }
            try {
                if (!request.decoderResult().isSuccess()) {
                    refuse(ctx, HttpResponseStatus.BAD_REQUEST, "Malformed HTTP request: " + request.decoderResult().cause());
                } else if (!new QueryStringDecoder(request.uri()).path().equals(path)) {
                    refuse(ctx, HttpResponseStatus.NOT_FOUND, "No WebSocket endpoint here; whispeer listens on " + path);
                } else if (request.method() != HttpMethod.GET
                        || !request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
                    refuse(ctx, HttpResponseStatus.BAD_REQUEST, "Expected a WebSocket upgrade (GET with Upgrade: websocket)");
                } else if (!WebSocketVersion.V13.toHttpHeaderValue().equals(request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_VERSION))) {
                    WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel()).addListener(ChannelFutureListener.CLOSE);
                } else {
                    upgrade(ctx, request);
                }
            } finally {
                request.release();
            }
        }

        private void upgrade(ChannelHandlerContext ctx, FullHttpRequest request) {
            String url = (connection.scheme().equals(WsSettings.WSS) ? "wss://" : "ws://") + request.headers().get(HttpHeaderNames.HOST, "localhost") + path;
            WebSocketDecoderConfig config = WebSocketDecoderConfig.newBuilder().maxFramePayloadLength(maxFrameBytes).build();
            WebSocketServerHandshaker13 handshaker = new WebSocketServerHandshaker13(url, null, config) {
                @Override
                protected WebSocketFrameDecoder newWebsocketDecoder() {
                    return new WsFrameDecoder(maxFrameBytes, true);
                }
            };
            try {
                handshaker.handshake(ctx.channel(), request).addListener(f -> {
                    if (f.isSuccess()) {
                        connection.handshakeDone();
                    } else {
                        connection.failed(new TransportException("WebSocket upgrade of " + ctx.channel().remoteAddress() + " failed: "
                                + f.cause().getMessage(), f.cause()));
                    }
                });
                ctx.pipeline().remove(this);
            } catch (WebSocketHandshakeException e) {
                refuse(ctx, HttpResponseStatus.BAD_REQUEST, "Invalid WebSocket upgrade: " + e.getMessage());
            }
        }

        private static void refuse(ChannelHandlerContext ctx, HttpResponseStatus status, String reason) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.copiedBuffer(reason + "\n", CharsetUtil.UTF_8));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
            response.headers().set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Sends the upgrade request once the channel (and its TLS) is up and checks the server's answer. */
    static final class Client extends ChannelInboundHandlerAdapter {
        private final WsConnection connection;
        private final WebSocketClientHandshaker13 handshaker;

        Client(WsConnection connection, URI target, int maxFrameBytes) {
            this.connection = connection;
            this.handshaker = new WebSocketClientHandshaker13(target, WebSocketVersion.V13, null, false, new DefaultHttpHeaders(), maxFrameBytes,
                    true, false, -1) {
                @Override
                protected WebSocketFrameDecoder newWebsocketDecoder() {
                    return new WsFrameDecoder(maxFrameBytes, false);
                }
            };
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            handshaker.handshake(ctx.channel()).addListener(f -> {
                if (!f.isSuccess()) {
                    connection.failed(new TransportException("Cannot send the WebSocket upgrade to " + ctx.channel().remoteAddress() + ": "
                            + f.cause().getMessage(), f.cause()));
                }
            });
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof FullHttpResponse response)) {
                ReferenceCountUtil.release(msg);
                return;
            }
            try {
                handshaker.finishHandshake(ctx.channel(), response);
                ctx.pipeline().remove(this);
                connection.handshakeDone();
            } catch (WebSocketHandshakeException e) {
                connection.failed(new TransportException("The server at " + handshaker.uri() + " refused the WebSocket upgrade: "
                        + response.status() + " " + response.content().toString(CharsetUtil.UTF_8).strip(), e));
            } finally {
                response.release();
            }
        }
    }
}
