package io.whispeer.transport.tcp;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
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
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.whispeer.api.TransportException;
import io.whispeer.api.spi.Connection;
import io.whispeer.api.spi.FrameHandler;
import io.whispeer.api.spi.Transport;

/**
 * One TCP transport: an event loop group shared by its listeners and connections, epoll or NIO.
 */
final class TcpTransport implements Transport {
    static final System.Logger LOG = System.getLogger("io.whispeer.transport.tcp");

    private final TcpConfig config;
    private final EventLoopGroup group;
    private final Class<? extends ServerChannel> serverChannelType;
    private final Class<? extends Channel> channelType;
    private final String ioKind;
    private final WriteBufferWaterMark waterMark;
    private final Set<Channel> channels = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    TcpTransport(TcpConfig config) {
        this.config = config;
        IoHandlerFactory factory;
        String why;
        if (config.useNative() && Epoll.isAvailable()) {
            factory = EpollIoHandler.newFactory();
            serverChannelType = EpollServerSocketChannel.class;
            channelType = EpollSocketChannel.class;
            ioKind = "epoll";
            why = "its native library loaded";
        } else {
            factory = NioIoHandler.newFactory();
            serverChannelType = NioServerSocketChannel.class;
            channelType = NioSocketChannel.class;
            ioKind = "nio";
            why = config.useNative() ? "epoll is unavailable: " + Epoll.unavailabilityCause() : TcpConfig.NATIVE + "=false";
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "The tcp transport uses " + ioKind + " (" + why + ") with " + config.ioThreads() + " I/O threads");
        group = new MultiThreadIoEventLoopGroup(config.ioThreads(), new DefaultThreadFactory("whispeer-tcp-" + ioKind, true), factory);
        waterMark = new WriteBufferWaterMark(config.transport().writeBufferLowWaterMark(), config.transport().writeBufferHighWaterMark());
    }

    /** {@return {@code epoll} or {@code nio}, the I/O this transport uses} */
    String ioKind() {
        return ioKind;
    }

