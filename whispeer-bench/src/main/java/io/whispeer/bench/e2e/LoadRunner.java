package io.whispeer.bench.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;

/**
 * Runs one workload against one started system: opens the publishers, then the subscribers, probes until every
 * subscriber has a probe from every publisher, then a max-rate run (throughput) and a fixed-rate run at
 * {@code fraction} of the measured rate (latency), each with a warm-up, and closes the connections.
 *
 * <p>Each publisher runs on its own platform thread (probes included, so a client that must stay on one thread can)
 * with its own connection and its own sequence numbers. The
 * window is per publisher: publisher {@code p}'s messages not yet received by the slowest subscriber (each receiver
 * counts per publisher) never exceed {@link #windowPerPublisher(Settings, Workload)}, the workload's window split
 * evenly, where the workload's window is {@code min(window, windowBytes / payload size)} so that large payloads do not
 * hold hundreds of MiB in flight.
 */
final class LoadRunner {
    private static final long PROBE_INTERVAL_NANOS = 2_000_000;
    private static final int MAX_BURST = 256;

    /**
     * How long and how hard each run is.
     *
     * @param warmup warm-up of each run (not measured)
     * @param measure measured part of each run
     * @param window most messages in flight, all publishers together
     * @param windowBytes most payload bytes in flight, all publishers together (bounds the window for large payloads)
     * @param fraction the latency run's rate as a fraction of the max-rate run's
     * @param drainTimeout how long to wait for the subscribers to catch up after a run
     */
    record Settings(Duration warmup, Duration measure, int window, long windowBytes, double fraction, Duration drainTimeout) {
        Settings {
            if (window < 1 || windowBytes < 1) {
                throw new IllegalArgumentException("window " + window + " and window bytes " + windowBytes + " must be at least 1");
            }
        }
    }

    private final Settings settings;

    LoadRunner(Settings settings) {
        this.settings = settings;
    }

    /**
     * {@return a runner with these settings but no warm-up and {@code measure} per run: for warming a system up once
     * before its measured rows}
     */
    LoadRunner warmingUp(Duration measure) {
        return new LoadRunner(new Settings(Duration.ZERO, measure, settings.window(), settings.windowBytes(), settings.fraction(),
                settings.drainTimeout()));
    }

    /**
     * {@return the most messages one publisher of {@code workload} may have in flight: {@code min(window, windowBytes /
     * payload size)} split evenly among the publishers, at least 1}
     */
    static int windowPerPublisher(Settings settings, Workload workload) {
        long total = Math.min(settings.window(), settings.windowBytes() / workload.payloadSize());
        return (int) Math.max(1, total / workload.publishers());
    }

