package io.whispeer.core;

import java.time.Instant;
import java.util.function.Function;

import io.whispeer.api.Envelope;
import io.whispeer.api.Headers;
import io.whispeer.api.Message;
import io.whispeer.api.MessageId;
import io.whispeer.api.MessageInfo;

/**
 * A delivered message: the decoded payload over the envelope it came in, which supplies the metadata.
 *
 * @param envelope      the envelope
 * @param deliveryCount 1 on first delivery
 * @param payload       the decoded payload
 * @param describer     names the engines of an envelope, called only when {@link #info()} is
 * @param <T>           the payload type
 */
record DeliveredMessage<T>(Envelope envelope, int deliveryCount, T payload, Function<Envelope, MessageInfo> describer)
        implements Message<T> {
    @Override
    public MessageInfo info() {
        return describer.apply(envelope);
    }

    @Override
    public String topic() {
        return envelope.topic();
    }

    @Override
    public MessageId id() {
        return envelope.id();
    }

    @Override
    public Instant timestamp() {
        return envelope.timestamp();
    }

    @Override
    public Headers headers() {
        return envelope.headers();
    }

    /** {@return the metadata and the payload's type; the payload itself is left out so that logs do not carry it} */
    @Override
    public String toString() {
        return "Message[topic=" + topic() + ", id=" + id() + ", timestamp=" + timestamp() + ", headers=" + headers()
                + ", deliveryCount=" + deliveryCount + ", payload=<" + payload.getClass().getSimpleName() + ">]";
    }
}
