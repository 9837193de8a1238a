package io.whispeer.protocol;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.UnsafeByteOperations;

import io.whispeer.protocol.v1.Deliver;
import io.whispeer.protocol.v1.ErrorCode;
import io.whispeer.protocol.v1.Frame;
import io.whispeer.protocol.v1.Header;
import io.whispeer.protocol.v1.OverflowPolicy;
import io.whispeer.protocol.v1.QoS;

/**
 * Encodes frames to bytes and decodes bytes to frames, enforcing {@link FrameLimits}. Instances are immutable and
 * thread-safe.
 *
 * <h2>What {@link #decode} refuses</h2>
 * Every refusal is a {@link ProtocolException}, never another exception: more bytes than
 * {@link FrameLimits#maxFrameBytes()}; bytes that are not a {@code Frame} (bad Protobuf, strings that are not UTF-8);
 * no frame kind, or a kind this version does not know; a missing required field (a CONNECT without versions, a
 * PUBLISH or DELIVER without topic or sealed bytes, a SUBSCRIBE without request id, subscription id or filter, an
 * UNSUBSCRIBE, ACK or NACK without ids); a topic or filter over {@link FrameLimits#maxTopicBytes()}; headers over
 * {@link FrameLimits#maxHeaderBytes()} or with an empty key; an overflow policy or QoS this version does not know.
 * Fields this version does not know are ignored, so a newer peer may add fields.
 *
 * <h2>Sharing instead of copying</h2>
 * Decoding does not copy the sealed bytes of PUBLISH and DELIVER frames: they share the input's memory, so the caller
 * must not change the input bytes while the frame is in use. {@link #encodeDeliver} writes a DELIVER as a small
 * per-subscription prefix and the shared sealed bytes, for a gathering write
 * ({@link io.whispeer.api.spi.Connection#write(ByteBuffer...)}).
 */
public final class Frames {
    /** The protocol version this library speaks best. */
    public static final int PROTOCOL_VERSION = 1;
    /** Every protocol version this library speaks, highest first. */
    public static final List<Integer> SUPPORTED_VERSIONS = List.of(PROTOCOL_VERSION);
    /** The field number of {@code sealed} in {@code Deliver}; it must stay the highest so that it is written last. */
    private static final int DELIVER_SEALED_FIELD = Deliver.SEALED_FIELD_NUMBER;
    private static final int FRAME_DELIVER_FIELD = Frame.DELIVER_FIELD_NUMBER;
    private static final Frames DEFAULTS = new Frames(FrameLimits.DEFAULT);

    private final FrameLimits limits;

    private Frames(FrameLimits limits) {
        this.limits = limits;
    }

    /** {@return frames with the default limits} */
    public static Frames defaults() {
        return DEFAULTS;
    }

    /**
     * Frames with given limits.
     *
     * @param limits the limits
     * @return the frames
     */
    public static Frames withLimits(FrameLimits limits) {
        return new Frames(Objects.requireNonNull(limits, "limits"));
    }

    /** {@return the limits this instance enforces} */
    public FrameLimits limits() {
        return limits;
    }

    /**
     * Encodes a frame. The frame must pass the checks {@link #decode} applies, so that the peer accepts it.
     *
     * @param frame the frame
     * @return its bytes, a heap buffer positioned at 0
     * @throws ProtocolException when the frame breaks a rule or a limit that {@link #decode} would refuse
     */
    public ByteBuffer encode(Frame frame) {
        Objects.requireNonNull(frame, "frame");
        int size = frame.getSerializedSize();
        checkFrameSize(size);
        validate(frame);
        return ByteBuffer.wrap(frame.toByteArray());
    }

    /**
     * Encodes a DELIVER as two parts for a gathering write: the first holds the frame prefix and every field of
     * {@code header}, the second is {@code sealed} itself (a read-only view; no byte is copied). Their concatenation
     * equals {@link #encode} of the same DELIVER with {@code sealed} in it.
     *
     * @param header the DELIVER without sealed bytes; it must satisfy the DELIVER rules of {@link #decode} once the
     *               sealed bytes are added
     * @param sealed the envelope's sealed bytes ({@link io.whispeer.api.Envelope#toBytes()}), between position and
     *               limit; not changed, and it must not be changed until the frame has been written
     * @return the two parts, each positioned at its start
     * @throws IllegalArgumentException when {@code header} already carries sealed bytes
     * @throws ProtocolException        when the frame breaks a rule or a limit
     */
    public ByteBuffer[] encodeDeliver(Deliver header, ByteBuffer sealed) {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(sealed, "sealed");
        if (!header.getSealed().isEmpty()) {
            throw new IllegalArgumentException("The DELIVER header already carries " + header.getSealed().size()
                    + " sealed bytes; pass a header without them and the sealed bytes as the second argument");
        }
        int sealedLength = sealed.remaining();
        if (sealedLength == 0) {
            throw new ProtocolException(ErrorCode.ERROR_CODE_MALFORMED_FRAME, "A DELIVER must carry sealed bytes; got 0 bytes");
        }
        validateDeliver(header, true);
        int headerSize = header.getSerializedSize();
        long bodySize = (long) headerSize + CodedOutputStream.computeTagSize(DELIVER_SEALED_FIELD)
                + CodedOutputStream.computeUInt32SizeNoTag(sealedLength) + sealedLength;
        long frameSize = CodedOutputStream.computeTagSize(FRAME_DELIVER_FIELD) + sizeOfLength(bodySize) + bodySize;
        checkFrameSize(frameSize);
        int prefixSize = (int) (frameSize - sealedLength);
        ByteBuffer prefix = ByteBuffer.allocate(prefixSize);
        CodedOutputStream out = CodedOutputStream.newInstance(prefix);
        try {
            out.writeTag(FRAME_DELIVER_FIELD, com.google.protobuf.WireFormat.WIRETYPE_LENGTH_DELIMITED);
            out.writeUInt32NoTag((int) bodySize);
            header.writeTo(out);
            out.writeTag(DELIVER_SEALED_FIELD, com.google.protobuf.WireFormat.WIRETYPE_LENGTH_DELIMITED);
            out.writeUInt32NoTag(sealedLength);
            out.flush();
        } catch (IOException e) {
            throw new IllegalStateException("Writing " + prefixSize + " bytes into a buffer of that size failed", e);
        }
        prefix.flip();
        return new ByteBuffer[] {prefix, sealed.asReadOnlyBuffer()};
    }

