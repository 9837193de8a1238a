package io.whispeer.transport.tcp;

import java.nio.channels.ClosedChannelException;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.PendingWriteQueue;

/**
 * Holds written frames until a flush, above the {@link io.netty.handler.ssl.SslHandler}: that handler encrypts and
 * sends pending writes whenever it must write anyway (a TLS 1.3 session ticket arriving, say), which would send
 * frames before their flush. The held bytes count in the channel's pending bytes, so they take part in the water
 * marks.
 */
final class FlushGate extends ChannelOutboundHandlerAdapter {
    private PendingWriteQueue held;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        held = new PendingWriteQueue(ctx);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object message, ChannelPromise promise) {
        held.add(message, promise);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        held.removeAndWriteAll();
        ctx.flush();
    }

    /** Drops what was never flushed: it was written after the last flush, so the contract lets it go. */
    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        dropAll();
        ctx.close(promise);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        dropAll();
    }

    /** Releases the held frames and fails their promises, except void ones, whose failure would look like an I/O error. */
    private void dropAll() {
        ClosedChannelException closed = null;
        for (ChannelPromise dropped = held.remove(); dropped != null; dropped = held.remove()) {
            if (!dropped.isVoid()) {
                closed = closed == null ? new ClosedChannelException() : closed;
                dropped.tryFailure(closed);
            }
        }
    }
}