    @Override
    public CompletableFuture<Listener> bind(URI address, ConnectionAcceptor acceptor) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(acceptor, "acceptor");
        Optional<String> invalid = checkAddress(address);
        if (invalid.isPresent()) {
            return CompletableFuture.failedFuture(new TransportException("Cannot listen on " + address + ": " + invalid.get()));
        }
        String scheme = scheme(address);
        boolean tls = scheme.equals(TcpTransportProvider.TLS);
        if (tls && config.serverTls().isEmpty()) {
            return CompletableFuture.failedFuture(new TransportException("Cannot listen on " + address + ": " + config.serverTlsMissing() + "."));
        }
        if (closed) {
            return CompletableFuture.failedFuture(new TransportException("The transport is closed; create a new one to listen on " + address));
        }
        ServerBootstrap bootstrap = new ServerBootstrap().group(group).channel(serverChannelType)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        SslHandler ssl = tls ? sslHandler(config.serverTls().orElseThrow().newHandler(channel.alloc())) : null;
                        install(channel, scheme, ssl, ChannelEvents.accepting(TcpTransport.this, scheme, acceptor));
                    }
                });
        CompletableFuture<Listener> result = new CompletableFuture<>();
        ChannelFuture bound = bootstrap.bind(new InetSocketAddress(address.getHost(), address.getPort()));
        bound.addListener(done -> {
            if (!done.isSuccess()) {
                result.completeExceptionally(new TransportException("Cannot listen on " + address + ": " + done.cause().getMessage(), done.cause()));
                return;
            }
            Channel server = bound.channel();
            track(server);
            int port = ((InetSocketAddress) server.localAddress()).getPort();
            result.complete(new TcpListener(server, uri(scheme, address.getHost(), port)));
        });
        return result;
    }

    @Override
    public CompletableFuture<Connection> connect(URI address, FrameHandler handler) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(handler, "handler");
        Optional<String> invalid = checkAddress(address);
        if (invalid.isPresent()) {
            return CompletableFuture.failedFuture(new TransportException("Cannot connect to " + address + ": " + invalid.get()));
        }
        if (closed) {
            return CompletableFuture.failedFuture(new TransportException("The transport is closed; create a new one to connect to " + address));
        }
        String scheme = scheme(address);
        boolean tls = scheme.equals(TcpTransportProvider.TLS);
        CompletableFuture<Connection> result = new CompletableFuture<>();
        Bootstrap bootstrap = new Bootstrap().group(group).channel(channelType)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis()))
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        SslHandler ssl = tls ? sslHandler(config.clientTls().newHandler(channel.alloc(), address.getHost(), address.getPort())) : null;
                        install(channel, scheme, ssl, ChannelEvents.connecting(TcpTransport.this, scheme, address, handler, result));
                    }
                });
        InetSocketAddress remote;
        try {
            remote = new InetSocketAddress(address.getHost(), address.getPort());
        } catch (IllegalArgumentException | SecurityException e) {
            return CompletableFuture.failedFuture(new TransportException("Cannot connect to " + address + ": " + e.getMessage(), e));
        }
        if (remote.isUnresolved()) {
            return CompletableFuture.failedFuture(new TransportException("Cannot connect to " + address + ": unknown host " + address.getHost()));
        }
        ChannelFuture connected = bootstrap.connect(remote);
        connected.addListener(done -> {
            if (!done.isSuccess()) {
                result.completeExceptionally(new TransportException("Cannot connect to " + address + ": " + done.cause().getMessage(), done.cause()));
            }
        });
        return result;
    }

    @Override
    public void close() {
        closed = true;
        for (Channel channel : channels) {
            channel.close();
        }
        for (Channel channel : channels) {
            if (!channel.eventLoop().inEventLoop()) {
                channel.closeFuture().awaitUninterruptibly(config.closeTimeout().toMillis());
            }
        }
        var terminated = group.shutdownGracefully(0, config.closeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        boolean onOwnThread = false;
        for (var loop : group) {
            onOwnThread |= loop.inEventLoop();
        }
        if (!onOwnThread) {
            terminated.awaitUninterruptibly(config.closeTimeout().toMillis() * 2);
        }
    }

    TcpConfig config() {
        return config;
    }

    /** Sets up a new channel's pipeline: TLS (for {@code tls://}), the frame decoder, and the connection's events. */
    private void install(Channel channel, String scheme, SslHandler ssl, ChannelEvents events) {
        track(channel);
        if (ssl != null) {
            channel.pipeline().addLast("tls", ssl);
            channel.pipeline().addLast("flush-gate", new FlushGate());
        }
        channel.pipeline().addLast("frames", new FrameDecoder(config.transport().maxFrameBytes(), channel));
        channel.pipeline().addLast("events", events);
    }

    private SslHandler sslHandler(SslHandler handler) {
        handler.setHandshakeTimeoutMillis(config.handshakeTimeout().toMillis());
        return handler;
    }

    private void track(Channel channel) {
        channels.add(channel);
        channel.closeFuture().addListener(done -> channels.remove(channel));
        if (closed) {
            channel.close();
        }
    }

    private static String scheme(URI address) {
        return address.getScheme().toLowerCase(Locale.ROOT);
    }

    private static Optional<String> checkAddress(URI address) {
        String scheme = address.getScheme() == null ? "" : address.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals(TcpTransportProvider.TCP) && !scheme.equals(TcpTransportProvider.TLS)) {
            return Optional.of("the tcp transport serves the schemes tcp and tls, not '" + scheme + "'");
        }
        if (address.getHost() == null) {
            return Optional.of("no host; write it as " + scheme + "://host:port, such as " + scheme + "://127.0.0.1:7420");
        }
        if (address.getPort() < 0) {
            return Optional.of("no port; write it as " + scheme + "://host:port (port 0 lets a listener pick a free one)");
        }
        return Optional.empty();
    }

    private static URI uri(String scheme, String host, int port) {
        try {
            return new URI(scheme, null, host, port, null, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Cannot build the address of host " + host + " port " + port + ": " + e.getMessage(), e);
        }
    }

    /** A bound server channel. */
    private final class TcpListener implements Listener {
        private final Channel server;
        private final URI address;

        TcpListener(Channel server, URI address) {
            this.server = server;
            this.address = address;
        }

        @Override
        public URI address() {
            return address;
        }

        @Override
        public void close() {
            ChannelFuture closing = server.close();
            if (!server.eventLoop().inEventLoop()) {
                closing.awaitUninterruptibly(config.closeTimeout().toMillis());
            }
        }

        @Override
        public String toString() {
            return "TcpListener[" + address + "]";
        }
    }
}
