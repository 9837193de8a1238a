package io.whispeer.protocol;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;

import io.whispeer.api.Envelope;
import io.whispeer.api.Headers;
import io.whispeer.api.MessageId;
import io.whispeer.protocol.v1.Deliver;
import io.whispeer.protocol.v1.ErrorCode;
import io.whispeer.protocol.v1.Frame;
import io.whispeer.protocol.v1.Header;
import io.whispeer.protocol.v1.Publish;

/**
 * Conversions between PUBLISH / DELIVER frames and {@link Envelope}. The sealed bytes are
 * {@link Envelope#toBytes()} exactly; no envelope is opened or re-sealed here, and no key is needed.
 */
public final class EnvelopeFrames {
    private EnvelopeFrames() {
    }

    /**
     * A PUBLISH frame carrying an envelope.
     *
     * @param requestId echoed in the PUBACK; 0 asks for none
     * @param envelope  the sealed envelope
     * @return the frame
     */
    public static Frame publish(long requestId, Envelope envelope) {
        Objects.requireNonNull(envelope, "envelope");
        MessageId id = envelope.id();
        return Frame.newBuilder().setPublish(Publish.newBuilder()
                .setRequestId(requestId)
                .setTopic(envelope.topic())
                .setIdHigh(id.high())
                .setIdLow(id.low())
                .setTimestampMillis(envelope.timestampMillis())
                .addAllHeaders(headers(envelope.headers()))
                .setSealed(UnsafeByteOperations.unsafeWrap(envelope.toBytes()))).build();
    }

    /**
     * The per-subscription part of a DELIVER of an envelope, without the sealed bytes: pass it with the envelope's
     * shared sealed bytes to {@link Frames#encodeDeliver(Deliver, ByteBuffer)}.
     *
     * @param subscriptionId the subscription, not 0
     * @param deliveryTag    identifies the delivery in ACK and NACK
     * @param deliveryCount  1 on the first delivery
     * @param envelope       the envelope whose metadata to carry
     * @return the DELIVER header
     */
    public static Deliver deliverHeader(long subscriptionId, long deliveryTag, int deliveryCount, Envelope envelope) {
        return deliverHeader(subscriptionId, deliveryTag, deliveryCount, 0, envelope);
    }

    /**
     * The per-subscription part of a DELIVER of a stored envelope, which also carries the store's sequence number;
     * otherwise like {@link #deliverHeader(long, long, int, Envelope)}.
     *
     * @param subscriptionId the subscription, not 0
     * @param deliveryTag    identifies the delivery in ACK and NACK
     * @param deliveryCount  1 on the first delivery
     * @param sequence       the store's sequence number of the envelope, or 0 when it was not stored
     * @param envelope       the envelope whose metadata to carry
     * @return the DELIVER header
     */
    public static Deliver deliverHeader(long subscriptionId, long deliveryTag, int deliveryCount, long sequence, Envelope envelope) {
        Objects.requireNonNull(envelope, "envelope");
        MessageId id = envelope.id();
        Deliver.Builder header = Deliver.newBuilder()
                .setSubscriptionId(subscriptionId)
                .setDeliveryTag(deliveryTag)
                .setDeliveryCount(deliveryCount)
                .setTopic(envelope.topic())
                .setIdHigh(id.high())
                .setIdLow(id.low())
                .setTimestampMillis(envelope.timestampMillis());
        if (!envelope.headers().isEmpty()) {
            header.addAllHeaders(headers(envelope.headers()));
        }
        if (sequence != 0) {
            header.setSequence(sequence);
        }
        return header.build();
    }

