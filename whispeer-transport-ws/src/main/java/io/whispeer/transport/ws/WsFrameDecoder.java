package io.whispeer.transport.ws;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.whispeer.api.spi.TransportSettings;

/**
 * Decodes RFC 6455 frames, and refuses a message over the frame limit as soon as the header that crosses it arrives,
 * before its payload is buffered. It replaces Netty's {@code WebSocket13FrameDecoder} so that the error names the
 * message's size as well as the limit: Netty's names the limit only. A message made of fragments counts as the sum
 * of their payloads. Every violation (limit, reserved bits, unknown opcode, fragmented or long control frame, wrong
 * masking, a continuation with no message) throws a {@link CorruptedWebSocketFrameException} with the close status
 * to send (1009 for the limit, 1002 otherwise), and the decoder then discards everything it receives.
 */
final class WsFrameDecoder extends ByteToMessageDecoder implements WebSocketFrameDecoder {
    private static final int MAX_CONTROL_PAYLOAD = 125;

    private final int maxMessageBytes;
    private final boolean expectMasked;
    private boolean corrupt;
    /** Payload length of the frame whose header was read, or -1 while waiting for a header. */
    private long payloadLength = -1;
    private boolean fin;
    private int opcode;
    private boolean masked;
    private int mask;
    private boolean inMessage;
    private long messageBytes;

    /**
     * @param maxMessageBytes the largest message accepted
     * @param expectMasked    whether frames must be masked: {@code true} on the server side
     */
    WsFrameDecoder(int maxMessageBytes, boolean expectMasked) {
        this.maxMessageBytes = maxMessageBytes;
        this.expectMasked = expectMasked;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (corrupt) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (payloadLength < 0 && !readHeader(ctx, in)) {
            return;
        }
        if (in.readableBytes() < payloadLength) {
            return;
        }
        ByteBuf payload = in.readRetainedSlice((int) payloadLength);
        payloadLength = -1;
        if (masked) {
            payload = unmask(payload);
        }
        out.add(switch (opcode) {
            case 0 -> new ContinuationWebSocketFrame(fin, 0, payload);
            case 1 -> new TextWebSocketFrame(fin, 0, payload);
            case 2 -> new BinaryWebSocketFrame(fin, 0, payload);
            case 8 -> new CloseWebSocketFrame(true, 0, payload);
            case 9 -> new PingWebSocketFrame(true, 0, payload);
            default -> new PongWebSocketFrame(true, 0, payload);
        });
    }

    /** Reads and checks a whole header; {@return false when it has not fully arrived} */
    private boolean readHeader(ChannelHandlerContext ctx, ByteBuf in) {
        if (in.readableBytes() < 2) {
            return false;
        }
        int at = in.readerIndex();
        int b0 = in.getUnsignedByte(at);
        int b1 = in.getUnsignedByte(at + 1);
        int lengthCode = b1 & 0x7F;
        boolean isMasked = (b1 & 0x80) != 0;
        int headerBytes = 2 + (lengthCode == 126 ? 2 : lengthCode == 127 ? 8 : 0) + (isMasked ? 4 : 0);
        if (in.readableBytes() < headerBytes) {
            return false;
        }
        long length = lengthCode == 126 ? in.getUnsignedShort(at + 2) : lengthCode == 127 ? in.getLong(at + 2) : lengthCode;
        boolean isFin = (b0 & 0x80) != 0;
        int code = b0 & 0x0F;
        if ((b0 & 0x70) != 0) {
            throw violation(in, WebSocketCloseStatus.PROTOCOL_ERROR, "reserved bits are set, but no extension was negotiated");
        }
        if (isMasked != expectMasked) {
            throw violation(in, WebSocketCloseStatus.PROTOCOL_ERROR, expectMasked ? "a client frame is not masked" : "a server frame is masked");
        }
        if (code >= 8) {
            if (code > 10) {
                throw violation(in, WebSocketCloseStatus.PROTOCOL_ERROR, "unknown control opcode " + code);
            }
            if (!isFin || length > MAX_CONTROL_PAYLOAD || (code == 8 && length == 1)) {
                throw violation(in, WebSocketCloseStatus.PROTOCOL_ERROR, "invalid control frame (opcode " + code + ", " + length + " bytes, fin " + isFin + ")");
            }
        } else if (code > 2) {
            throw violation(in, WebSocketCloseStatus.PROTOCOL_ERROR, "unknown data opcode " + code);
        } else if (code == 0 && !inMessage) {
            throw violation(in, WebSocketCloseStatus.PROTOCOL_ERROR, "a continuation frame with no message to continue");
        } else if (code != 0 && inMessage) {
            throw violation(in, WebSocketCloseStatus.PROTOCOL_ERROR, "a new message began before the fragmented one ended");
        } else {
            long total = length < 0 || length > maxMessageBytes ? length : (code == 0 ? messageBytes : 0) + length;
            if (total < 0 || total > maxMessageBytes) {
                boolean exact = code != 0 && isFin;
                throw violation(in, WebSocketCloseStatus.MESSAGE_TOO_BIG, "WebSocket message of " + (exact ? "" : "at least ")
                        + Long.toUnsignedString(total) + " bytes from " + ctx.channel().remoteAddress()
                        + " is over " + TransportSettings.MAX_FRAME_BYTES + "=" + maxMessageBytes
                        + "; the connection is closed with status 1009. Raise the setting on the receiving side or send smaller frames.");
            }
            messageBytes = total;
            inMessage = !isFin;
        }
        in.skipBytes(headerBytes);
        if (isMasked) {
            mask = in.getInt(in.readerIndex() - 4);
        }
        fin = isFin;
        opcode = code;
        masked = isMasked;
        payloadLength = length;
        return true;
    }

    private CorruptedWebSocketFrameException violation(ByteBuf in, WebSocketCloseStatus status, String message) {
        corrupt = true;
        in.skipBytes(in.readableBytes());
        return new CorruptedWebSocketFrameException(status, message);
    }

    /** Unmasks in place when the bytes are ours to change, into a copy otherwise. */
    private ByteBuf unmask(ByteBuf payload) {
        ByteBuf target = payload;
        if (payload.isReadOnly()) {
            target = payload.alloc().buffer(payload.readableBytes());
            target.writeBytes(payload, payload.readerIndex(), payload.readableBytes());
            payload.release();
        }
        int start = target.readerIndex();
        int length = target.readableBytes();
        long longMask = (mask & 0xFFFF_FFFFL) << 32 | (mask & 0xFFFF_FFFFL);
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            target.setLong(start + i, target.getLong(start + i) ^ longMask);
        }
        for (; i < length; i++) {
            target.setByte(start + i, target.getByte(start + i) ^ (mask >>> (24 - 8 * (i & 3))));
        }
        return target;
    }
}
