package io.whispeer.transport.ws;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SSLException;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.whispeer.api.TransportException;
import io.whispeer.api.spi.Connection;
import io.whispeer.api.spi.ConnectionInfo;
import io.whispeer.api.spi.FrameHandler;
import io.whispeer.api.spi.Transport.ConnectionAcceptor;
import io.whispeer.api.spi.TransportSettings;

/**
 * One WebSocket connection: the {@link Connection} callers write to, and the last handler of its channel's pipeline,
 * which delivers binary messages to the {@link FrameHandler} on the channel's event loop.
 *
 * <p>Writes wrap the caller's buffers without copying them ({@link Unpooled#wrappedBuffer}); a gathering write is one
 * binary message. Writability is the channel's, from its {@code WriteBufferWaterMark}. Pausing turns auto-read off;
 * the {@code FlowControlHandler} before this handler holds back messages already decoded, so a pause inside
 * {@code onFrame} stops delivery at once. Closing runs the WebSocket close handshake: a close frame after the frames
 * written before it, then the TCP close once the peer answers, or after {@value #CLOSE_TIMEOUT_SECONDS} s.
 *
 * <p>State other than {@link #open} and {@link #paused} belongs to the event loop.
 */
final class WsConnection extends ChannelInboundHandlerAdapter implements Connection {
    /** How long an orderly close waits for the peer's close frame before closing the socket anyway. */
    static final long CLOSE_TIMEOUT_SECONDS = 10;
    private static final System.Logger LOGGER = System.getLogger(WsConnection.class.getName());
    /** The longest close reason a close frame carries: 125 bytes of payload minus the status. */
    private static final int MAX_REASON_BYTES = 123;

    private final WsTransport transport;
    private final Channel channel;
    private final String scheme;
    private final ConnectionAcceptor acceptor;
    private final FrameHandler clientHandler;
    private final CompletableFuture<Connection> connected = new CompletableFuture<>();
    private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();
    private final AtomicBoolean open = new AtomicBoolean();
    private volatile ConnectionInfo info;
    private volatile boolean paused;
    /** Set by a write from a thread other than the event loop, cleared by the next flush on the event loop. */
    private volatile boolean offLoopWritten;

    private final ArrayDeque<Object> early = new ArrayDeque<>();
    private FrameHandler handler;
    private ScheduledFuture<?> handshakeTimer;
    private boolean handshakeDone;
    private boolean acceptFailed;
    private boolean closeSent;
    private boolean closeReceived;
    private boolean notified;
    private boolean lastWritable = true;
    private Throwable cause;

    /**
     * @param acceptor      the listener's acceptor, for a server-side connection; {@code null} on the client side
     * @param clientHandler the handler of a client-side connection; {@code null} on the server side
     */
    WsConnection(WsTransport transport, Channel channel, String scheme, ConnectionAcceptor acceptor, FrameHandler clientHandler) {
        this.transport = transport;
        this.channel = channel;
        this.scheme = scheme;
        this.acceptor = acceptor;
        this.clientHandler = clientHandler;
    }

    String scheme() {
        return scheme;
    }

    /** {@return completes with this connection once its upgrade is done (client side), fails if it never is} */
    CompletableFuture<Connection> connected() {
        return connected;
    }

