package io.whispeer.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.whispeer.api.Message;
import io.whispeer.api.MessageHandler;
import io.whispeer.api.OverflowPolicy;
import io.whispeer.api.SubscribeOptions;
import io.whispeer.api.Subscription;
import io.whispeer.api.TopicFilter;

/**
 * 8 publishers x 8 subscribers x 100,000 messages per publisher under BLOCK: every subscriber receives every
 * message of its filter exactly once, in per-publisher order, while subscriptions come and go beside them.
 */
class ConcurrencyTest {
    private static final int PUBLISHERS = 8;
    private static final int MESSAGES_PER_PUBLISHER = 100_000;

    @Test
    void everySubscriberGetsEveryMatchingMessageOnceInPerPublisherOrder() throws Exception {
        String[] filters = {"load/#", "load/+/data", "load/+/+", ">", "load/p0/data", "load/p3/data", "load/p5/+", "load/p7/#"};
        try (CoreBroker broker = TestSupport.broker(TestSupport.builder().queueCapacity(256))) {
            List<Checker> checkers = new ArrayList<>();
            for (String filter : filters) {
                Checker checker = new Checker(TopicFilter.parse(filter));
                checker.subscription = broker.subscribe(filter, byte[].class, checker,
                        SubscribeOptions.builder().overflowPolicy(OverflowPolicy.BLOCK).build());
                checkers.add(checker);
            }
            ExecutorService threads = Executors.newFixedThreadPool(PUBLISHERS + 1);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> publishers = new ArrayList<>();
                for (int p = 0; p < PUBLISHERS; p++) {
                    int publisher = p;
                    publishers.add(threads.submit(() -> {
                        start.await();
                        String topic = "load/p" + publisher + "/data";
                        for (int seq = 0; seq < MESSAGES_PER_PUBLISHER; seq++) {
                            broker.publish(topic, ByteBuffer.allocate(8).putInt(publisher).putInt(seq).array()).join();
                        }
                        return null;
                    }));
                }
                Future<?> churn = threads.submit(() -> {
                    start.await();
                    for (int i = 0; i < 2_000; i++) {
                        broker.subscribe("load/p" + (i % PUBLISHERS) + "/#", byte[].class, m -> { }).close();
                    }
                    return null;
                });
                start.countDown();
                for (Future<?> f : publishers) {
                    f.get(120, TimeUnit.SECONDS);
                }
                churn.get(60, TimeUnit.SECONDS);
            } finally {
                threads.shutdownNow();
            }
            for (Checker checker : checkers) {
                assertThat(checker.done.await(60, TimeUnit.SECONDS)).as("subscriber %s finished", checker.filter).isTrue();
                assertThat(checker.errors).as("ordering errors of %s", checker.filter).isEmpty();
                assertThat(checker.subscription.stats().dropped()).isZero();
            }
            assertThat(broker.stats().published()).isEqualTo((long) PUBLISHERS * MESSAGES_PER_PUBLISHER);
        }
    }

    /** Checks one subscriber's stream: per publisher, sequence numbers arrive as 0, 1, 2, ... with no gap or repeat. */
    private static final class Checker implements MessageHandler<byte[]> {
        final TopicFilter filter;
        final int[] next = new int[PUBLISHERS];
        final List<String> errors = new ArrayList<>();
        final CountDownLatch done = new CountDownLatch(1);
        final int expectedPublishers;
        Subscription subscription;
        int finishedPublishers;

        Checker(TopicFilter filter) {
            this.filter = filter;
            int matching = 0;
            for (int p = 0; p < PUBLISHERS; p++) {
                if (filter.matches("load/p" + p + "/data")) {
                    matching++;
                }
            }
            this.expectedPublishers = matching;
        }

        @Override
        public void onMessage(Message<byte[]> message) {
            ByteBuffer payload = ByteBuffer.wrap(message.payload());
            int publisher = payload.getInt();
            int seq = payload.getInt();
            if (!filter.matches(message.topic())) {
                errors.add("unexpected topic " + message.topic());
            }
            if (seq != next[publisher] && errors.size() < 10) {
                errors.add("publisher " + publisher + ": expected " + next[publisher] + " got " + seq);
            }
            next[publisher] = seq + 1;
            if (seq == MESSAGES_PER_PUBLISHER - 1 && ++finishedPublishers == expectedPublishers) {
                done.countDown();
            }
        }
    }
}
