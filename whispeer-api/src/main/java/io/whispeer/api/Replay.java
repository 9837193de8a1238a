package io.whispeer.api;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a replay of stored messages starts, for a subscription that asks for history. Every mode applies to each
 * topic that the subscription's filter matches, and the replayed messages arrive in the order the broker stored
 * them, across topics:
 * <ul>
 *   <li>{@link #fromSequence(long)}: the messages of each matching topic whose sequence number is at least
 *       {@code n}; {@code fromSequence(1)} replays everything still stored.</li>
 *   <li>{@link #fromTime(Instant)}: the messages stored at or after an instant (the broker's clock when it stored
 *       them, not the publisher's timestamp).</li>
 *   <li>{@link #lastN(int)}: the last {@code n} messages of each matching topic.</li>
 *   <li>{@link #lastValue()}: the last message of each matching topic, like an MQTT retained message.</li>
 * </ul>
 * Sequence numbers count the messages of one topic from 1, with no gaps, and are never reused.
 *
 * <p>The modes are records of this sealed interface, so a message store handles each with an exhaustive
 * {@code switch}. Instances are immutable values; {@link Object#toString()} gives the factory call that makes them.
 */
public sealed interface Replay permits Replay.FromSequence, Replay.FromTime, Replay.LastN, Replay.LastValue {
    /**
     * The messages of each matching topic whose sequence number is {@code sequence} or higher.
     *
     * @param sequence the first sequence number to replay, 1 or more
     * @return the replay start
     * @throws IllegalArgumentException when {@code sequence} is below 1
     */
    static Replay fromSequence(long sequence) {
        return new FromSequence(sequence);
    }

    /**
     * The messages stored at or after an instant.
     *
     * @param time the earliest storage time to replay
     * @return the replay start
     */
    static Replay fromTime(Instant time) {
        return new FromTime(time);
    }

    /**
     * The last {@code count} messages of each matching topic (fewer when a topic has fewer stored).
     *
     * @param count how many messages per topic, 1 or more
     * @return the replay start
     * @throws IllegalArgumentException when {@code count} is below 1
     */
    static Replay lastN(int count) {
        return new LastN(count);
    }

    /** {@return a replay of the last message of each matching topic} */
    static Replay lastValue() {
        return LastValue.INSTANCE;
    }

    /**
     * Replays the messages of each matching topic from a sequence number on.
     *
     * @param sequence the first sequence number to replay, 1 or more
     */
    record FromSequence(long sequence) implements Replay {
        /**
         * Checks the sequence number.
         *
         * @throws IllegalArgumentException when {@code sequence} is below 1
         */
        public FromSequence {
            if (sequence < 1) {
                throw new IllegalArgumentException("Invalid replay start: sequence " + sequence + "; sequence numbers start at 1, so use a value"
                        + " between 1 and " + Long.MAX_VALUE + " (Replay.fromSequence(1) replays everything stored).");
            }
        }

        /** {@return {@code Replay.fromSequence(n)}} */
        @Override
        public String toString() {
            return "Replay.fromSequence(" + sequence + ")";
        }
    }

    /**
     * Replays the messages stored at or after an instant.
     *
     * @param time the earliest storage time to replay
     */
    record FromTime(Instant time) implements Replay {
        /** Checks the instant. */
        public FromTime {
            Objects.requireNonNull(time, "time");
        }

        /** {@return {@code Replay.fromTime(instant)}} */
        @Override
        public String toString() {
            return "Replay.fromTime(" + time + ")";
        }
    }

    /**
     * Replays the last messages of each matching topic.
     *
     * @param count how many messages per topic, 1 or more
     */
    record LastN(int count) implements Replay {
        /**
         * Checks the count.
         *
         * @throws IllegalArgumentException when {@code count} is below 1
         */
        public LastN {
            if (count < 1) {
                throw new IllegalArgumentException("Invalid replay start: last " + count + " messages; use a count between 1 and "
                        + Integer.MAX_VALUE + ", or replay nothing by not asking for a replay.");
            }
        }

        /** {@return {@code Replay.lastN(n)}} */
        @Override
        public String toString() {
            return "Replay.lastN(" + count + ")";
        }
    }

    /** Replays the last message of each matching topic; the same messages as {@code lastN(1)}. */
    record LastValue() implements Replay {
        private static final LastValue INSTANCE = new LastValue();

        /** {@return {@code Replay.lastValue()}} */
        @Override
        public String toString() {
            return "Replay.lastValue()";
        }
    }
}
