package io.whispeer.transport.tcp;

import java.nio.ByteOrder;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.whispeer.api.TransportException;
import io.whispeer.api.spi.TransportSettings;

/**
 * Splits the byte stream into frames: a 4-byte big-endian length, then that many bytes; emits each frame without
 * its length. A length over the limit throws a {@link FrameTooLargeException} naming it and the limit (Netty wraps it
 * in a {@link io.netty.handler.codec.DecoderException}), and every byte after it is discarded unread.
 */
final class FrameDecoder extends LengthFieldBasedFrameDecoder {
    private final int maxFrameBytes;
    private final Channel channel;
    private boolean failed;

    FrameDecoder(int maxFrameBytes, Channel channel) {
        super(ByteOrder.BIG_ENDIAN, maxFrameBytes + 4, 0, 4, 0, 4, true);
        this.maxFrameBytes = maxFrameBytes;
        this.channel = channel;
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return null;
        }
        return super.decode(ctx, in);
    }

    /** A frame over the limit: the {@link TransportException} that closes the connection, with the sizes. */
    static final class FrameTooLargeException extends TransportException {
        private static final long serialVersionUID = 1L;
        final long frameBytes;
        final int maxFrameBytes;

        FrameTooLargeException(long frameBytes, int maxFrameBytes, String message) {
            super(message);
            this.frameBytes = frameBytes;
            this.maxFrameBytes = maxFrameBytes;
        }
    }

    @Override
    protected long getUnadjustedFrameLength(ByteBuf buf, int offset, int length, ByteOrder order) {
        long frameLength = buf.getUnsignedInt(offset);
        if (frameLength > maxFrameBytes) {
            failed = true;
            buf.skipBytes(buf.readableBytes());
            throw new FrameTooLargeException(frameLength, maxFrameBytes, "Frame of " + frameLength + " bytes from " + channel.remoteAddress()
                    + " is over " + TransportSettings.MAX_FRAME_BYTES + "=" + maxFrameBytes
                    + "; the connection is closed. Raise the setting on the receiving side or send smaller frames.");
        }
        return frameLength;
    }
}
