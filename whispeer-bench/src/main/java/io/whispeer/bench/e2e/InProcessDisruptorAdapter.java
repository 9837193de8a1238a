package io.whispeer.bench.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.EventTranslatorOneArg;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;

/**
 * {@code inproc-disruptor}: the LMAX Disruptor, the reference for in-process delivery. One ring buffer of
 * 4096 slots per topic, one {@link EventHandler} (on its own platform thread) per subscriber, every handler seeing
 * every event. A publish copies the payload once (the harness reuses its array) and puts the copy into the next
 * slot, waiting while the slowest handler is a ring behind (nothing is dropped).
 *
 * <p>The handlers wait with {@link BlockingWaitStrategy} (a lock and a condition): a subscriber with nothing to do
 * parks instead of spinning, as a whispeer subscriber's dispatcher does, so this is the comparable wait strategy for
 * the target (in-process 1 -> 3 at least 1/3 of the Disruptor's rate); the busy-spin strategies would need a
 * free core per handler, which this 2-core machine does not have. The producer type is
 * {@link ProducerType#MULTI} when the topic has more than one publisher, else {@link ProducerType#SINGLE}.
 *
 * <p>A Disruptor cannot take handlers once started, and the harness opens the publishers first, then the
 * subscribers, then probes: so a topic's ring starts at its first publish, with the subscribers it has then, and a
 * later subscription is refused. No broker process: {@link #brokerPid()} is empty.
 */
final class InProcessDisruptorAdapter implements SystemAdapter {
    private static final int RING_SIZE = 4096;
    private static final EventTranslatorOneArg<Slot, byte[]> TRANSLATOR = (slot, sequence, copy) -> slot.payload = copy;
    private final Map<String, Topic> topics = new ConcurrentHashMap<>();

    /** One ring slot: the payload copy of one publish. */
    private static final class Slot {
        byte[] payload;
    }

    /** One topic's publishers count, subscribers and, from the first publish on, its running ring. */
    private static final class Topic {
        private final String name;
        private final List<Receiver> receivers = new ArrayList<>();
        private int publishers;
        private int open;
        private Disruptor<Slot> disruptor;
        private volatile RingBuffer<Slot> ring;

        Topic(String name) {
            this.name = name;
        }

        synchronized void addPublisher() {
            publishers++;
        }

        synchronized void addSubscriber(Receiver receiver) {
            if (disruptor != null) {
                throw new IllegalStateException("Topic '" + name + "' of inproc-disruptor already started its ring at the first "
                        + "publish; a Disruptor takes no handlers once started, so subscribe before publishing");
            }
            receivers.add(receiver);
            open++;
        }

        /** {@return the ring, started now with the subscribers the topic has if this is the first publish} */
        synchronized RingBuffer<Slot> start() {
            if (disruptor == null) {
                disruptor = new Disruptor<>(Slot::new, RING_SIZE, task -> {
                    Thread thread = new Thread(task, "inproc-disruptor-subscriber");
                    thread.setDaemon(true);
                    return thread;
                }, publishers > 1 ? ProducerType.MULTI : ProducerType.SINGLE, new BlockingWaitStrategy());
                for (Receiver receiver : receivers) {
                    EventHandler<Slot> handler = (slot, sequence, endOfBatch) -> receiver.onMessage(slot.payload);
                    disruptor.handleEventsWith(handler);
                }
                ring = disruptor.start();
            }
            return ring;
        }

        /** Closes one subscription; the last one halts the ring (the harness has stopped publishing by then). */
        synchronized void removeSubscriber() {
            if (--open == 0) {
                halt();
            }
        }

        synchronized void halt() {
            if (disruptor != null) {
                disruptor.halt();
            }
        }
    }

    @Override
    public String name() {
        return "inproc-disruptor";
    }

    @Override
    public void start() {
        // rings start per topic at their first publish
    }

    private Topic topic(String name) {
        return topics.computeIfAbsent(name, Topic::new);
    }

    @Override
    public Publisher publisher(String name) {
        Topic topic = topic(name);
        topic.addPublisher();
        return Publisher.direct(payload -> {
            RingBuffer<Slot> ring = topic.ring;
            if (ring == null) {
                ring = topic.start();
            }
            ring.publishEvent(TRANSLATOR, payload.clone());
        }); // the ring stops with its last subscriber
    }

    @Override
    public AutoCloseable subscribe(String name, Receiver receiver) {
        Topic topic = topic(name);
        topic.addSubscriber(receiver);
        return topic::removeSubscriber;
    }

    @Override
    public OptionalLong brokerPid() {
        return OptionalLong.empty();
    }

    @Override
    public void close() {
        topics.values().forEach(Topic::halt);
        topics.clear();
    }
}
