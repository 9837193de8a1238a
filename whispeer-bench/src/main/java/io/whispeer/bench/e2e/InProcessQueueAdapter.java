package io.whispeer.bench.e2e;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@code inproc-queue}: the simplest in-process fan-out, as a floor for the others. Every subscriber has its own
 * {@link ArrayBlockingQueue} of 4096 slots drained by its own platform thread; a publish copies the payload once
 * (the harness reuses its array) and puts the same copy into every subscriber's queue of the topic, blocking while a
 * queue is full (nothing is dropped). No broker process: {@link #brokerPid()} is empty.
 */
final class InProcessQueueAdapter implements SystemAdapter {
    private static final int QUEUE_CAPACITY = 4096;
    private final Map<String, List<BlockingQueue<byte[]>>> topics = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "inproc-queue";
    }

    @Override
    public void start() {
        // nothing to start
    }

    private List<BlockingQueue<byte[]>> queues(String topic) {
        return topics.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>());
    }

    @Override
    public Publisher publisher(String topic) {
        List<BlockingQueue<byte[]>> queues = queues(topic);
        return Publisher.direct(payload -> {
            byte[] copy = payload.clone();
            try {
                for (BlockingQueue<byte[]> queue : queues) {
                    queue.put(copy);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while a subscriber's queue was full", e);
            }
        });
    }

    @Override
    public AutoCloseable subscribe(String topic, Receiver receiver) {
        BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
        Thread drainer = new Thread(() -> {
            try {
                while (true) {
                    receiver.onMessage(queue.take());
                }
            } catch (InterruptedException e) {
                // closed
            }
        }, "inproc-queue-subscriber");
        drainer.setDaemon(true);
        drainer.start();
        queues(topic).add(queue);
        return () -> {
            queues(topic).remove(queue);
            drainer.interrupt();
            drainer.join(5_000);
        };
    }

    @Override
    public OptionalLong brokerPid() {
        return OptionalLong.empty();
    }

    @Override
    public void close() {
        topics.clear();
    }
}
