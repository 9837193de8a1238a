package io.whispeer.transport.tcp;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
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
 * One connection over a Netty channel. Pausing stops {@code autoRead} and holds back frames already decoded (see
 * {@link ChannelEvents}).
 *
 * <h2>Writing</h2>
 * Every frame, from any thread, goes through one outbox in the order the calls take its lock, so concurrent frames
 * never interleave and each thread's frames keep their order:
 * <ul>
 *   <li>a frame up to {@value #COPY_BELOW_BYTES} bytes is copied behind its 4-byte length into the open batch buffer
 *       (at most {@value #BATCH_BYTES} bytes; a full one is closed and a new one opened);</li>
 *   <li>a larger frame closes the batch and is queued as a composite of the caller's buffers (duplicates, so that
 *       their positions stay put) behind its length, without a copy.</li>
 * </ul>
 * Closed buffers go to the channel on the event loop: at once when the writer is the event loop, else in one task per
 * burst, and a flush sends the open batch too. So a publisher writing thousands of small frames from its own thread
 * costs the event loop one task and one system call per burst, not one task per frame. The outbox's bytes count in
 * {@link #pendingWriteBytes()} and in {@link #isWritable()}, with Netty's outbound buffer and its water marks.
 */
final class TcpConnection implements Connection {
    /** Frames up to this size are copied into the batch; larger ones are written from the caller's buffers. */
    static final int COPY_BELOW_BYTES = 2048;
    /** The size of one batch buffer. */
    static final int BATCH_BYTES = 64 * 1024;

    private final Channel channel;
    private final ConnectionInfo info;
    private final ChannelEvents events;
    private final long closeTimeoutMillis;
    private final long highWaterMark;
    private final AtomicBoolean open = new AtomicBoolean(true);
    private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();
    private volatile boolean paused;

    /** Guards the outbox: {@link #batch}, {@link #closed}, {@link #transferScheduled} and {@link #flushRequested}. */
    private final Object outbox = new Object();
    /** The open batch of small frames, or null. */
    private ByteBuf batch;
    /** Buffers closed in order, waiting for the event loop to write them to the channel. */
    private final ArrayDeque<ByteBuf> closed = new ArrayDeque<>();
    private boolean transferScheduled;
    private boolean flushRequested;
    /** Bytes in the open batch and the closed buffers. */
    private volatile long outboxBytes;

    TcpConnection(Channel channel, ConnectionInfo info, ChannelEvents events, long closeTimeoutMillis) {
        this.channel = channel;
        this.info = info;
        this.events = events;
        this.closeTimeoutMillis = closeTimeoutMillis;
        this.highWaterMark = channel.config().getWriteBufferHighWaterMark();
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
        boolean anyClosed;
        synchronized (outbox) {
            if (!open.get()) {
                return;
            }
            if (size <= COPY_BELOW_BYTES) {
                if (batch != null && batch.maxWritableBytes() < 4 + size) {
                    closed.add(batch);
                    batch = null;
                }
                if (batch == null) {
                    batch = channel.alloc().directBuffer(BATCH_BYTES, BATCH_BYTES);
                }
                batch.writeInt((int) size);
                for (ByteBuffer part : parts) {
                    batch.writeBytes(part.duplicate());
                }
            } else {
                closeBatch();
                closed.add(wrap(parts, (int) size));
            }
            outboxBytes += 4 + size;
            anyClosed = !closed.isEmpty();
        }
        if (anyClosed) {
            if (channel.eventLoop().inEventLoop()) {
                transfer(false);
            } else {
                scheduleTransfer(false);
            }
        }
    }

    private static ByteBuf wrap(ByteBuffer[] parts, int size) {
        ByteBuffer[] wire = new ByteBuffer[parts.length + 1];
        wire[0] = ByteBuffer.allocate(4).putInt(0, size);
        int count = 1;
        for (ByteBuffer part : parts) {
            if (part.hasRemaining()) {
                wire[count++] = part.duplicate();
            }
        }
        return count == 1 ? Unpooled.wrappedBuffer(wire[0]) : Unpooled.wrappedBuffer(count, Arrays.copyOf(wire, count));
    }

    /** Must hold the outbox lock: closes the open batch, if any. */
    private void closeBatch() {
        if (batch != null) {
            closed.add(batch);
            batch = null;
        }
    }

    /**
     * On the event loop: writes the closed buffers to the channel, in order, and the open batch too when
     * {@code withBatch}.
     */
    private void transfer(boolean withBatch) {
        List<ByteBuf> out;
        synchronized (outbox) {
            if (withBatch) {
                closeBatch();
            }
            if (closed.isEmpty()) {
                return;
            }
            out = new ArrayList<>(closed);
            closed.clear();
            long bytes = 0;
            for (ByteBuf buffer : out) {
                bytes += buffer.readableBytes();
            }
            outboxBytes -= bytes;
        }
        for (ByteBuf buffer : out) {
            channel.write(buffer, channel.voidPromise());
        }
    }

    /** From another thread: has the event loop transfer the closed buffers (and flush, when asked) in one task. */
    private void scheduleTransfer(boolean flush) {
        synchronized (outbox) {
            if (flush) {
                closeBatch();
                flushRequested = true;
            }
            if (transferScheduled) {
                return;
            }
            transferScheduled = true;
        }
        execute(this::runTransfer);
    }

    private void runTransfer() {
        boolean flush;
        synchronized (outbox) {
            transferScheduled = false;
            flush = flushRequested;
            flushRequested = false;
        }
        transfer(flush);
        if (flush) {
            channel.flush();
        }
    }

    @Override
    public void flush() {
        if (channel.eventLoop().inEventLoop()) {
            transfer(true);
            channel.flush();
        } else {
            scheduleTransfer(true);
        }
    }

    @Override
    public CompletableFuture<Void> flushWithCompletion() {
        CompletableFuture<Void> result = new CompletableFuture<>();
        if (!open.get()) {
            result.completeExceptionally(new TransportException("Connection to " + info.remoteAddress() + " is closed; its frames were not all sent"));
            return result;
        }
        onLoop(() -> {
            transfer(true);
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(done -> {
                if (done.isSuccess()) {
                    result.complete(null);
                } else {
                    result.completeExceptionally(new TransportException("Connection to " + info.remoteAddress() + " closed before the frames were written: "
                            + done.cause(), done.cause()));
                }
            });
        });
        return result;
    }

    @Override
    public boolean isWritable() {
        return open.get() && channel.isWritable() && outboxBytes <= highWaterMark;
    }

    @Override
    public long pendingWriteBytes() {
        ChannelOutboundBuffer outbound = channel.unsafe().outboundBuffer();
        return outboxBytes + (outbound == null ? 0 : outbound.totalPendingWriteBytes());
    }

    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        try {
            channel.eventLoop().execute(task);
        } catch (RejectedExecutionException e) {
            Thread.ofVirtual().name("whispeer-tcp-task").start(task); // the event loop group has stopped
        }
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
        onLoop(() -> {
            transfer(true);
            ChannelFuture flushed = channel.writeAndFlush(Unpooled.EMPTY_BUFFER);
            var timer = channel.eventLoop().schedule(() -> {
                if (channel.isOpen()) {
                    events.failIfOpen(new TransportException("Closed the connection to " + info.remoteAddress() + " with " + pendingWriteBytes()
                            + " bytes unsent: the peer did not read them within " + closeTimeoutMillis + " ms"));
                }
            }, closeTimeoutMillis, TimeUnit.MILLISECONDS);
            flushed.addListener(done -> channel.close());
            channel.closeFuture().addListener(done -> timer.cancel(false));
        });
    }

    /** Marks the connection closed, as the channel closed without a call to {@link #close()}. */
    void closed() {
        open.set(false);
        synchronized (outbox) {
            closeBatch();
            for (ByteBuf dropped : closed) {
                dropped.release();
            }
            closed.clear();
            outboxBytes = 0;
        }
    }

    void completeCloseFuture() {
        closeFuture.complete(null);
    }

    private void onLoop(Runnable task) {
        if (channel.eventLoop().inEventLoop()) {
            task.run();
        } else {
            execute(task);
        }
    }

    @Override
    public String toString() {
        return "TcpConnection[" + info.scheme() + " " + info.localAddress() + " -> " + info.remoteAddress() + "]";
    }
}
