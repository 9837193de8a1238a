package io.whispeer.core.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import io.whispeer.api.Envelope;
import io.whispeer.api.OverflowPolicy;
import io.whispeer.api.QoS;
import io.whispeer.api.TopicFilter;
import io.whispeer.api.WhispeerException;
import io.whispeer.api.spi.ClientInfo;
import io.whispeer.api.spi.DropReason;
import io.whispeer.api.spi.SubscriptionInfo;

/** The routing trie agrees with the topic matching table and returns each matching queue once. */
class SubscriptionIndexTest {
    @ParameterizedTest(name = "trie: {0} ~ {1} -> {2}")
    @MethodSource("io.whispeer.core.TopicMatchingTest#table")
    void routingTrieAgreesWithTheTable(String filter, String topic, boolean expected) {
        SubscriptionIndex index = new SubscriptionIndex();
        SubscriptionQueue queue = queue("q", filter);
        index.add(queue);
        assertThat(index.match(topic)).hasSize(expected ? 1 : 0);
        index.remove(queue);
        assertThat(index.match(topic)).isEmpty();
    }

    @Test
    void trieReturnsEveryMatchingQueueOnce() {
        SubscriptionIndex index = new SubscriptionIndex();
        String[] filters = {"a/b/c", "a/+/c", "a/#", "#", "+/b/+", "a/b/c/#", "x/#", "a/+/d"};
        for (int i = 0; i < filters.length; i++) {
            index.add(queue("s" + i, filters[i]));
        }
        assertThat(Arrays.stream(index.match("a/b/c")).map(s -> s.filter().text()))
                .containsExactlyInAnyOrder("a/b/c", "a/+/c", "a/#", "#", "+/b/+", "a/b/c/#");
    }

    /** {@return a queue, with no consumer, for a filter} */
    static SubscriptionQueue queue(String id, String filter) {
        SubscriptionInfo info = new Info(id, filter);
        return new SubscriptionQueue(info, TopicFilter.parse(filter), OverflowPolicy.BLOCK, 16, Duration.ofSeconds(1), null, null, new Owner());
    }

    private record Info(String id, String filter) implements SubscriptionInfo {
        @Override
        public String name() {
            return id;
        }

        @Override
        public boolean durable() {
            return false;
        }

        @Override
        public String payloadType() {
            return "envelope";
        }

        @Override
        public QoS qos() {
            return QoS.AT_MOST_ONCE;
        }

        @Override
        public ClientInfo client() {
            return new EnvelopeRouter.Client("test", Optional.empty(), ClientInfo.IN_PROCESS, Optional.empty(), Instant.EPOCH);
        }
    }

    /** An owner that routes nothing and observes nothing. */
    private static final class Owner implements QueueOwner {
        @Override
        public InstantSource clock() {
            return InstantSource.system();
        }

        @Override
        public void delivered(Envelope envelope, SubscriptionInfo subscription) {
        }

        @Override
        public void dropped(Envelope envelope, SubscriptionInfo subscription, DropReason reason) {
        }

        @Override
        public void rejected(Envelope envelope, SubscriptionInfo subscription, WhispeerException cause) {
        }

        @Override
        public void detach(SubscriptionQueue queue) {
        }

        @Override
        public void finished(SubscriptionQueue queue) {
        }
    }
}
