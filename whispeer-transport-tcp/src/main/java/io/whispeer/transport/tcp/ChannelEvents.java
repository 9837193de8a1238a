package io.whispeer.transport.tcp;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import javax.net.ssl.SSLException;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.whispeer.api.TransportException;
import io.whispeer.api.spi.Connection;
import io.whispeer.api.spi.ConnectionInfo;
import io.whispeer.api.spi.FrameHandler;
import io.whispeer.api.spi.Transport;

/**
 * The last handler of a channel's pipeline: it turns the channel's events into the calls of one
 * {@link FrameHandler}, all on the channel's event loop.
 *
 * <p>Life: the connection becomes ready when the channel is active (plain TCP) or its TLS handshake succeeded; then
 * the acceptor (server side) picks the handler, or the connect future completes (client side). Frames decoded while
 * the connection is paused are held here, in order, and delivered first on resume, so that a pause inside
 * {@code onFrame} stops delivery at once even of frames decoded from the same read; {@code autoRead} off stops
 * further reads. {@code onClose} comes once, from {@code channelInactive}, with the first failure as its cause.
 */
final class ChannelEvents extends ChannelInboundHandlerAdapter {
    private final TcpTransport transport;
    private final String scheme;
    private final Transport.ConnectionAcceptor acceptor;
    private final URI target;
    private final CompletableFuture<Connection> connecting;
    private final ArrayDeque<ByteBuf> held = new ArrayDeque<>();
    private FrameHandler handler;
    private TcpConnection connection;
    private Channel channel;
    private boolean ready;
    private boolean finished;
    private boolean lastWritable = true;
    private Throwable cause;

    private ChannelEvents(TcpTransport transport, String scheme, Transport.ConnectionAcceptor acceptor, URI target, FrameHandler handler,
            CompletableFuture<Connection> connecting) {
        this.transport = transport;
        this.scheme = scheme;
        this.acceptor = acceptor;
        this.target = target;
        this.handler = handler;
        this.connecting = connecting;
    }

    static ChannelEvents accepting(TcpTransport transport, String scheme, Transport.ConnectionAcceptor acceptor) {
        return new ChannelEvents(transport, scheme, acceptor, null, null, null);
    }

