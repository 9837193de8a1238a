package io.whispeer.api.spi;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How long a {@link MessageStore} keeps messages: up to a maximum age, up to a maximum number of messages per
 * topic, both, or forever ({@link #none()}). {@link MessageStore#applyRetention(Retention)} removes what falls
 * outside; sequence numbers of removed messages are never reused.
 *
 * <p>A message is older than the maximum age when the store's clock, at the time retention is applied, is more
 * than {@code maxAge} after the message's {@link StoredEnvelope#storedAt()}. Instances are immutable values.
 */
public final class Retention {
    private static final Retention NONE = new Retention(null, 0);

    private final Duration maxAge;
    private final long maxMessagesPerTopic;

    private Retention(Duration maxAge, long maxMessagesPerTopic) {
        this.maxAge = maxAge;
        this.maxMessagesPerTopic = maxMessagesPerTopic;
    }

    /** {@return keep every message: applying it removes nothing} */
    public static Retention none() {
        return NONE;
    }

    /**
     * Keeps messages up to an age.
     *
     * @param maxAge the oldest a message may be, positive
     * @return the retention
     * @throws IllegalArgumentException when {@code maxAge} is zero or negative
     */
    public static Retention maxAge(Duration maxAge) {
        return NONE.withMaxAge(maxAge);
    }

    /**
     * Keeps the last messages of each topic.
     *
     * @param count how many messages each topic keeps, 1 or more
     * @return the retention
     * @throws IllegalArgumentException when {@code count} is below 1
     */
    public static Retention maxMessagesPerTopic(long count) {
        return NONE.withMaxMessagesPerTopic(count);
    }

    /**
     * This retention, also limited by age.
     *
     * @param maxAge the oldest a message may be, positive
     * @return the retention
     * @throws IllegalArgumentException when {@code maxAge} is zero or negative
     */
    public Retention withMaxAge(Duration maxAge) {
        Objects.requireNonNull(maxAge, "maxAge");
        if (maxAge.isZero() || maxAge.isNegative()) {
            throw new IllegalArgumentException("Invalid retention: maximum age " + maxAge + "; it must be positive, such as PT24H."
                    + " Use Retention.none() to keep messages forever.");
        }
        return new Retention(maxAge, maxMessagesPerTopic);
    }

    /**
     * This retention, also limited by count.
     *
     * @param count how many messages each topic keeps, 1 or more
     * @return the retention
     * @throws IllegalArgumentException when {@code count} is below 1
     */
    public Retention withMaxMessagesPerTopic(long count) {
        if (count < 1) {
            throw new IllegalArgumentException("Invalid retention: " + count + " messages per topic; use a count between 1 and "
                    + Long.MAX_VALUE + ", or Retention.none() to keep messages forever.");
        }
        return new Retention(maxAge, count);
    }

    /** {@return the maximum age of a message, or empty when age does not limit retention} */
    public Optional<Duration> maxAge() {
        return Optional.ofNullable(maxAge);
    }

    /** {@return how many messages each topic keeps, or empty when the count does not limit retention} */
    public OptionalLong maxMessagesPerTopic() {
        return maxMessagesPerTopic > 0 ? OptionalLong.of(maxMessagesPerTopic) : OptionalLong.empty();
    }

    /** {@return {@code true} when this retention keeps every message} */
    public boolean isNone() {
        return maxAge == null && maxMessagesPerTopic == 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Retention other && Objects.equals(other.maxAge, maxAge) && other.maxMessagesPerTopic == maxMessagesPerTopic;
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(maxAge) * 31 + Long.hashCode(maxMessagesPerTopic);
    }

    /** {@return the limits, such as {@code Retention[maxAge=PT24H, maxMessagesPerTopic=1000]}} */
    @Override
    public String toString() {
        if (isNone()) {
            return "Retention.none()";
        }
        return "Retention[" + (maxAge != null ? "maxAge=" + maxAge : "") + (maxAge != null && maxMessagesPerTopic > 0 ? ", " : "")
                + (maxMessagesPerTopic > 0 ? "maxMessagesPerTopic=" + maxMessagesPerTopic : "") + "]";
    }
}