    /**
     * A whole DELIVER frame of an envelope (the sealed bytes included), for tests and clients; a server fanning out
     * uses {@link #deliverHeader} and {@link Frames#encodeDeliver} instead.
     *
     * @param subscriptionId the subscription, not 0
     * @param deliveryTag    identifies the delivery in ACK and NACK
     * @param deliveryCount  1 on the first delivery
     * @param envelope       the envelope
     * @return the frame
     */
    public static Frame deliver(long subscriptionId, long deliveryTag, int deliveryCount, Envelope envelope) {
        return Frame.newBuilder().setDeliver(deliverHeader(subscriptionId, deliveryTag, deliveryCount, envelope).toBuilder()
                .setSealed(UnsafeByteOperations.unsafeWrap(envelope.toBytes()))).build();
    }

    /**
     * The envelope a PUBLISH carries.
     *
     * @param publish the frame's PUBLISH
     * @return the envelope
     * @throws ProtocolException when the headers or the sealed bytes are refused by {@link Headers} or
     *                           {@link Envelope#parse}; the message says why
     */
    public static Envelope toEnvelope(Publish publish) {
        Objects.requireNonNull(publish, "publish");
        return envelope("PUBLISH", publish.getTopic(), publish.getIdHigh(), publish.getIdLow(), publish.getTimestampMillis(),
                publish.getHeadersList(), publish.getSealed());
    }

    /**
     * The envelope a DELIVER carries.
     *
     * @param deliver the frame's DELIVER
     * @return the envelope
     * @throws ProtocolException when the headers or the sealed bytes are refused by {@link Headers} or
     *                           {@link Envelope#parse}; the message says why
     */
    public static Envelope toEnvelope(Deliver deliver) {
        Objects.requireNonNull(deliver, "deliver");
        return envelope("DELIVER", deliver.getTopic(), deliver.getIdHigh(), deliver.getIdLow(), deliver.getTimestampMillis(),
                deliver.getHeadersList(), deliver.getSealed());
    }

    /**
     * The headers a PUBLISH or DELIVER carries.
     *
     * @param headers the frame's header entries
     * @return the headers
     * @throws ProtocolException when a key repeats or a key or value breaks the {@link Headers} rules
     */
    public static Headers toHeaders(List<Header> headers) {
        if (headers.isEmpty()) {
            return Headers.empty();
        }
        Headers.Builder builder = Headers.builder();
        String previous = null;
        for (Header h : headers) {
            if (h.getKey().equals(previous)) {
                throw new ProtocolException(ErrorCode.ERROR_CODE_MALFORMED_FRAME, "Header '" + h.getKey()
                        + "' appears twice; a frame must carry each header key once");
            }
            previous = h.getKey();
            try {
                builder.put(h.getKey(), h.getValue());
            } catch (IllegalArgumentException e) {
                throw new ProtocolException(ErrorCode.ERROR_CODE_MALFORMED_FRAME, e.getMessage(), e);
            }
        }
        Headers result = builder.build();
        if (result.size() != headers.size()) {
            throw new ProtocolException(ErrorCode.ERROR_CODE_MALFORMED_FRAME, "A header key appears twice among "
                    + headers.size() + " headers; a frame must carry each header key once");
        }
        return result;
    }

    private static Envelope envelope(String frame, String topic, long idHigh, long idLow, long timestampMillis,
                                     List<Header> headers, ByteString sealed) {
        Headers parsedHeaders = toHeaders(headers);
        try {
            return Envelope.parse(topic, new MessageId(idHigh, idLow), Instant.ofEpochMilli(timestampMillis), parsedHeaders,
                    sealed.toByteArray());
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw new ProtocolException(ErrorCode.ERROR_CODE_MALFORMED_FRAME, "The envelope in a " + frame + " to '" + topic
                    + "' is refused: " + e.getMessage(), e);
        }
    }

    private static List<Header> headers(Headers headers) {
        if (headers.isEmpty()) {
            return List.of();
        }
        Header[] out = new Header[headers.size()];
        int i = 0;
        for (Map.Entry<String, String> e : headers.asMap().entrySet()) {
            out[i++] = Header.newBuilder().setKey(e.getKey()).setValue(e.getValue()).build();
        }
        return List.of(out);
    }
}
