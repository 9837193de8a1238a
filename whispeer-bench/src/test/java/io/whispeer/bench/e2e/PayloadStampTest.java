package io.whispeer.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PayloadStampTest {
    @Test
    void theSendTimeAndTheSequenceNumberReadBackAsWritten() {
        byte[] payload = PayloadStamp.payload(16);
        PayloadStamp.stamp(payload, -123_456_789_012L, 42);
        assertThat(PayloadStamp.sentNanos(payload)).isEqualTo(-123_456_789_012L);
        assertThat(PayloadStamp.sequence(payload)).isEqualTo(42);
    }

    @Test
    void restampingTheSameArrayOverwritesOnlyTheFirstSixteenBytes() {
        byte[] payload = PayloadStamp.payload(1024);
        payload[16] = 7;
        PayloadStamp.stamp(payload, 1, PayloadStamp.PROBE);
        PayloadStamp.stamp(payload, Long.MAX_VALUE, 9);
        assertThat(PayloadStamp.sentNanos(payload)).isEqualTo(Long.MAX_VALUE);
        assertThat(PayloadStamp.sequence(payload)).isEqualTo(9);
        assertThat(payload[16]).isEqualTo((byte) 7);
    }

    @Test
    void aSequenceNumberCarriesThePublisherAndItsOwnNumberAndProbesStayNegative() {
        long sequence = PayloadStamp.sequence(3, 123_456_789L);
        assertThat(PayloadStamp.publisher(sequence)).isEqualTo(3);
        assertThat(PayloadStamp.number(sequence)).isEqualTo(123_456_789L);
        assertThat(PayloadStamp.probe(0)).isEqualTo(PayloadStamp.PROBE);
        assertThat(PayloadStamp.probe(5)).isNegative();
        assertThat(PayloadStamp.publisher(PayloadStamp.probe(5))).isEqualTo(5);
        assertThat(PayloadStamp.publisher(PayloadStamp.sequence(PayloadStamp.MAX_PUBLISHERS - 1, 0)))
                .isEqualTo(PayloadStamp.MAX_PUBLISHERS - 1);
    }

    @Test
    void aPayloadTooSmallForTheStampIsRefusedWithTheMinimum() {
        assertThatThrownBy(() -> PayloadStamp.payload(8)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("8 B").hasMessageContaining("at least 16");
    }
}
