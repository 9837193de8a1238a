package io.whispeer.bench.e2e;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The harness's receiver behind one subscriber connection: counts measured messages and probes per publisher, and
 * records the latency of the messages whose publisher's number is at least what {@link #recordFrom(long[])} set for
 * that publisher.
 */
final class CountingReceiver implements Receiver {
    private final AtomicLongArray received;
    private final AtomicLongArray probes;
    private final Recorder recorder = new Recorder(3);
    private final long[] never;
    private volatile long[] recordFrom;

    /** @param publishers how many publishers the workload has (their indexes are 0 to publishers - 1) */
    CountingReceiver(int publishers) {
        received = new AtomicLongArray(publishers);
        probes = new AtomicLongArray(publishers);
        never = new long[publishers];
        Arrays.fill(never, Long.MAX_VALUE);
        recordFrom = never;
    }

    @Override
    public void onMessage(byte[] payload) {
        long sequence = PayloadStamp.sequence(payload);
        int publisher = PayloadStamp.publisher(sequence);
        if (sequence < 0) {
            probes.incrementAndGet(publisher);
            return;
        }
        if (PayloadStamp.number(sequence) >= recordFrom[publisher]) {
            recorder.recordValue(Math.max(0, System.nanoTime() - PayloadStamp.sentNanos(payload)));
        }
        received.incrementAndGet(publisher);
    }

    /** {@return measured (non-probe) messages received so far, from every publisher} */
    long received() {
        long total = 0;
        for (int i = 0; i < received.length(); i++) {
            total += received.get(i);
        }
        return total;
    }

    /** {@return measured (non-probe) messages received so far from {@code publisher}} */
    long received(int publisher) {
        return received.get(publisher);
    }

    /** {@return probe messages received so far from {@code publisher}} */
    long probes(int publisher) {
        return probes.get(publisher);
    }

    /**
     * Records the latency of each publisher's messages from number {@code numbers[publisher]} on, and forgets what
     * was recorded.
     */
    void recordFrom(long[] numbers) {
        recorder.getIntervalHistogram();
        recordFrom = numbers.clone();
    }

    /** Stops recording and {@return what was recorded since {@link #recordFrom(long[])}} */
    Histogram stopRecording() {
        recordFrom = never;
        return recorder.getIntervalHistogram();
    }
}
