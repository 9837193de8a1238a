package io.whispeer.bench.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;

/**
 * Runs one workload against one started system: connects, probes until every subscription is active, then a
 * max-rate run (throughput) and a fixed-rate run at {@code fraction} of the measured rate (latency), each with a
 * warm-up, and closes the connections. The publisher runs on the calling thread; in-flight messages (published but
 * not yet received by the slowest subscriber) never exceed {@code window}.
 */
final class LoadRunner {
    private static final long PROBE_INTERVAL_NANOS = 2_000_000;
    private static final int MAX_BURST = 256;

    /**
     * How long and how hard each run is.
     *
     * @param warmup warm-up of each run (not measured)
     * @param measure measured part of each run
     * @param window most messages in flight
     * @param fraction the latency run's rate as a fraction of the max-rate run's
     * @param drainTimeout how long to wait for the subscribers to catch up after a run
     */
    record Settings(Duration warmup, Duration measure, int window, double fraction, Duration drainTimeout) {
    }

    private final Settings settings;

    LoadRunner(Settings settings) {
        this.settings = settings;
    }

    CellResult run(SystemAdapter system, Workload workload, String topic) throws Exception {
        List<CountingReceiver> receivers = new ArrayList<>();
        List<AutoCloseable> subscriptions = new ArrayList<>();
        try (Publisher publisher = system.publisher(topic)) {
            try {
                for (int i = 0; i < workload.subscribers(); i++) {
                    CountingReceiver receiver = new CountingReceiver();
                    subscriptions.add(system.subscribe(topic, receiver));
                    receivers.add(receiver);
                }
                return measure(system, workload, publisher, receivers);
            } finally {
                for (AutoCloseable subscription : subscriptions) {
                    subscription.close();
                }
            }
        }
    }

    private CellResult measure(SystemAdapter system, Workload workload, Publisher publisher, List<CountingReceiver> receivers)
            throws TimeoutException {
        Loop loop = new Loop(publisher, receivers, workload.payloadSize());
        loop.probe();

        // Max rate.
        loop.run(settings.warmup(), 0);
        long[] before = loop.counts();
        OptionalLong cpuBefore = BrokerCpu.nanos(system.brokerPid());
        long start = System.nanoTime();
        loop.run(settings.measure(), 0);
        long elapsed = System.nanoTime() - start;
        long[] after = loop.counts();
        OptionalLong cpuAfter = BrokerCpu.nanos(system.brokerPid());
        long delivered = 0;
        for (int i = 0; i < after.length; i++) {
            delivered += after[i] - before[i];
        }
        long lost = loop.drain();
        double total = delivered * 1e9 / elapsed;
        double perSubscriber = total / receivers.size();
        long cpuPerDelivery = cpuBefore.isPresent() && cpuAfter.isPresent() && delivered > 0
                ? (cpuAfter.getAsLong() - cpuBefore.getAsLong()) / delivered : -1;

        // Fixed rate at a fraction of the max: latency from the publish call to the handler.
        double rate = Math.max(1, perSubscriber * settings.fraction());
        long period = (long) (1e9 / rate);
        loop.run(settings.warmup(), period);
        for (CountingReceiver receiver : receivers) {
            receiver.recordFrom(loop.published);
        }
        loop.run(settings.measure(), period);
        lost += loop.drain();
        Histogram latency = new Histogram(3);
        for (CountingReceiver receiver : receivers) {
            latency.add(receiver.stopRecording());
        }
        lost += publisher.failures();
        return new CellResult(system.name(), workload, perSubscriber, total, cpuPerDelivery, rate, LatencySummary.of(latency), lost);
    }

    /** The publishing side of one workload: one reused payload array, the sequence and the window. */
    private final class Loop {
        private final Publisher publisher;
        private final List<CountingReceiver> receivers;
        private final byte[] payload;
        long published;
        private long slowest;

        Loop(Publisher publisher, List<CountingReceiver> receivers, int payloadSize) {
            this.publisher = publisher;
            this.receivers = receivers;
            this.payload = PayloadStamp.payload(payloadSize);
        }

        /** Publishes probes until every receiver got one: then every subscription is active. */
        void probe() throws TimeoutException {
            long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
            while (receivers.stream().anyMatch(r -> r.probes() == 0)) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("Not every subscriber received a probe within " + settings.drainTimeout().toSeconds()
                            + " s; the subscriptions never became active");
                }
                PayloadStamp.stamp(payload, System.nanoTime(), PayloadStamp.PROBE);
                publisher.publish(payload);
                publisher.flush();
                LockSupport.parkNanos(PROBE_INTERVAL_NANOS);
            }
        }

        /** {@return the measured messages received by each receiver so far} */
        long[] counts() {
            long[] counts = new long[receivers.size()];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = receivers.get(i).received();
            }
            return counts;
        }

        private long slowest() {
            long min = Long.MAX_VALUE;
            for (CountingReceiver receiver : receivers) {
                min = Math.min(min, receiver.received());
            }
            return min;
        }

        /**
         * Publishes for {@code duration}: as fast as the window allows when {@code periodNanos} is 0, else one message
         * per period on average (late messages are sent in catch-up bursts).
         */
        void run(Duration duration, long periodNanos) {
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            long sent = 0;
            for (long now = start; now < end; now = System.nanoTime()) {
                long due = periodNanos == 0 ? Long.MAX_VALUE : (now - start) / periodNanos + 1;
                boolean full = false;
                for (int burst = 0; sent < due && burst < MAX_BURST; burst++) {
                    if (published - slowest >= settings.window()) {
                        slowest = slowest();
                        if (published - slowest >= settings.window()) {
                            full = true;
                            break;
                        }
                    }
                    PayloadStamp.stamp(payload, System.nanoTime(), published);
                    publisher.publish(payload);
                    published++;
                    sent++;
                }
                if (full) {
                    publisher.flush();
                    LockSupport.parkNanos(10_000);
                } else if (sent >= due) {
                    publisher.flush();
                    long wait = start + sent * periodNanos - System.nanoTime();
                    if (wait > 20_000) {
                        LockSupport.parkNanos(wait - 10_000);
                    } else {
                        Thread.onSpinWait();
                    }
                }
            }
            publisher.flush();
        }

        /** Waits until every receiver has every published message; {@return how many the slowest still missed} */
        long drain() {
            publisher.flush();
            long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
            while (slowest() < published && System.nanoTime() < deadline) {
                LockSupport.parkNanos(1_000_000);
            }
            slowest = slowest();
            return published - slowest;
        }
    }
}