    // ------------------------------------------------------------------------------------------ the event loop

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        long millis = transport.settings().handshakeTimeout().toMillis();
        handshakeTimer = ctx.executor().schedule(() -> {
            if (!handshakeDone) {
                failed(new TransportException("The WebSocket handshake with " + channel.remoteAddress() + " did not complete within "
                        + millis + " ms; the connection is closed. Raise whispeer.transport.ws.handshake-timeout if the network is that slow."));
            }
        }, millis, TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    /** The upgrade (and TLS before it) is done: the connection is complete, so it is handed out. */
    void handshakeDone() {
        if (handshakeDone || !channel.isActive()) {
            return;
        }
        handshakeDone = true;
        if (handshakeTimer != null) {
            handshakeTimer.cancel(false);
        }
        SslHandler tls = channel.pipeline().get(SslHandler.class);
        info = tls == null ? ConnectionInfo.of(scheme, channel.remoteAddress(), channel.localAddress())
                : ConnectionInfo.of(scheme, channel.remoteAddress(), channel.localAddress(), tls.engine().getSession());
        open.set(true);
        transport.opened(this);
        if (acceptor != null) {
            try {
                handler = Objects.requireNonNull(acceptor.accept(this), "the acceptor returned no handler");
            } catch (RuntimeException e) {
                LOGGER.log(Level.WARNING, "The acceptor refused the WebSocket connection from " + channel.remoteAddress() + "; closing it", e);
                acceptFailed = true;
                open.set(false);
                channel.close();
                return;
            }
        } else {
            handler = clientHandler;
            connected.complete(this);
        }
        for (Object msg = early.poll(); msg != null; msg = early.poll()) {
            onMessage(msg);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!handshakeDone) {
            early.add(msg);
            return;
        }
        onMessage(msg);
    }

    private void onMessage(Object msg) {
        try {
            if (msg instanceof BinaryWebSocketFrame frame) {
                if (open.get() && handler != null) {
                    handler.onFrame(this, frame.content().nioBuffer());
                }
            } else if (msg instanceof TextWebSocketFrame) {
                failed(new TransportException("Text WebSocket message from " + channel.remoteAddress()
                        + ": whispeer sends each frame as one binary message; the connection is closed with status 1003."),
                        WebSocketCloseStatus.INVALID_MESSAGE_TYPE);
            } else if (msg instanceof PingWebSocketFrame ping) {
                if (!closeSent) {
                    channel.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
                }
            } else if (msg instanceof CloseWebSocketFrame close) {
                closeFrame(close);
            }
        } catch (RuntimeException | Error e) {
            failed(e, WebSocketCloseStatus.INTERNAL_SERVER_ERROR);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void closeFrame(CloseWebSocketFrame close) {
        closeReceived = true;
        int status = close.statusCode();
        if (!closeSent && cause == null && status != -1 && status != WebSocketCloseStatus.NORMAL_CLOSURE.code()
                && status != WebSocketCloseStatus.ENDPOINT_UNAVAILABLE.code()) {
            String reason = close.reasonText();
            cause = new TransportException(channel.remoteAddress() + " closed the WebSocket with status " + status
                    + (reason == null || reason.isEmpty() ? "" : ": " + reason));
        }
        open.set(false);
        if (closeSent) {
            channel.close();
        } else {
            closeSent = true;
            channel.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE)).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        boolean writable = channel.isWritable();
        if (handshakeDone && handler != null && !notified && writable != lastWritable) {
            lastWritable = writable;
            try {
                handler.onWritabilityChanged(this, writable);
            } catch (RuntimeException | Error e) {
                failed(e, WebSocketCloseStatus.INTERNAL_SERVER_ERROR);
            }
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable thrown) {
        if (closeSent || closeReceived) {
            channel.close();
            return;
        }
        if (thrown instanceof CorruptedWebSocketFrameException corrupt) {
            String message = corrupt.closeStatus().code() == WebSocketCloseStatus.MESSAGE_TOO_BIG.code() ? corrupt.getMessage()
                    : "WebSocket protocol error from " + channel.remoteAddress() + ": " + corrupt.getMessage() + "; the connection is closed with status "
                            + corrupt.closeStatus().code() + ".";
            failed(new TransportException(message, corrupt), corrupt.closeStatus());
        } else if (thrown instanceof PrematureChannelClosureException) {
            // The socket closed while the aggregator held part of a fragmented message: no close frame came.
            failed(new TransportException("The connection to " + channel.remoteAddress()
                    + " closed without a WebSocket close frame, in the middle of a fragmented message"));
        } else if (thrown.getCause() instanceof SSLException tls) {
            failed(new TransportException("TLS with " + channel.remoteAddress() + " failed: " + tls.getMessage(), tls));
        } else if (thrown instanceof IOException io) {
            failed(new TransportException("Connection to " + channel.remoteAddress() + " failed: " + io.getMessage(), io));
        } else {
            failed(new TransportException("Connection to " + channel.remoteAddress() + " failed: " + thrown, thrown),
                    WebSocketCloseStatus.INTERNAL_SERVER_ERROR);
        }
    }

    /** Closes the socket at once, with {@code why} as the cause. */
    void failed(Throwable why) {
        failed(why, null);
    }

    /** Closes with {@code why} as the cause: with a close frame of {@code status} first when it is not {@code null}. */
    private void failed(Throwable why, WebSocketCloseStatus status) {
        if (cause == null) {
            cause = why;
        }
        open.set(false);
        if (!handshakeDone) {
            connected.completeExceptionally(why);
        }
        if (status != null && handshakeDone && !closeSent && channel.isActive()) {
            closeSent = true;
            channel.config().setAutoRead(true);
            channel.writeAndFlush(new CloseWebSocketFrame(status.code(), reason(why))).addListener(ChannelFutureListener.CLOSE);
            forceCloseLater();
        } else {
            channel.close();
        }
    }

    private static String reason(Throwable why) {
        String message = String.valueOf(why.getMessage());
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_REASON_BYTES) {
            return message;
        }
        int end = MAX_REASON_BYTES;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    private void sendClose(WebSocketCloseStatus status) {
        if (closeSent || !channel.isActive()) {
            return;
        }
        closeSent = true;
        channel.config().setAutoRead(true);
        channel.writeAndFlush(new CloseWebSocketFrame(status));
        forceCloseLater();
    }

    private void forceCloseLater() {
        channel.eventLoop().schedule(() -> {
            if (channel.isOpen()) {
                long unsent = pendingWriteBytes();
                if (cause == null && unsent > 0) {
                    cause = new TransportException("Closed the connection to " + channel.remoteAddress() + " with " + unsent
                            + " bytes unsent: the peer did not read them within " + CLOSE_TIMEOUT_SECONDS + " s");
                }
                channel.close();
            }
        }, CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        open.set(false);
        if (handshakeTimer != null) {
            handshakeTimer.cancel(false);
        }
        for (Object msg = early.poll(); msg != null; msg = early.poll()) {
            ReferenceCountUtil.release(msg);
        }
        transport.closed(this);
        if (!handshakeDone) {
            connected.completeExceptionally(new TransportException("The connection to " + channel.remoteAddress()
                    + " closed before its WebSocket upgrade completed" + (cause == null ? "" : ": " + cause.getMessage()), cause));
            closeFuture.complete(null);
            return;
        }
        if (notified) {
            return;
        }
        notified = true;
        Optional<Throwable> why = Optional.ofNullable(cause);
        if (why.isEmpty() && !closeSent && !closeReceived) {
            why = Optional.of(new TransportException("The connection to " + channel.remoteAddress() + " closed without a WebSocket close frame"));
        }
        try {
            if (!acceptFailed && handler != null) {
                handler.onClose(this, why);
            }
        } catch (RuntimeException | Error e) {
            LOGGER.log(Level.WARNING, "onClose of the connection to " + channel.remoteAddress() + " threw", e);
        } finally {
            closeFuture.complete(null);
        }
        ctx.fireChannelInactive();
    }

    /** Closes because the transport closes: a going-away close frame if the socket takes it, then the socket. */
    void shutdown() {
        open.set(false);
        channel.eventLoop().execute(() -> {
            if (handshakeDone && !closeSent && channel.isActive()) {
                closeSent = true;
                channel.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE));
            }
            channel.close();
        });
    }

    // ------------------------------------------------------------------------------------------ any thread

    @Override
    public ConnectionInfo info() {
        return info;
    }

    @Override
    public void write(ByteBuffer frame) {
        Objects.requireNonNull(frame, "frame");
        if (open.get()) {
            channel.write(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(frame)), channel.voidPromise());
            noteOffLoopWrite();
        }
    }

    /**
     * A write from another thread reaches the channel in a task that may still be queued when the event loop flushes:
     * the flag makes that flush queue one more flush behind it, so that {@link #flush()} sends every frame whose
     * write returned before it was called, whichever thread wrote it.
     */
    private void noteOffLoopWrite() {
        if (!offLoopWritten && !channel.eventLoop().inEventLoop()) {
            offLoopWritten = true;
        }
    }

    @Override
    public void write(ByteBuffer... parts) {
        Objects.requireNonNull(parts, "parts");
        long size = 0;
        for (ByteBuffer part : parts) {
            size += Objects.requireNonNull(part, "a part of the frame").remaining();
        }
        if (size > TransportSettings.MAX_MAX_FRAME_BYTES) {
            throw new IllegalArgumentException("Frame of " + size + " bytes to " + channel.remoteAddress() + " is over the largest this transport can send, "
                    + TransportSettings.MAX_MAX_FRAME_BYTES + " bytes; send smaller frames.");
        }
        if (open.get()) {
            ByteBuf content = parts.length == 1 ? Unpooled.wrappedBuffer(parts[0]) : Unpooled.wrappedBuffer(Math.max(parts.length, 1), parts);
            channel.write(new BinaryWebSocketFrame(content), channel.voidPromise());
            noteOffLoopWrite();
        }
    }

    @Override
    public void flush() {
        if (open.get()) {
            channel.flush();
            if (offLoopWritten && channel.eventLoop().inEventLoop()) {
                offLoopWritten = false;
                channel.eventLoop().execute(channel::flush); // behind the write tasks queued before this call
            }
        }
    }

    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        try {
            channel.eventLoop().execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            Thread.ofVirtual().name("whispeer-ws-task").start(task); // the event loop group has stopped
        }
    }

