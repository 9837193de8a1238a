package io.whispeer.transport.ws;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.flow.FlowControlHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.whispeer.api.ConfigurationException;
import io.whispeer.api.TransportException;
import io.whispeer.api.spi.Connection;
import io.whispeer.api.spi.FrameHandler;
import io.whispeer.api.spi.Transport;

/**
 * The WebSocket transport: one Netty event loop group for its listeners and connections, NIO sockets.
 *
 * <p>Pipeline of a connection, from the socket: {@link SslHandler} (wss only), the HTTP codec and aggregator of the
 * upgrade (replaced by the WebSocket encoder and {@link WsFrameDecoder} once it is done), the handshake handler (gone
 * after the upgrade), {@link WebSocketFrameAggregator} (joins fragments), {@link FlowControlHandler} (holds decoded
 * messages back while reading is paused), and the {@link WsConnection}.
 */
final class WsTransport implements Transport {
    /** Most bytes of an upgrade request or response; their bodies are empty. */
    private static final int MAX_HANDSHAKE_BYTES = 16 << 10;
    /** How long closing a listener or the transport waits for its sockets and threads. */
    static final long SHUTDOWN_SECONDS = 10;

    private final WsSettings settings;
    private final EventLoopGroup group;
    private final Set<WsConnection> connections = ConcurrentHashMap.newKeySet();
    private final Set<WsListener> listeners = ConcurrentHashMap.newKeySet();
    private volatile SslContext serverTls;
    private volatile SslContext clientTls;
    private volatile boolean closed;

    WsTransport(WsSettings settings) {
        this.settings = settings;
        this.group = new MultiThreadIoEventLoopGroup(settings.ioThreads(), new DefaultThreadFactory("whispeer-ws", true), NioIoHandler.newFactory());
    }

    WsSettings settings() {
        return settings;
    }

