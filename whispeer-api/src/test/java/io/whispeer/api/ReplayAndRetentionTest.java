package io.whispeer.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import io.whispeer.api.spi.Retention;
import io.whispeer.api.spi.StoredEnvelope;

/** The values that describe replay and retention. */
class ReplayAndRetentionTest {
    @Test
    void replayModesAreValuesThatPrintTheirFactoryCall() {
        assertThat(Replay.fromSequence(7)).isEqualTo(new Replay.FromSequence(7)).hasToString("Replay.fromSequence(7)");
        assertThat(Replay.fromTime(Instant.EPOCH)).isEqualTo(new Replay.FromTime(Instant.EPOCH))
                .hasToString("Replay.fromTime(1970-01-01T00:00:00Z)");
        assertThat(Replay.lastN(3)).isEqualTo(new Replay.LastN(3)).hasToString("Replay.lastN(3)");
        assertThat(Replay.lastValue()).isEqualTo(new Replay.LastValue()).hasToString("Replay.lastValue()");
    }

    @Test
    void replayRefusesValuesOutOfRangeAndNamesTheRange() {
        assertThatThrownBy(() -> Replay.fromSequence(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sequence 0").hasMessageContaining("between 1 and " + Long.MAX_VALUE);
        assertThatThrownBy(() -> Replay.lastN(-2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("last -2").hasMessageContaining("between 1 and " + Integer.MAX_VALUE);
        assertThatThrownBy(() -> Replay.fromTime(null)).isInstanceOf(NullPointerException.class).hasMessage("time");
    }

    @Test
    void retentionCombinesAgeAndCountAndRefusesValuesOutOfRange() {
        assertThat(Retention.none().isNone()).isTrue();
        assertThat(Retention.none().maxAge()).isEmpty();
        assertThat(Retention.none()).hasToString("Retention.none()");
        Retention both = Retention.maxAge(Duration.ofHours(1)).withMaxMessagesPerTopic(10);
        assertThat(both.maxAge()).isEqualTo(Optional.of(Duration.ofHours(1)));
        assertThat(both.maxMessagesPerTopic()).isEqualTo(OptionalLong.of(10));
        assertThat(both).isEqualTo(Retention.maxMessagesPerTopic(10).withMaxAge(Duration.ofHours(1)))
                .hasToString("Retention[maxAge=PT1H, maxMessagesPerTopic=10]");
        assertThatThrownBy(() -> Retention.maxAge(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT0S").hasMessageContaining("positive");
        assertThatThrownBy(() -> Retention.maxMessagesPerTopic(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 messages per topic").hasMessageContaining("between 1 and");
    }

    @Test
    void storedEnvelopeRefusesASequenceBelowOneAndHidesThePayload() {
        Envelope envelope = Envelope.builder().topic("a/b").id(new MessageId(1, 2)).payload(new byte[] {42}).build();
        assertThat(new StoredEnvelope(envelope, 1, Instant.EPOCH).toString()).contains("a/b", "sequence=1", "1 bytes");
        assertThatThrownBy(() -> new StoredEnvelope(envelope, 0, Instant.EPOCH)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sequence 0").hasMessageContaining("a/b");
    }
}