    /**
     * Decodes one frame from the bytes between the buffer's position and limit. The buffer's position is not changed.
     * The sealed bytes of a PUBLISH or DELIVER share the buffer's memory; do not change them while the frame is used.
     *
     * @param bytes the frame's bytes
     * @return the frame, which passed every check described in the class documentation
     * @throws ProtocolException when the bytes are not a valid frame or cross a limit
     */
    public Frame decode(ByteBuffer bytes) {
        Objects.requireNonNull(bytes, "bytes");
        checkFrameSize(bytes.remaining());
        // Wrapped as immutable bytes so that, with aliasing on, bytes fields are views of the input, not copies.
        return parse(UnsafeByteOperations.unsafeWrap(bytes.slice()).newCodedInput());
    }

    /**
     * Decodes one frame from a whole array; the sealed bytes of a PUBLISH or DELIVER share the array, which must not
     * be changed while the frame is used.
     *
     * @param bytes the frame's bytes
     * @return the frame
     * @throws ProtocolException when the bytes are not a valid frame or cross a limit
     */
    public Frame decode(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        checkFrameSize(bytes.length);
        return parse(UnsafeByteOperations.unsafeWrap(bytes).newCodedInput());
    }

    /**
     * Decodes one frame made of several parts, as written by a gathering write: the frame is their concatenation.
     *
     * @param parts the parts, each between its position and limit; not changed
     * @return the frame
     * @throws ProtocolException when the bytes are not a valid frame or cross a limit
     */
    public Frame decode(ByteBuffer... parts) {
        long total = 0;
        for (ByteBuffer part : parts) {
            total += part.remaining();
        }
        checkFrameSize(total);
        ByteBuffer all = ByteBuffer.allocate((int) total);
        for (ByteBuffer part : parts) {
            all.put(part.duplicate());
        }
        return decode(all.flip());
    }

    private Frame parse(CodedInputStream in) {
        in.enableAliasing(true);
        Frame frame;
        try {
            frame = Frame.parseFrom(in);
            in.checkLastTagWas(0);
        } catch (InvalidProtocolBufferException e) {
            throw new ProtocolException(ErrorCode.ERROR_CODE_MALFORMED_FRAME, "Malformed frame: " + e.getMessage()
                    + ". The peer must send frames of the whispeer/v1/frames.proto schema.", e);
        } catch (IOException | RuntimeException e) {
            // Protobuf reports bad input as InvalidProtocolBufferException; anything else is still the input's fault.
            throw new ProtocolException(ErrorCode.ERROR_CODE_MALFORMED_FRAME, "Malformed frame: " + e, e);
        }
        if (frame.getKindCase() == Frame.KindCase.KIND_NOT_SET) {
            UnknownFieldSet unknown = frame.getUnknownFields();
            throw new ProtocolException(ErrorCode.ERROR_CODE_MALFORMED_FRAME, unknown.asMap().isEmpty()
                    ? "Malformed frame: no frame kind is set; a frame must carry exactly one of CONNECT, CONNACK, PUBLISH, ..."
                    : "Unknown frame kind: field " + unknown.asMap().keySet() + " is not a frame kind of protocol version "
                            + PROTOCOL_VERSION + "; the peer must send only the kinds of the version it negotiated");
        }
        validate(frame);
        return frame;
    }