    @Override
    public CompletableFuture<Listener> bind(URI address, ConnectionAcceptor acceptor) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(acceptor, "acceptor");
        CompletableFuture<Listener> result = new CompletableFuture<>();
        if (closed) {
            result.completeExceptionally(new TransportException("The transport is closed; create a new one to bind " + address));
            return result;
        }
        String scheme;
        SslContext tls;
        try {
            scheme = scheme(address);
            tls = scheme.equals(WsSettings.WSS) ? serverTls() : null;
        } catch (ConfigurationException | IllegalArgumentException e) {
            result.completeExceptionally(new TransportException("Cannot listen on " + address + ": " + e.getMessage(), e));
            return result;
        }
        String path = path(address);
        ServerBootstrap bootstrap = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        ChannelPipeline pipeline = channel.pipeline();
                        if (tls != null) {
                            pipeline.addLast("tls", tls.newHandler(channel.alloc()));
                        }
                        WsConnection connection = new WsConnection(WsTransport.this, channel, scheme, acceptor, null);
                        pipeline.addLast("http", new HttpServerCodec());
                        pipeline.addLast("http-aggregator", new HttpObjectAggregator(MAX_HANDSHAKE_BYTES));
                        pipeline.addLast("ws-handshake", new WsHandshake.Server(connection, path, settings.transport().maxFrameBytes()));
                        addFrameHandlers(pipeline, connection);
                    }
                });
        String host = address.getHost() == null ? "0.0.0.0" : address.getHost();
        ChannelFuture bound = bootstrap.bind(new InetSocketAddress(host, Math.max(address.getPort(), 0)));
        bound.addListener(f -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(new TransportException("Cannot listen on " + address + ": " + f.cause().getMessage(), f.cause()));
                return;
            }
            Channel server = bound.channel();
            int port = ((InetSocketAddress) server.localAddress()).getPort();
            WsListener listener = new WsListener(server, uri(scheme, host, port, path));
            listeners.add(listener);
            if (closed) {
                listener.close();
            }
            result.complete(listener);
        });
        return result;
    }

    @Override
    public CompletableFuture<Connection> connect(URI address, FrameHandler handler) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(handler, "handler");
        CompletableFuture<Connection> result = new CompletableFuture<>();
        if (closed) {
            result.completeExceptionally(new TransportException("The transport is closed; create a new one to connect to " + address));
            return result;
        }
        String scheme;
        SslContext tls;
        URI target;
        try {
            scheme = scheme(address);
            tls = scheme.equals(WsSettings.WSS) ? clientTls() : null;
            if (address.getHost() == null || address.getPort() <= 0) {
                throw new IllegalArgumentException("the address needs a host and a port, such as " + scheme + "://127.0.0.1:7421/whispeer");
            }
            target = uri(scheme, address.getHost(), address.getPort(), path(address));
        } catch (ConfigurationException | IllegalArgumentException e) {
            result.completeExceptionally(new TransportException("Cannot connect to " + address + ": " + e.getMessage(), e));
            return result;
        }
        Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, settings.handshakeTimeout().toMillis()))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        ChannelPipeline pipeline = channel.pipeline();
                        if (tls != null) {
                            pipeline.addLast("tls", tls.newHandler(channel.alloc(), target.getHost(), target.getPort()));
                        }
                        WsConnection connection = new WsConnection(WsTransport.this, channel, scheme, null, handler);
                        connection.connected().whenComplete((c, e) -> {
                            if (e == null) {
                                result.complete(c);
                            } else {
                                result.completeExceptionally(e);
                            }
                        });
                        pipeline.addLast("http", new HttpClientCodec());
                        pipeline.addLast("http-aggregator", new HttpObjectAggregator(MAX_HANDSHAKE_BYTES));
                        pipeline.addLast("ws-handshake", new WsHandshake.Client(connection, target, settings.transport().maxFrameBytes()));
                        addFrameHandlers(pipeline, connection);
                    }
                });
        bootstrap.connect(target.getHost(), target.getPort()).addListener(f -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(new TransportException("Cannot connect to " + address + ": " + f.cause().getMessage(), f.cause()));
            }
        });
        return result;
    }

    private void addFrameHandlers(ChannelPipeline pipeline, WsConnection connection) {
        pipeline.addLast("ws-aggregator", new WebSocketFrameAggregator(settings.transport().maxFrameBytes()));
        pipeline.addLast("flow-control", new FlowControlHandler());
        pipeline.addLast("connection", connection);
    }

    private WriteBufferWaterMark waterMark() {
        return new WriteBufferWaterMark(settings.transport().writeBufferLowWaterMark(), settings.transport().writeBufferHighWaterMark());
    }

    private SslContext serverTls() {
        SslContext context = serverTls;
        if (context == null) {
            synchronized (this) {
                if (serverTls == null) {
                    serverTls = settings.serverContext();
                }
                context = serverTls;
            }
        }
        return context;
    }

    private SslContext clientTls() {
        SslContext context = clientTls;
        if (context == null) {
            synchronized (this) {
                if (clientTls == null) {
                    clientTls = settings.clientContext();
                }
                context = clientTls;
            }
        }
        return context;
    }

    private static String scheme(URI address) {
        String scheme = address.getScheme() == null ? "" : address.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals(WsSettings.WS) && !scheme.equals(WsSettings.WSS)) {
            throw new IllegalArgumentException("the WebSocket transport serves ws:// and wss://, not '" + scheme + "'");
        }
        return scheme;
    }

    /** {@return the address's path, {@code /whispeer} when it has none} */
    static String path(URI address) {
        String path = address.getRawPath();
        return path == null || path.isEmpty() || path.equals("/") ? "/whispeer" : path;
    }

    private static URI uri(String scheme, String host, int port, String path) {
        try {
            return new URI(scheme, null, host, port, path, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Invalid WebSocket address " + scheme + "://" + host + ":" + port + path + ": " + e.getMessage(), e);
        }
    }

    void opened(WsConnection connection) {
        connections.add(connection);
        if (closed) {
            connection.shutdown();
        }
    }

    void closed(WsConnection connection) {
        connections.remove(connection);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        listeners.forEach(WsListener::close);
        connections.forEach(WsConnection::shutdown);
        var terminated = group.shutdownGracefully(0, SHUTDOWN_SECONDS, TimeUnit.SECONDS);
        boolean onOwnThread = false;
        for (var executor : group) {
            onOwnThread |= executor.inEventLoop();
        }
        if (!onOwnThread) {
            terminated.awaitUninterruptibly(2 * SHUTDOWN_SECONDS, TimeUnit.SECONDS);
        }
    }

    private final class WsListener implements Listener {
        private final Channel server;
        private final URI address;

        WsListener(Channel server, URI address) {
            this.server = server;
            this.address = address;
        }

        @Override
        public URI address() {
            return address;
        }

        @Override
        public void close() {
            listeners.remove(this);
            ChannelFuture closing = server.close();
            if (!server.eventLoop().inEventLoop()) {
                closing.awaitUninterruptibly(SHUTDOWN_SECONDS, TimeUnit.SECONDS);
            }
        }

        @Override
        public String toString() {
            return "WsListener[" + address + "]";
        }
    }
}