    static ChannelEvents connecting(TcpTransport transport, String scheme, URI target, FrameHandler handler, CompletableFuture<Connection> result) {
        return new ChannelEvents(transport, scheme, null, target, handler, result);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (ctx.pipeline().get(SslHandler.class) == null) {
            becomeReady(ctx, null);
        }
        ctx.fireChannelActive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof SslHandshakeCompletionEvent handshake) {
            if (handshake.isSuccess()) {
                becomeReady(ctx, ctx.pipeline().get(SslHandler.class));
            } else if (cause == null) {
                cause = handshakeFailure(handshake.cause());
            }
        }
    }

    private void becomeReady(ChannelHandlerContext ctx, SslHandler ssl) {
        Channel ch = ctx.channel();
        ConnectionInfo info = ssl == null ? ConnectionInfo.of(scheme, ch.remoteAddress(), ch.localAddress())
                : ConnectionInfo.of(scheme, ch.remoteAddress(), ch.localAddress(), ssl.engine().getSession());
        connection = new TcpConnection(ch, info, this, transport.config().closeTimeout().toMillis());
        if (acceptor != null) {
            try {
                handler = Objects.requireNonNull(acceptor.accept(connection), "the acceptor returned no handler");
            } catch (RuntimeException e) {
                TcpTransport.LOG.log(System.Logger.Level.WARNING, "The acceptor of " + scheme + " connections threw for the connection from "
                        + info.remoteAddress() + "; the connection is closed", e);
                connection.closed();
                ch.close();
                return;
            }
        }
        ready = true;
        if (connection.paused()) {
            applyReadState();
        }
        if (connecting != null) {
            connecting.complete(connection);
        }
        deliverHeld();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        ByteBuf frame = (ByteBuf) message;
        if (finished || (ready && !connection.isOpen())) {
            frame.release();
            return;
        }
        if (!ready || connection.paused() || !held.isEmpty()) {
            held.add(frame);
            return;
        }
        deliver(frame);
    }

    private void deliver(ByteBuf frame) {
        try {
            handler.onFrame(connection, frame.nioBuffer());
        } catch (RuntimeException | Error e) {
            fail(e);
        } finally {
            frame.release();
        }
    }

    private void deliverHeld() {
        while (ready && !finished && connection.isOpen() && !connection.paused() && !held.isEmpty()) {
            deliver(held.poll());
        }
    }

    /** On the event loop: delivers what was held back, then reads again unless paused meanwhile. */
    void resume() {
        deliverHeld();
        applyReadState();
    }

    /** On the event loop: reads from the network exactly when not paused. */
    void applyReadState() {
        if (ready && !finished) {
            channel.config().setAutoRead(!connection.paused());
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        boolean writable = ctx.channel().isWritable();
        if (ready && !finished && connection.isOpen() && writable != lastWritable) {
            lastWritable = writable;
            try {
                handler.onWritabilityChanged(connection, writable);
            } catch (RuntimeException | Error e) {
                fail(e);
            }
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable thrown) {
        if (finished) {
            return;
        }
        Throwable translated = translate(thrown);
        if (ready && translated instanceof FrameDecoder.FrameTooLargeException tooLarge && connection.isOpen()) {
            try {
                handler.onFrameTooLarge(connection, tooLarge.frameBytes, tooLarge.maxFrameBytes);
            } catch (RuntimeException | Error e) {
                translated.addSuppressed(e);
            }
            connection.flush(); // on the event loop: what the handler wrote to say why goes out before the close
        }
        if (ready) {
            fail(translated);
        } else {
            if (cause == null) {
                cause = translated;
            }
            ctx.close();
        }
    }

    /** Closes the connection now with a cause, unless it already failed or closed. On the event loop. */
    void failIfOpen(Throwable failure) {
        if (!finished) {
            fail(failure);
        }
    }

    private void fail(Throwable failure) {
        if (cause == null) {
            cause = failure;
        }
        if (connection != null) {
            connection.closed();
        }
        channel.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        finished = true;
        while (!held.isEmpty()) {
            held.poll().release();
        }
        if (ready) {
            connection.closed();
            try {
                handler.onClose(connection, Optional.ofNullable(cause));
            } catch (RuntimeException e) {
                TcpTransport.LOG.log(System.Logger.Level.WARNING, "The handler of " + connection + " threw from onClose", e);
            }
        } else if (connecting != null) {
            connecting.completeExceptionally(cause instanceof TransportException t ? t
                    : new TransportException("Cannot connect to " + target + ": the connection closed before it was established"
                            + (cause == null ? "" : ": " + cause.getMessage()), cause));
        } else if (cause != null) {
            TcpTransport.LOG.log(System.Logger.Level.DEBUG, () -> "A " + scheme + " connection from " + ctx.channel().remoteAddress()
                    + " closed before it was established: " + cause);
        }
        if (connection != null) {
            connection.completeCloseFuture();
        }
        ctx.fireChannelInactive();
    }

    private Throwable translate(Throwable thrown) {
        Throwable root = thrown instanceof DecoderException && thrown.getCause() != null ? thrown.getCause() : thrown;
        if (root instanceof TransportException) {
            return root;
        }
        if (root instanceof SSLException) {
            return ready ? new TransportException("TLS on the connection with " + channel.remoteAddress() + " failed: " + root.getMessage(), root)
                    : handshakeFailure(root);
        }
        if (root instanceof IOException) {
            return new TransportException("Connection with " + channel.remoteAddress() + " failed: " + root.getMessage(), root);
        }
        return root;
    }

    private TransportException handshakeFailure(Throwable failure) {
        Throwable root = failure instanceof DecoderException && failure.getCause() != null ? failure.getCause() : failure;
        if (target != null) {
            return new TransportException("Cannot connect to " + target + ": the TLS handshake failed: " + root.getMessage()
                    + ". If the server's certificate is self-signed or from a private CA, trust it with whispeer.transport.tcp.tls.trust=<PEM file>;"
                    + " the certificate must also name the host, " + target.getHost() + ", as a DNS or IP subject alternative name.", root);
        }
        return new TransportException("The TLS handshake with " + channel.remoteAddress() + " failed: " + root.getMessage(), root);
    }
}
