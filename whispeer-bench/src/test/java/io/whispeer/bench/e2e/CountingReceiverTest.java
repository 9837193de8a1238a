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
    void probesAreCountedApartPerPublisherAndNeverMeasured() {
        CountingReceiver receiver = new CountingReceiver(2);
        receiver.recordFrom(new long[] {0, 0});
        receiver.onMessage(message(System.nanoTime(), PayloadStamp.PROBE));
        receiver.onMessage(message(System.nanoTime(), PayloadStamp.probe(1)));
        receiver.onMessage(message(System.nanoTime(), PayloadStamp.probe(1)));
        assertThat(receiver.probes(0)).isEqualTo(1);
        assertThat(receiver.probes(1)).isEqualTo(2);
        assertThat(receiver.received()).isZero();
        assertThat(receiver.stopRecording().getTotalCount()).isZero();
    }

    @Test
    void onlyMessagesFromEachPublishersRecordedNumberOnHaveTheirLatencyRecorded() {
        CountingReceiver receiver = new CountingReceiver(2);
        receiver.onMessage(message(System.nanoTime(), PayloadStamp.sequence(0, 0)));
        receiver.recordFrom(new long[] {2, 1});
        receiver.onMessage(message(System.nanoTime(), PayloadStamp.sequence(0, 1)));
        receiver.onMessage(message(System.nanoTime() - 5_000_000, PayloadStamp.sequence(0, 2)));
        receiver.onMessage(message(System.nanoTime(), PayloadStamp.sequence(1, 0)));
        receiver.onMessage(message(System.nanoTime() - 5_000_000, PayloadStamp.sequence(1, 1)));
        Histogram recorded = receiver.stopRecording();
        assertThat(receiver.received()).isEqualTo(5);
        assertThat(receiver.received(0)).isEqualTo(3);
        assertThat(receiver.received(1)).isEqualTo(2);
        assertThat(recorded.getTotalCount()).isEqualTo(2);
        assertThat(recorded.getMinValue()).as("latency of a message stamped 5 ms ago, in ns").isGreaterThanOrEqualTo(4_990_000);
    }
}
