package io.whispeer.tck;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import io.whispeer.api.Envelope;
import io.whispeer.api.Headers;
import io.whispeer.api.Replay;
import io.whispeer.api.TopicFilter;
import io.whispeer.api.spi.Durability;
import io.whispeer.api.spi.MessageStore;
import io.whispeer.api.spi.MessageStoreProvider;
import io.whispeer.api.spi.ReplayCursor;
import io.whispeer.api.spi.Retention;
import io.whispeer.api.spi.Settings;
import io.whispeer.api.spi.StoredEnvelope;

/** The message store kit catches broken stores: each test runs one kit check on a deliberately broken one. */
class MessageStoreKitCanFailTest {
    @Test
    void storeThatNumbersAllTopicsWithOneCounterFailsTheIndependentTopicsCheck() {
        AtomicLong counter = new AtomicLong();
        InMemoryMessageStoreTest kit = kit(store -> new ForwardingMessageStore(store) {
            @Override
            public CompletionStage<Long> append(Envelope envelope) {
                return delegate.append(envelope).thenApply(sequence -> counter.incrementAndGet());
            }
        });
        expectFailure(kit, kit::topicsNumberTheirMessagesIndependently, "topic b/1");
    }

    @Test
    void storeThatReusesSequencesAfterRetentionFailsTheNoReuseCheck() {
        InMemoryMessageStoreTest kit = kit(store -> new ForwardingMessageStore(store) {
            @Override
            public CompletionStage<Long> append(Envelope envelope) {
                long stored = countStored(delegate, envelope.topic());
                return delegate.append(envelope).thenApply(sequence -> stored + 1);
            }
        });
        expectFailure(kit, kit::sequencesAreNotReusedAfterRetention, "topic reuse/a");
    }

    @Test
    void storeThatCompletesAnAppendBeforeItIsVisibleFailsTheCompletionOrderCheck() {
        InMemoryMessageStoreTest kit = kit(store -> new ForwardingMessageStore(store) {
            private final List<Envelope> pending = new ArrayList<>();

            @Override
            public synchronized CompletionStage<Long> append(Envelope envelope) {
                long next = delegate.lastSequence(envelope.topic()).orElse(0) + 1
                        + pending.stream().filter(e -> e.topic().equals(envelope.topic())).count();
                pending.forEach(delegate::append);
                pending.clear();
                pending.add(envelope);
                return CompletableFuture.completedFuture(next);
            }
        });
        expectFailure(kit, kit::concurrentAppendsGiveUniqueGaplessSequencesAndCompleteInOrder, "after the append of sequence");
    }

    @Test
    void storeThatReplaysTopicByTopicFailsTheAppendOrderCheck() {
        InMemoryMessageStoreTest kit = kit(store -> new ForwardingMessageStore(store) {
            @Override
            public ReplayCursor replay(TopicFilter filter, Replay from) {
                List<StoredEnvelope> all = drain(delegate.replay(filter, from));
                all.sort(Comparator.comparing(StoredEnvelope::topic).thenComparingLong(StoredEnvelope::sequence));
                return listCursor(all);
            }
        });
        expectFailure(kit, kit::replayFollowsAppendOrderAcrossTopics, "append order");
    }

    @Test
    void storeWhoseCursorReadsLaterAppendsFailsTheSnapshotCheck() {
        InMemoryMessageStoreTest kit = kit(store -> new ForwardingMessageStore(store) {
            @Override
            public ReplayCursor replay(TopicFilter filter, Replay from) {
                MessageStore live = delegate;
                return new ReplayCursor() {
                    private ReplayCursor opened;

                    @Override
                    public List<StoredEnvelope> next(int max) {
                        if (opened == null) {
                            opened = live.replay(filter, from);
                        }
                        return opened.next(max);
                    }

                    @Override
                    public void close() {
                        if (opened != null) {
                            opened.close();
                        }
                    }
                };
            }
        });
        expectFailure(kit, kit::cursorDoesNotSeeAppendsMadeAfterItWasOpened, "opened before 4 more appends");
    }