    CellResult run(SystemAdapter system, Workload workload, String topic) throws Exception {
        List<Publisher> publishers = new ArrayList<>();
        List<CountingReceiver> receivers = new ArrayList<>();
        List<AutoCloseable> subscriptions = new ArrayList<>();
        List<ExecutorService> threads = new ArrayList<>();
        try {
            for (int p = 0; p < workload.publishers(); p++) {
                publishers.add(system.publisher(topic));
            }
            for (int i = 0; i < workload.subscribers(); i++) {
                CountingReceiver receiver = new CountingReceiver(workload.publishers());
                subscriptions.add(system.subscribe(topic, receiver));
                receivers.add(receiver);
            }
            List<Loop> loops = new ArrayList<>();
            for (int p = 0; p < publishers.size(); p++) {
                String name = "publisher-" + p;
                ExecutorService thread = Executors.newSingleThreadExecutor(task -> {
                    Thread t = new Thread(task, name);
                    t.setDaemon(true);
                    return t;
                });
                threads.add(thread);
                loops.add(new Loop(p, publishers.get(p), thread, receivers, workload.payloadSize(), windowPerPublisher(settings, workload)));
            }
            return measure(system, workload, loops, receivers);
        } finally {
            threads.forEach(ExecutorService::shutdownNow);
            for (AutoCloseable subscription : subscriptions) {
                subscription.close();
            }
            for (Publisher publisher : publishers) {
                publisher.close();
            }
            for (ExecutorService thread : threads) {
                thread.awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    private CellResult measure(SystemAdapter system, Workload workload, List<Loop> loops, List<CountingReceiver> receivers)
            throws Exception {
        probe(loops, receivers);

        // Max rate.
        phase(loops, settings.warmup(), 0);
        long before = received(receivers);
        OptionalLong cpuBefore = BrokerCpu.nanos(system.brokerPid());
        long start = System.nanoTime();
        phase(loops, settings.measure(), 0);
        long elapsed = System.nanoTime() - start;
        long delivered = received(receivers) - before;
        OptionalLong cpuAfter = BrokerCpu.nanos(system.brokerPid());
        long lost = drain(loops);
        double total = delivered * 1e9 / elapsed;
        double perSubscriber = total / receivers.size();
        long cpuPerDelivery = cpuBefore.isPresent() && cpuAfter.isPresent() && delivered > 0
                ? (cpuAfter.getAsLong() - cpuBefore.getAsLong()) / delivered : -1;

        // Fixed rate at a fraction of the max (what one subscriber receives, shared among the publishers): latency
        // from the publish call to the handler.
        double rate = Math.max(1, perSubscriber * settings.fraction());
        long period = (long) (1e9 * loops.size() / rate);
        phase(loops, settings.warmup(), period);
        long[] from = new long[loops.size()];
        for (int p = 0; p < from.length; p++) {
            from[p] = loops.get(p).published;
        }
        for (CountingReceiver receiver : receivers) {
            receiver.recordFrom(from);
        }
        phase(loops, settings.measure(), period);
        lost += drain(loops);
        Histogram latency = new Histogram(3);
        for (CountingReceiver receiver : receivers) {
            latency.add(receiver.stopRecording());
        }
        for (Loop loop : loops) {
            lost += loop.publisher.failures();
        }
        return new CellResult(system.name(), system.guarantee(), workload, perSubscriber, total, cpuPerDelivery, rate,
                LatencySummary.of(latency), lost);
    }

    private static long received(List<CountingReceiver> receivers) {
        long total = 0;
        for (CountingReceiver receiver : receivers) {
            total += receiver.received();
        }
        return total;
    }

    /**
     * Publishes probes from every publisher (on its own thread) until every receiver got one from each: then every
     * subscription is active.
     */
    private void probe(List<Loop> loops, List<CountingReceiver> receivers) throws Exception {
        long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
        while (true) {
            boolean all = true;
            for (Loop loop : loops) {
                if (receivers.stream().anyMatch(r -> r.probes(loop.index) == 0)) {
                    all = false;
                    await(List.of(loop.thread.submit(loop::probe)), deadline, "probe");
                }
            }
            if (all) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("Not every subscriber received a probe from every publisher within "
                        + settings.drainTimeout().toSeconds() + " s; the subscriptions never became active");
            }
            LockSupport.parkNanos(PROBE_INTERVAL_NANOS);
        }
    }

    /** Runs every publisher's loop for {@code duration} on its own thread and waits (bounded) until all are done. */
    private void phase(List<Loop> loops, Duration duration, long periodNanos) throws Exception {
        List<Future<?>> running = new ArrayList<>();
        for (Loop loop : loops) {
            running.add(loop.thread.submit(() -> loop.run(duration, periodNanos)));
        }
        await(running, System.nanoTime() + duration.toNanos() + settings.drainTimeout().toNanos(), duration.toMillis() + " ms run");
    }

    private void await(List<Future<?>> running, long deadline, String what) throws Exception {
        for (Future<?> future : running) {
            try {
                future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                throw new IllegalStateException("A publisher failed in its " + what + ": " + e.getCause(), e.getCause());
            } catch (TimeoutException e) {
                throw new TimeoutException("A publisher did not finish its " + what + " within " + settings.drainTimeout().toSeconds()
                        + " s more than planned; it is blocked in the client");
            }
        }
    }

    /** Waits until every receiver has every published message; {@return how many the slowest still missed, summed} */
    private long drain(List<Loop> loops) {
        for (Loop loop : loops) {
            loop.publisher.flush();
        }
        long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
        while (loops.stream().anyMatch(loop -> loop.slowest() < loop.published) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000);
        }
        long missed = 0;
        for (Loop loop : loops) {
            loop.slowest = loop.slowest();
            missed += loop.published - loop.slowest;
        }
        return missed;
    }

    /** One publisher's side of a workload: its reused payload array, its sequence and its share of the window. */
    private static final class Loop {
        private final int index;
        private final Publisher publisher;
        private final ExecutorService thread;
        private final List<CountingReceiver> receivers;
        private final byte[] payload;
        private final int window;
        volatile long published;
        private long slowest;

        Loop(int index, Publisher publisher, ExecutorService thread, List<CountingReceiver> receivers, int payloadSize, int window) {
            this.index = index;
            this.publisher = publisher;
            this.thread = thread;
            this.receivers = receivers;
            this.payload = PayloadStamp.payload(payloadSize);
            this.window = window;
        }

        /** Publishes one probe; runs on the publisher's thread, as everything this publisher does. */
        void probe() {
            PayloadStamp.stamp(payload, System.nanoTime(), PayloadStamp.probe(index));
            publisher.publish(payload);
            publisher.flush();
        }

        /** {@return the count of this publisher's messages that the slowest receiver has} */
        long slowest() {
            long min = Long.MAX_VALUE;
            for (CountingReceiver receiver : receivers) {
                min = Math.min(min, receiver.received(index));
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
            long next = published;
            for (long now = start; now < end; now = System.nanoTime()) {
                long due = periodNanos == 0 ? Long.MAX_VALUE : (now - start) / periodNanos + 1;
                boolean full = false;
                for (int burst = 0; sent < due && burst < MAX_BURST; burst++) {
                    if (next - slowest >= window) {
                        slowest = slowest();
                        if (next - slowest >= window) {
                            full = true;
                            break;
                        }
                    }
                    PayloadStamp.stamp(payload, System.nanoTime(), PayloadStamp.sequence(index, next));
                    publisher.publish(payload);
                    next++;
                    sent++;
                }
                published = next;
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
            published = next;
            publisher.flush();
        }
    }
}
