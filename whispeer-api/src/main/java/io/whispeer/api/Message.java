package io.whispeer.api;

import java.time.Instant;
import java.util.Objects;

/**
 * A delivered message: the decoded payload and its metadata.
 *
 * @param topic         the concrete topic it was published to
 * @param id            the publisher-chosen id
 * @param timestamp     when the publisher published it
 * @param headers       the user headers
 * @param deliveryCount 1 on first delivery, more on redelivery
 * @param payload       the decoded payload
 * @param <T>           the payload type
 */
public record Message<T>(String topic, MessageId id, Instant timestamp, Headers headers, int deliveryCount, T payload) {
    /** Checks the components. */
    public Message {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(payload, "payload");
        if (deliveryCount < 1) {
            throw new IllegalArgumentException("deliveryCount must be at least 1, got " + deliveryCount);
        }
    }

    /** {@return the metadata and the payload's type; the payload itself is left out so that logs do not carry it} */
    @Override
    public String toString() {
        return "Message[topic=" + topic + ", id=" + id + ", timestamp=" + timestamp + ", headers=" + headers
                + ", deliveryCount=" + deliveryCount + ", payload=<" + payload.getClass().getSimpleName() + ">]";
    }
}
