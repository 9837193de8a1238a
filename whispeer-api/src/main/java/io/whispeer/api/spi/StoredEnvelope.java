package io.whispeer.api.spi;

import java.time.Instant;
import java.util.Objects;

import io.whispeer.api.Envelope;

/**
 * An envelope as a {@link MessageStore} returns it from a replay.
 *
 * @param envelope the envelope, equal byte for byte to the one appended: topic, id, timestamp, headers and
 *                 {@link Envelope#toBytes()}
 * @param sequence its sequence number in its topic, 1 or more
 * @param storedAt when the store appended it, by the clock the store was created with
 */
public record StoredEnvelope(Envelope envelope, long sequence, Instant storedAt) {
    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException when {@code sequence} is below 1
     */
    public StoredEnvelope {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(storedAt, "storedAt");
        if (sequence < 1) {
            throw new IllegalArgumentException("Invalid sequence " + sequence + " of a stored envelope on topic '" + envelope.topic()
                    + "': sequence numbers start at 1");
        }
    }

    /** {@return the topic of the envelope} */
    public String topic() {
        return envelope.topic();
    }

    /** {@return the topic, sequence and storage time; never payload bytes} */
    @Override
    public String toString() {
        return "StoredEnvelope[topic=" + envelope.topic() + ", sequence=" + sequence + ", storedAt=" + storedAt + ", id=" + envelope.id()
                + ", payload=" + envelope.payloadSize() + " bytes]";
    }
}