    private void validate(Frame frame) {
        switch (frame.getKindCase()) {
            case CONNECT -> {
                if (frame.getConnect().getVersionsCount() == 0) {
                    throw malformed("CONNECT", "versions", "list at least one protocol version the client speaks");
                }
            }
            case PUBLISH -> {
                var p = frame.getPublish();
                checkTopic("PUBLISH", "topic", p.getTopicBytes().size());
                checkHeaders("PUBLISH", p.getHeadersList());
                if (p.getSealed().isEmpty()) {
                    throw malformed("PUBLISH", "sealed", "carry the envelope bytes the publisher sealed");
                }
            }
            case SUBSCRIBE -> {
                var s = frame.getSubscribe();
                requireId("SUBSCRIBE", "request_id", s.getRequestId());
                requireId("SUBSCRIBE", "subscription_id", s.getSubscriptionId());
                checkTopic("SUBSCRIBE", "filter", s.getFilterBytes().size());
                if (s.getOverflowPolicy() == OverflowPolicy.UNRECOGNIZED) {
                    throw new ProtocolException(ErrorCode.ERROR_CODE_MALFORMED_FRAME, "SUBSCRIBE with unknown overflow policy "
                            + s.getOverflowPolicyValue() + "; protocol version " + PROTOCOL_VERSION + " knows 0 to 4");
                }
                if (s.getQos() == QoS.UNRECOGNIZED) {
                    throw new ProtocolException(ErrorCode.ERROR_CODE_MALFORMED_FRAME, "SUBSCRIBE with unknown QoS "
                            + s.getQosValue() + "; protocol version " + PROTOCOL_VERSION + " knows 0 to 3");
                }
            }
            case UNSUBSCRIBE -> {
                requireId("UNSUBSCRIBE", "request_id", frame.getUnsubscribe().getRequestId());
                requireId("UNSUBSCRIBE", "subscription_id", frame.getUnsubscribe().getSubscriptionId());
            }
            case DELIVER -> validateDeliver(frame.getDeliver(), false);
            case ACK -> {
                requireId("ACK", "subscription_id", frame.getAck().getSubscriptionId());
                requireId("ACK", "delivery_tag", frame.getAck().getDeliveryTag());
            }
            case NACK -> {
                requireId("NACK", "subscription_id", frame.getNack().getSubscriptionId());
                requireId("NACK", "delivery_tag", frame.getNack().getDeliveryTag());
            }
            case KIND_NOT_SET -> throw new ProtocolException(ErrorCode.ERROR_CODE_MALFORMED_FRAME,
                    "Malformed frame: no frame kind is set; a frame must carry exactly one of CONNECT, CONNACK, PUBLISH, ...");
            default -> {
                // CONNACK, PUBACK, SUBACK, UNSUBACK, PING, PONG, ERROR, STATUS: every field has a usable default.
            }
        }
    }

    private void validateDeliver(Deliver d, boolean headerOnly) {
        requireId("DELIVER", "subscription_id", d.getSubscriptionId());
        checkTopic("DELIVER", "topic", d.getTopicBytes().size());
        checkHeaders("DELIVER", d.getHeadersList());
        if (!headerOnly && d.getSealed().isEmpty()) {
            throw malformed("DELIVER", "sealed", "carry the envelope bytes the publisher sealed");
        }
    }

    private void checkTopic(String frame, String field, int size) {
        if (size == 0) {
            throw malformed(frame, field, "name a topic");
        }
        if (size > limits.maxTopicBytes()) {
            throw new ProtocolException(ErrorCode.ERROR_CODE_LIMIT_EXCEEDED, frame + " " + field + " of " + size
                    + " bytes is over the limit of " + limits.maxTopicBytes() + " bytes (setting "
                    + io.whispeer.api.TopicRules.MAX_BYTES_SETTING + "). Use a shorter topic or raise the setting on both sides.");
        }
    }

    private void checkHeaders(String frame, List<Header> headers) {
        long size = 0;
        for (Header h : headers) {
            if (h.getKeyBytes().isEmpty()) {
                throw malformed(frame, "headers", "give every header a non-empty key");
            }
            size += h.getKeyBytes().size() + h.getValueBytes().size();
        }
        if (size > limits.maxHeaderBytes()) {
            throw new ProtocolException(ErrorCode.ERROR_CODE_LIMIT_EXCEEDED, frame + " headers of " + size
                    + " bytes (keys and values, UTF-8) are over the limit of " + limits.maxHeaderBytes() + " bytes (setting "
                    + FrameLimits.MAX_HEADER_BYTES_SETTING + "). Send fewer or shorter headers, or raise the setting on both sides.");
        }
    }

    private void checkFrameSize(long size) {
        if (size > limits.maxFrameBytes()) {
            throw new ProtocolException(ErrorCode.ERROR_CODE_LIMIT_EXCEEDED, "A frame of " + size + " bytes is over the limit of "
                    + limits.maxFrameBytes() + " bytes (setting " + io.whispeer.api.spi.TransportSettings.MAX_FRAME_BYTES
                    + "). Send smaller messages or raise the setting on both sides.");
        }
    }

    private static void requireId(String frame, String field, long id) {
        if (id == 0) {
            throw malformed(frame, field, "carry a non-zero " + field);
        }
    }

    private static ProtocolException malformed(String frame, String field, String must) {
        return new ProtocolException(ErrorCode.ERROR_CODE_MALFORMED_FRAME,
                "Malformed " + frame + " frame: field '" + field + "' is missing or empty; a " + frame + " must " + must);
    }

    private static long sizeOfLength(long length) {
        return CodedOutputStream.computeUInt64SizeNoTag(length);
    }
}
