package io.whispeer.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class CountingReceiverTest {
    private static byte[] message(long sentNanos, long sequence) {
        byte[] payload = PayloadStamp.payload(16);
        PayloadStamp.stamp(payload, sentNanos, sequence);
        return payload;
    }

    @Test
    void probesAreCountedApartAndNeverMeasured() {
        CountingReceiver receiver = new CountingReceiver();
        receiver.recordFrom(0);
        receiver.onMessage(message(System.nanoTime(), PayloadStamp.PROBE));
        assertThat(receiver.probes()).isEqualTo(1);
        assertThat(receiver.received()).isZero();
        assertThat(receiver.stopRecording().getTotalCount()).isZero();
    }

    @Test
    void onlyMessagesFromTheRecordedSequenceOnHaveTheirLatencyRecorded() {
        CountingReceiver receiver = new CountingReceiver();
        receiver.onMessage(message(System.nanoTime(), 0));
        receiver.recordFrom(2);
        receiver.onMessage(message(System.nanoTime(), 1));
        receiver.onMessage(message(System.nanoTime() - 5_000_000, 2));
        receiver.onMessage(message(System.nanoTime() - 5_000_000, 3));
        Histogram recorded = receiver.stopRecording();
        assertThat(receiver.received()).isEqualTo(4);
        assertThat(recorded.getTotalCount()).isEqualTo(2);
        assertThat(recorded.getMinValue()).as("latency of a message stamped 5 ms ago, in ns").isGreaterThanOrEqualTo(4_990_000);
    }
}
