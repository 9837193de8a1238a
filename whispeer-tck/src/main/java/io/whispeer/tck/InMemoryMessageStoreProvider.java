package io.whispeer.tck;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.whispeer.api.Envelope;
import io.whispeer.api.Headers;
import io.whispeer.api.MessageId;
import io.whispeer.api.MessageStoreException;
import io.whispeer.api.Replay;
import io.whispeer.api.TopicFilter;
import io.whispeer.api.spi.Durability;
import io.whispeer.api.spi.MessageStore;
import io.whispeer.api.spi.MessageStoreProvider;
import io.whispeer.api.spi.ReplayCursor;
import io.whispeer.api.spi.Retention;
import io.whispeer.api.spi.Settings;
import io.whispeer.api.spi.StoredEnvelope;

/**
 * The TCK's reference message store: everything in memory behind one lock ({@link Durability#MEMORY}). It keeps
 * what a persistent store would write (metadata and {@link Envelope#toBytes()}) and parses envelopes back on replay,
 * so it takes the same path through the envelope format as a real store. {@link MessageStoreCompatibilityKit} runs
 * against it; tests of code that uses a store (a broker, a plugin) can use it where durability does not matter.
 */
public final class InMemoryMessageStoreProvider implements MessageStoreProvider {
    /** Creates the provider. */
    public InMemoryMessageStoreProvider() {
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public MessageStore create(Settings settings, InstantSource clock) {
        Objects.requireNonNull(settings, "settings");
        return new InMemoryMessageStore(Objects.requireNonNull(clock, "clock"), new Contents(), Durability.MEMORY);
    }

    /**
     * What a store holds, apart from the store object: a test that needs a store to survive a close and reopen
     * hands the same contents to the next store. One lock (the contents object) guards all of it.
     */
    static final class Contents {
        /** Every stored message in append order; replaced, never changed in place, so cursors can share it. */
        private List<Stored> log = new ArrayList<>();
        private final Map<String, Long> lastSequences = new HashMap<>();
        private final Map<PositionKey, Long> positions = new HashMap<>();
    }

    /** The store: a handle on {@link Contents}, which it changes under their lock; a completed append is visible at once. */
    static final class InMemoryMessageStore implements MessageStore {
        private final InstantSource clock;
        private final Contents contents;
        private final Object lock;
        private final Durability durability;
        private boolean closed;

        InMemoryMessageStore(InstantSource clock, Contents contents, Durability durability) {
            this.clock = clock;
            this.contents = contents;
            this.lock = contents;
            this.durability = durability;
        }

        @Override
        public Durability durability() {
            return durability;
        }

        @Override
        public CompletionStage<Long> append(Envelope envelope) {
            Objects.requireNonNull(envelope, "envelope");
            Stored stored;
            synchronized (lock) {
                checkOpen("append to topic '" + envelope.topic() + "'");
                long sequence = contents.lastSequences.merge(envelope.topic(), 1L, Long::sum);
                stored = new Stored(envelope.topic(), envelope.id(), envelope.timestampMillis(), envelope.headers(), envelope.toBytes(),
                        sequence, clock.instant());
                contents.log.add(stored);
            }
            return CompletableFuture.completedFuture(stored.sequence());
        }

        @Override
        public ReplayCursor replay(TopicFilter filter, Replay from) {
            Objects.requireNonNull(filter, "filter");
            Objects.requireNonNull(from, "from");
            List<Stored> snapshot = new ArrayList<>();
            synchronized (lock) {
                checkOpen("replay(" + filter + ", " + from + ")");
                Map<String, Long> remaining = new HashMap<>();
                for (Stored s : contents.log) {
                    if (filter.matches(s.topic())) {
                        remaining.merge(s.topic(), 1L, Long::sum);
                    }
                }
                for (Stored s : contents.log) {
                    if (!filter.matches(s.topic())) {
                        continue;
                    }
                    long after = remaining.merge(s.topic(), -1L, Long::sum);
                    boolean include = switch (from) {
                        case Replay.FromSequence f -> s.sequence() >= f.sequence();
                        case Replay.FromTime f -> !s.storedAt().isBefore(f.time());
                        case Replay.LastN f -> after < f.count();
                        case Replay.LastValue f -> after == 0;
                    };
                    if (include) {
                        snapshot.add(s);
                    }
                }
            }
            return new Cursor(snapshot);
        }

        @Override
        public OptionalLong lastSequence(String topic) {
            Objects.requireNonNull(topic, "topic");
            synchronized (lock) {
                checkOpen("lastSequence('" + topic + "')");
                Long last = contents.lastSequences.get(topic);
                return last == null ? OptionalLong.empty() : OptionalLong.of(last);
            }
        }

        @Override
        public CompletionStage<Void> savePosition(String consumer, String topic, long ackedUpTo) {
            PositionKey key = new PositionKey(consumer, topic);
            if (ackedUpTo < 1) {
                throw new IllegalArgumentException("Invalid position " + ackedUpTo + " for consumer '" + consumer + "' on topic '" + topic
                        + "': acknowledged sequences are between 1 and " + Long.MAX_VALUE);
            }
            synchronized (lock) {
                checkOpen("savePosition('" + consumer + "', '" + topic + "')");
                contents.positions.merge(key, ackedUpTo, Math::max);
            }
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public OptionalLong position(String consumer, String topic) {
            PositionKey key = new PositionKey(consumer, topic);
            synchronized (lock) {
                checkOpen("position('" + consumer + "', '" + topic + "')");
                Long position = contents.positions.get(key);
                return position == null ? OptionalLong.empty() : OptionalLong.of(position);
            }
        }

        @Override
        public CompletionStage<Long> applyRetention(Retention retention) {
            Objects.requireNonNull(retention, "retention");
            synchronized (lock) {
                checkOpen("applyRetention(" + retention + ")");
                Instant oldest = retention.maxAge().map(age -> clock.instant().minus(age)).orElse(Instant.MIN);
                long keepPerTopic = retention.maxMessagesPerTopic().orElse(Long.MAX_VALUE);
                Map<String, Long> remaining = new HashMap<>();
                contents.log.forEach(s -> remaining.merge(s.topic(), 1L, Long::sum));
                List<Stored> kept = new ArrayList<>();
                for (Stored s : contents.log) {
                    long after = remaining.merge(s.topic(), -1L, Long::sum);
                    if (!s.storedAt().isBefore(oldest) && after < keepPerTopic) {
                        kept.add(s);
                    }
                }
                long removed = contents.log.size() - kept.size();
                contents.log = kept;
                return CompletableFuture.completedFuture(removed);
            }
        }

        @Override
        public void close() {
            synchronized (lock) {
                closed = true;
            }
        }

        private void checkOpen(String operation) {
            if (closed) {
                throw new MessageStoreException("Cannot " + operation + ": the in-memory message store is closed");
            }
        }

        /** A snapshot taken when the replay was opened; envelopes are parsed page by page. */
        private final class Cursor implements ReplayCursor {
            private final List<Stored> snapshot;
            private int next;
            private boolean cursorClosed;

            Cursor(List<Stored> snapshot) {
                this.snapshot = snapshot;
            }

            @Override
            public List<StoredEnvelope> next(int max) {
                if (max < 1) {
                    throw new IllegalArgumentException("Invalid page size " + max + ": a replay page holds between 1 and "
                            + Integer.MAX_VALUE + " messages");
                }
                if (cursorClosed) {
                    throw new MessageStoreException("Cannot read the next page: this replay cursor is closed");
                }
                synchronized (lock) {
                    checkOpen("read the next page of a replay");
                }
                int end = (int) Math.min(snapshot.size(), (long) next + max);
                List<StoredEnvelope> page = new ArrayList<>(end - next);
                for (; next < end; next++) {
                    page.add(snapshot.get(next).restore());
                }
                return page;
            }

            @Override
            public void close() {
                cursorClosed = true;
            }
        }
    }

    /** What the store keeps of an envelope: its routing metadata and its sealed bytes. */
    private record Stored(String topic, MessageId id, long timestampMillis, Headers headers, byte[] sealed, long sequence, Instant storedAt) {
        StoredEnvelope restore() {
            return new StoredEnvelope(Envelope.parse(topic, id, Instant.ofEpochMilli(timestampMillis), headers, sealed), sequence, storedAt);
        }
    }

    private record PositionKey(String consumer, String topic) {
        PositionKey {
            Objects.requireNonNull(consumer, "consumer");
            Objects.requireNonNull(topic, "topic");
            if (consumer.isEmpty()) {
                throw new IllegalArgumentException("Invalid consumer name '': it is empty; name a durable consumer, such as 'billing'");
            }
        }
    }
}