    @Test
    void storeThatLosesHeadersFailsTheByteForByteCheck() {
        InMemoryMessageStoreTest kit = kit(store -> new ForwardingMessageStore(store) {
            @Override
            public CompletionStage<Long> append(Envelope envelope) {
                return delegate.append(Envelope.parse(envelope.topic(), envelope.id(), envelope.timestamp(), Headers.empty(), envelope.toBytes()));
            }
        });
        expectFailure(kit, kit::envelopesComeBackByteForByte, "headers");
    }

    @Test
    void storeThatMovesPositionsBackFailsTheMonotonicPositionCheck() {
        InMemoryMessageStoreTest kit = kit(store -> new ForwardingMessageStore(store) {
            private final Map<String, Long> positions = new HashMap<>();

            @Override
            public synchronized CompletionStage<Void> savePosition(String consumer, String topic, long ackedUpTo) {
                positions.put(consumer + " " + topic, ackedUpTo);
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public synchronized OptionalLong position(String consumer, String topic) {
                Long position = positions.get(consumer + " " + topic);
                return position == null ? OptionalLong.empty() : OptionalLong.of(position);
            }
        });
        expectFailure(kit, kit::savedPositionsOnlyMoveForward, "monotonic positions");
    }

    @Test
    void storeThatKeepsOneMessageTooManyFailsTheRetentionByCountCheck() {
        InMemoryMessageStoreTest kit = kit(store -> new ForwardingMessageStore(store) {
            @Override
            public CompletionStage<Long> applyRetention(Retention retention) {
                OptionalLong max = retention.maxMessagesPerTopic();
                return delegate.applyRetention(max.isPresent() ? Retention.maxMessagesPerTopic(max.getAsLong() + 1) : retention);
            }
        });
        expectFailure(kit, kit::retentionByCountKeepsTheLastMessagesOfEachTopic, "retention by count");
    }

    @Test
    void storeThatStaysUsableAfterCloseFailsTheCloseCheck() {
        InMemoryMessageStoreTest kit = kit(store -> new ForwardingMessageStore(store) {
            @Override
            public void close() {
                // Broken on purpose: never closes.
            }
        });
        expectFailure(kit, kit::closeIsIdempotentAndEveryCallAfterwardsFails, "after close()");
        store(kit).close();
    }

    private static void expectFailure(InMemoryMessageStoreTest kit, ThrowingCallable check, String messagePart) {
        try {
            assertThatThrownBy(check).isInstanceOf(AssertionError.class).hasMessageContaining(messagePart);
        } finally {
            kit.closeStores();
        }
    }

    private static MessageStore store(InMemoryMessageStoreTest kit) {
        return ((ForwardingMessageStore) kit.store()).delegate;
    }

    private static InMemoryMessageStoreTest kit(UnaryOperator<MessageStore> breaker) {
        MessageStoreProvider reference = new InMemoryMessageStoreProvider();
        MessageStoreProvider broken = new MessageStoreProvider() {
            @Override
            public String name() {
                return reference.name();
            }

            @Override
            public MessageStore create(Settings settings, InstantSource clock) {
                return breaker.apply(reference.create(settings, clock));
            }
        };
        return new InMemoryMessageStoreTest() {
            @Override
            protected MessageStoreProvider provider() {
                return broken;
            }
        };
    }

    private static long countStored(MessageStore store, String topic) {
        return drain(store.replay(TopicFilter.parse(topic), Replay.fromSequence(1))).size();
    }

    private static List<StoredEnvelope> drain(ReplayCursor cursor) {
        try (cursor) {
            List<StoredEnvelope> all = new ArrayList<>();
            for (List<StoredEnvelope> page = cursor.next(100); !page.isEmpty(); page = cursor.next(100)) {
                all.addAll(page);
            }
            return all;
        }
    }

    private static ReplayCursor listCursor(List<StoredEnvelope> all) {
        return new ReplayCursor() {
            private int next;

            @Override
            public List<StoredEnvelope> next(int max) {
                int end = Math.min(all.size(), next + max);
                List<StoredEnvelope> page = List.copyOf(all.subList(next, end));
                next = end;
                return page;
            }

            @Override
            public void close() {
            }
        };
    }

    /** A store that forwards every call to the reference store; tests override one method to break it. */
}
