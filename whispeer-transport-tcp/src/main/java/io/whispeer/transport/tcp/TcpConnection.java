package io.whispeer.transport.tcp;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOutboundBuffer;
import io.whispeer.api.TransportException;
import io.whispeer.api.spi.Connection;
import io.whispeer.api.spi.ConnectionInfo;
import io.whispeer.api.spi.TransportSettings;

/**
 * One connection over a Netty channel. Writing wraps the caller's buffers without copying them (duplicates, so that
 * their positions stay put) behind a 4-byte length, as one message, so that concurrent frames never interleave;
 * Netty's outbound buffer and its water marks give {@link #pendingWriteBytes()} and the writability. Pausing stops
 * {@code autoRead} and holds back frames already decoded (see {@link ChannelEvents}).
 */
final class TcpConnection implements Connection {
    /** Frames up to this size are copied into one buffer; larger ones are written from the caller's buffers. */
    static final int COPY_BELOW_BYTES = 2048;

    private final Channel channel;
    private final ConnectionInfo info;
    private final ChannelEvents events;
    private final long closeTimeoutMillis;
    private final AtomicBoolean open = new AtomicBoolean(true);
    private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();
    private volatile boolean paused;

    TcpConnection(Channel channel, ConnectionInfo info, ChannelEvents events, long closeTimeoutMillis) {
        this.channel = channel;
        this.info = info;
        this.events = events;
        this.closeTimeoutMillis = closeTimeoutMillis;
    }

    @Override
    public ConnectionInfo info() {
        return info;
    }

    @Override
    public void write(ByteBuffer frame) {
        Objects.requireNonNull(frame, "frame");
        enqueue(new ByteBuffer[] {frame});
    }

    @Override
    public void write(ByteBuffer... parts) {
        Objects.requireNonNull(parts, "parts");
        for (ByteBuffer part : parts) {
            Objects.requireNonNull(part, "a part of the frame");
        }
        enqueue(parts);
    }

    private void enqueue(ByteBuffer[] parts) {
        long size = 0;
        for (ByteBuffer part : parts) {
            size += part.remaining();
        }
        if (size > TransportSettings.MAX_MAX_FRAME_BYTES) {
            throw new IllegalArgumentException("Frame of " + size + " bytes to " + info.remoteAddress() + " is over the largest this transport can send, "
                    + TransportSettings.MAX_MAX_FRAME_BYTES + " bytes; send smaller frames.");
        }
        if (!open.get()) {
            return;
        }
        if (size <= COPY_BELOW_BYTES) {
            // A small frame is copied into one pooled buffer behind its length: cheaper to queue and to write than a
            // composite of wrappers, and the caller's buffers are untouched either way.
            ByteBuf message = channel.alloc().ioBuffer(4 + (int) size);
            message.writeInt((int) size);
            for (ByteBuffer part : parts) {
                message.writeBytes(part.duplicate());
            }
            channel.write(message, channel.voidPromise());
            return;
        }
        ByteBuffer[] wire = new ByteBuffer[parts.length + 1];
        wire[0] = ByteBuffer.allocate(4).putInt(0, (int) size);
        int count = 1;
        for (ByteBuffer part : parts) {
            if (part.hasRemaining()) {
                wire[count++] = part.duplicate();
            }
        }
        ByteBuf message = count == 1 ? Unpooled.wrappedBuffer(wire[0]) : Unpooled.wrappedBuffer(count, Arrays.copyOf(wire, count));
        channel.write(message, channel.voidPromise());
    }

    @Override
    public void flush() {
        channel.flush();
    }

    @Override
    public CompletableFuture<Void> flushWithCompletion() {
        CompletableFuture<Void> result = new CompletableFuture<>();
        if (!open.get()) {
            result.completeExceptionally(new TransportException("Connection to " + info.remoteAddress() + " is closed; its frames were not all sent"));
            return result;
        }
        ChannelFuture flushed = channel.writeAndFlush(Unpooled.EMPTY_BUFFER);
        flushed.addListener(done -> {
            if (done.isSuccess()) {
                result.complete(null);
            } else {
                result.completeExceptionally(new TransportException("Connection to " + info.remoteAddress() + " closed before the frames were written: "
                        + done.cause(), done.cause()));
            }
        });
        return result;
    }

    @Override
    public boolean isWritable() {
        return open.get() && channel.isWritable();
    }

    @Override
    public long pendingWriteBytes() {
        ChannelOutboundBuffer outbound = channel.unsafe().outboundBuffer();
        return outbound == null ? 0 : outbound.totalPendingWriteBytes();
    }

    @Override
    public void pauseReading() {
        if (!open.get()) {
            return;
        }
        paused = true;
        onLoop(events::applyReadState);
    }

    @Override
    public void resumeReading() {
        if (!open.get()) {
            return;
        }
        paused = false;
        channel.eventLoop().execute(events::resume);
    }

    boolean paused() {
        return paused;
    }

    @Override
    public boolean isOpen() {
        return open.get();
    }

    @Override
    public CompletableFuture<Void> closeFuture() {
        return closeFuture;
    }

    /**
     * Flushes what was written, then closes; when the peer has not taken it all within the close timeout, closes
     * anyway with a {@link TransportException} that says how much was lost.
     */
    @Override
    public void close() {
        if (!open.compareAndSet(true, false)) {
            return;
        }
        ChannelFuture flushed = channel.writeAndFlush(Unpooled.EMPTY_BUFFER);
        var timer = channel.eventLoop().schedule(() -> {
            if (channel.isOpen()) {
                events.failIfOpen(new TransportException("Closed the connection to " + info.remoteAddress() + " with " + pendingWriteBytes()
                        + " bytes unsent: the peer did not read them within " + closeTimeoutMillis + " ms"));
            }
        }, closeTimeoutMillis, TimeUnit.MILLISECONDS);
        flushed.addListener(done -> channel.close());
        channel.closeFuture().addListener(done -> timer.cancel(false));
    }

    /** Marks the connection closed, as the channel closed without a call to {@link #close()}. */
    void closed() {
        open.set(false);
    }

    void completeCloseFuture() {
        closeFuture.complete(null);
    }

    private void onLoop(Runnable task) {
        if (channel.eventLoop().inEventLoop()) {
            task.run();
        } else {
            channel.eventLoop().execute(task);
        }
    }

    @Override
    public String toString() {
        return "TcpConnection[" + info.scheme() + " " + info.localAddress() + " -> " + info.remoteAddress() + "]";
    }
}
