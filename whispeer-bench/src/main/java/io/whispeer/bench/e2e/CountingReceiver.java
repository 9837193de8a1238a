package io.whispeer.bench.e2e;

import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The harness's receiver behind one subscriber connection: counts measured messages (probes apart) and records the
 * latency of those whose sequence number is at least {@link #recordFrom(long)}.
 */
final class CountingReceiver implements Receiver {
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong probes = new AtomicLong();
    private final Recorder recorder = new Recorder(3);
    private volatile long recordFrom = Long.MAX_VALUE;

    @Override
    public void onMessage(byte[] payload) {
        long sequence = PayloadStamp.sequence(payload);
        if (sequence < 0) {
            probes.incrementAndGet();
            return;
        }
        if (sequence >= recordFrom) {
            recorder.recordValue(Math.max(0, System.nanoTime() - PayloadStamp.sentNanos(payload)));
        }
        received.incrementAndGet();
    }

    /** {@return measured (non-probe) messages received so far} */
    long received() {
        return received.get();
    }

    /** {@return probe messages received so far} */
    long probes() {
        return probes.get();
    }

    /** Records the latency of messages with this sequence number or a later one, and forgets what was recorded. */
    void recordFrom(long sequence) {
        recorder.getIntervalHistogram();
        recordFrom = sequence;
    }

    /** Stops recording and {@return what was recorded since {@link #recordFrom(long)}} */
    Histogram stopRecording() {
        recordFrom = Long.MAX_VALUE;
        return recorder.getIntervalHistogram();
    }
}
