package io.whispeer.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.whispeer.api.ConfigurationException;
import io.whispeer.api.Envelope;
import io.whispeer.api.Message;
import io.whispeer.api.MessageStoreException;
import io.whispeer.api.MessageStream;
import io.whispeer.api.PublishReceipt;
import io.whispeer.api.Replay;
import io.whispeer.api.SubscribeOptions;
import io.whispeer.api.spi.MessageStore;
import io.whispeer.api.spi.Settings;
import io.whispeer.tck.ForwardingMessageStore;
import io.whispeer.tck.InMemoryMessageStoreProvider;

/** The router calls the message store: it appends before it acknowledges, and replays on subscribe when asked. */
class MessageStoreIntegrationTest {
    private static MessageStore memoryStore() {
        return new InMemoryMessageStoreProvider().create(Settings.empty(), InstantSource.system());
    }

    @Test
    void aPublishCompletesOnceStoredAndItsReceiptCarriesTheSequenceInItsTopic() {
        MessageStore store = memoryStore();
        try (CoreBroker broker = TestSupport.broker(TestSupport.builder().store(store))) {
            List<Long> sequences = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                PublishReceipt receipt = broker.publish("t/a", "m" + i).join();
                sequences.add(receipt.sequence().orElseThrow());
            }
            assertThat(sequences).containsExactly(1L, 2L, 3L);
            assertThat(broker.publish("t/b", "other").join().sequence()).hasValue(1);
            assertThat(store.lastSequence("t/a")).hasValue(3);
        }
    }

    @Test
    void withoutAStoreReceiptsHaveNoSequence() {
        try (CoreBroker broker = TestSupport.broker(TestSupport.builder())) {
            assertThat(broker.publish("t", "x").join().sequence()).isEmpty();
        }
    }

    @Test
    void aReplayDeliversTheStoredMessagesThenTheLiveOnes() throws Exception {
        try (CoreBroker broker = TestSupport.broker(TestSupport.builder().store(memoryStore()))) {
            for (int i = 1; i <= 5; i++) {
                broker.publish("t/a", "m" + i).join();
            }
            LinkedBlockingQueue<String> inbox = new LinkedBlockingQueue<>();
            broker.subscribe("t/#", String.class, m -> inbox.add(m.payload()), SubscribeOptions.builder().replay(Replay.lastN(3)).build());
            broker.publish("t/a", "m6").join();
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                got.add(inbox.poll(5, TimeUnit.SECONDS));
            }
            assertThat(got).containsExactly("m3", "m4", "m5", "m6");
            assertThat(inbox.poll(100, TimeUnit.MILLISECONDS)).as("nothing twice").isNull();
        }
    }

    @Test
    void aReplayDuringConcurrentPublishingMissesNothingAndDeliversNothingTwice() throws Exception {
        try (CoreBroker broker = TestSupport.broker(TestSupport.builder().store(memoryStore()))) {
            int total = 3000;
            Thread publisher = Thread.ofPlatform().start(() -> {
                for (int i = 1; i <= total; i++) {
                    broker.publish("t/a", i);
                }
            });
            long started = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (broker.stats().published() < total / 3 && System.nanoTime() < started) {
                Thread.onSpinWait(); // subscribe while the publisher is in full flow
            }
            List<Integer> got = new CopyOnWriteArrayList<>();
            broker.subscribe("t/a", Integer.class, m -> got.add(m.payload()),
                    SubscribeOptions.builder().replay(Replay.fromSequence(1)).queueCapacity(total).build());
            publisher.join(TimeUnit.SECONDS.toMillis(10));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (got.size() < total && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            List<Integer> expected = new ArrayList<>();
            for (int i = 1; i <= total; i++) {
                expected.add(i);
            }
            assertThat(got).as("every message once, in order, across the switch from replay to live").isEqualTo(expected);
        }
    }

    @Test
    void aBlockingStreamReplaysToo() throws Exception {
        try (CoreBroker broker = TestSupport.broker(TestSupport.builder().store(memoryStore()))) {
            broker.publish("t/a", "old").join();
            try (MessageStream<String> stream = broker.stream("t/a", String.class, SubscribeOptions.builder().replay(Replay.lastValue()).build())) {
                broker.publish("t/a", "new").join();
                assertThat(stream.poll(java.time.Duration.ofSeconds(5))).map(Message::payload).hasValue("old");
                assertThat(stream.poll(java.time.Duration.ofSeconds(5))).map(Message::payload).hasValue("new");
            }
        }
    }

    @Test
    void aStoreSettingNamingAMissingProviderFailsTheBuildNamingIt() {
        assertThatThrownBy(() -> TestSupport.broker(TestSupport.builder().property("whispeer.store", "sqlite")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("whispeer.store=sqlite")
                .hasMessageContaining("no message store of that name");
    }

    @Test
    void aReplayWithoutAStoreIsRefusedAtSubscribe() {
        try (CoreBroker broker = TestSupport.broker(TestSupport.builder())) {
            assertThatThrownBy(() -> broker.subscribe("t", String.class, m -> { },
                    SubscribeOptions.builder().replay(Replay.lastN(1)).build()))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("no message store")
                    .hasMessageContaining("Whispeer.builder().store");
        }
    }

    @Test
    void whenTheStoreRefusesAMessageThePublishFailsAndNothingIsDelivered() throws Exception {
        MessageStore failing = new FailingStore(memoryStore());
        try (CoreBroker broker = TestSupport.broker(TestSupport.builder().store(failing))) {
            LinkedBlockingQueue<String> inbox = new LinkedBlockingQueue<>();
            broker.subscribe("t", String.class, m -> inbox.add(m.payload()));
            CompletableFuture<PublishReceipt> publish = broker.publish("t", "lost?");
            assertThatThrownBy(publish::join).isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(MessageStoreException.class).hasMessageContaining("disk full");
            assertThat(inbox.poll(100, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    /** A store whose appends fail, as a full disk makes them. */
    private static final class FailingStore extends ForwardingMessageStore {
        FailingStore(MessageStore delegate) {
            super(delegate);
        }

        @Override
        public CompletionStage<Long> append(Envelope envelope) {
            return CompletableFuture.failedFuture(new MessageStoreException("disk full"));
        }
    }
}