    @Override
    public CompletableFuture<Void> flushWithCompletion() {
        CompletableFuture<Void> flushed = new CompletableFuture<>();
        if (!open.get()) {
            flushed.completeExceptionally(new TransportException("The connection to " + channel.remoteAddress() + " is closed"));
            return flushed;
        }
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> {
            if (f.isSuccess()) {
                flushed.complete(null);
            } else {
                flushed.completeExceptionally(new TransportException("The connection to " + channel.remoteAddress()
                        + " closed before the frames were written: " + f.cause(), f.cause()));
            }
        });
        return flushed;
    }

    @Override
    public boolean isWritable() {
        return open.get() && channel.isWritable();
    }

    @Override
    public long pendingWriteBytes() {
        ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }

    @Override
    public void pauseReading() {
        if (open.get()) {
            paused = true;
            channel.config().setAutoRead(false);
        }
    }

    @Override
    public void resumeReading() {
        if (open.get()) {
            paused = false;
            channel.eventLoop().execute(() -> {
                if (!paused && open.get()) {
                    channel.config().setAutoRead(true);
                }
            });
        }
    }

    @Override
    public boolean isOpen() {
        return open.get();
    }

    @Override
    public CompletableFuture<Void> closeFuture() {
        return closeFuture;
    }

    @Override
    public void close() {
        if (open.compareAndSet(true, false)) {
            channel.eventLoop().execute(() -> sendClose(WebSocketCloseStatus.NORMAL_CLOSURE));
        }
    }

    @Override
    public String toString() {
        return "WsConnection[" + (info == null ? channel : info) + "]";
    }
}
