package io.whispeer.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

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
 * The compatibility kit for {@link MessageStoreProvider} and {@link MessageStore}. Extend it and return the
 * provider; a persistent store also returns settings that point at a fresh location for each test:
 * <pre>{@code
 * class MyMessageStoreTest extends MessageStoreCompatibilityKit {
 *     @TempDir Path dir;
 *     protected MessageStoreProvider provider() { return new MyMessageStoreProvider(); }
 *     protected Settings settings() { return Settings.of(Map.of("whispeer.store.file", dir.resolve("store.db").toString())); }
 * }
 * }</pre>
 *
 * <p>What it checks: sequences start at 1 and have no gaps, per topic, also under concurrent appends, and an
 * append's completion means a replay sees it and everything before it in its topic; envelopes come back byte for
 * byte (1 MiB and empty payloads too) with the storage time from the kit's clock; every {@link Replay} mode with
 * exact and wildcard filters, {@code $} topics and topics that must not match, in append order across topics;
 * that a cursor does not see later appends; pages and their limits; durable consumer positions; retention by
 * count and by age, without reusing sequences; null and out-of-range arguments; {@code close()}; and, for stores
 * whose {@link MessageStore#durability()} is not {@link Durability#MEMORY}, that a reopened store has kept
 * everything.
 *
 * <p>The kit creates stores with {@link #provider()}, {@link #settings()} and its own {@link ManualClock}, which
 * only moves when a test advances it, and closes them after each test. Every wait is bounded; a store that hangs
 * fails the test.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class MessageStoreCompatibilityKit {
    /** Where the kit's clock starts. */
    protected static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
    private static final int PAGE = 3;
    private static final int MAX_PAGES = 1_000_000;
    private static final int CONCURRENT_APPENDS_PER_THREAD = 50;
    private static final int CONCURRENT_TOPICS = 3;
    /** The topics of the replay fixture, in append order: wildcard hits, near misses, a {@code $} topic. */
    private static final List<String> FIXTURE_TOPICS = List.of(
            "sensor/kitchen/temp", "sensor/hall/temp", "$SYS/broker/load", "sensor/kitchen/temp", "sensor/kitchen/humidity",
            "sensorx/kitchen/temp", "sensor", "sensor/hall/temp", "other/a/b/c", "sensor/kitchen/temp", "$SYS/broker/load",
            "sensor/kitchen/temp", "sensor/hall/temp", "other/a/b/c", "sensor/kitchen/temp");
    private static final List<String> FILTERS = List.of(
            "sensor/kitchen/temp", "$SYS/broker/load", "sensor/+/temp", "sensor/*/temp", "sensor/#", "sensor/>", "#", ">",
            "+/+/temp", "+/kitchen/#", "$SYS/#", "$SYS/+/load", "+/broker/load", "sensor/kitchen", "nothing/here");

    private final ManualClock clock = new ManualClock(START);
    private final List<MessageStore> created = new ArrayList<>();
    private Settings settings;
    private MessageStore store;

    /** For subclasses. */
    protected MessageStoreCompatibilityKit() {
    }

    /**
     * The provider under test.
     *
     * @return a new provider, as {@link java.util.ServiceLoader} would create it
     */
    protected abstract MessageStoreProvider provider();

    /**
     * The settings stores are created with. A persistent store points them at a location that is fresh for each
     * test (JUnit's {@code @TempDir}); the kit reads them once per test and reopens with the same settings.
     *
     * @return empty settings, unless overridden
     */
    protected Settings settings() {
        return Settings.empty();
    }

    /**
     * Opens the store again after the kit closed it, to check that it kept what it promised. Called only for stores
     * whose {@link MessageStore#durability()} is not {@link Durability#MEMORY}; the default creates a store from the
     * provider with the same settings and clock, which fits stores that keep their data where the settings say.
     *
     * @param settings the settings the closed store was created with
     * @param clock    the kit's clock
     * @return the reopened store
     */
    protected MessageStore reopen(Settings settings, InstantSource clock) {
        return provider().create(settings, clock);
    }

    /** {@return the clock the kit creates stores with; it moves only when a test advances it} */
    protected final ManualClock clock() {
        return clock;
    }

    /** {@return the store under test, created once per test from {@link #provider()}, {@link #settings()} and {@link #clock()}} */
    protected final MessageStore store() {
        if (store == null) {
            store = track(provider().create(testSettings(), clock), provider().getClass().getName() + ".create(settings, clock)");
        }
        return store;
    }

    /** Closes every store the test created. */
    @AfterEach
    public void closeStores() {
        store = null;
        Kits.closeAll(created);
    }

    /** The provider's name is lowercase, and the store it creates declares its durability. */
    @Test
    public void providerNameIsLowercaseAndTheStoreDeclaresItsDurability() {
        Kits.assertValidName("message store", provider().name());
        assertThat(store().durability()).as("durability()").isNotNull();
    }

    /** The first message of a topic has sequence 1 and every further append the next number. */
    @Test
    public void sequencesStartAtOneAndGrowByOnePerAppend() {
        String kase = "sequences start at 1";
        String topic = "orders/eu";
        assertThat(store().lastSequence(topic)).as("case %s: lastSequence(%s) before any append", kase, topic).isEmpty();
        for (long expected = 1; expected <= 5; expected++) {
            Appended appended = append(kase, store(), envelope(topic, (int) expected));
            assertThat(appended.sequence()).as("case %s: topic %s, append number %d", kase, topic, expected).isEqualTo(expected);
            assertThat(store().lastSequence(topic)).as("case %s: topic %s, lastSequence after sequence %d", kase, topic, expected)
                    .isEqualTo(OptionalLong.of(expected));
        }
        assertThat(store().lastSequence("orders/us")).as("case %s: lastSequence of topic orders/us, never appended to", kase).isEmpty();
    }

    /** Each topic numbers its own messages: appends to one topic do not move another's sequence. */
    @Test
    public void topicsNumberTheirMessagesIndependently() {
        String kase = "independent topics";
        List<String> topics = List.of("a/1", "b/1", "a/1", "c/1", "b/1", "a/1", "a/1/x", "a/1");
        Map<String, Long> expected = new HashMap<>();
        for (int i = 0; i < topics.size(); i++) {
            String topic = topics.get(i);
            long next = expected.merge(topic, 1L, Long::sum);
            assertThat(append(kase, store(), envelope(topic, i)).sequence())
                    .as("case %s: topic %s, append %d of the topic (after appends to %s)", kase, topic, next, topics.subList(0, i))
                    .isEqualTo(next);
        }
        expected.forEach((topic, last) -> assertThat(store().lastSequence(topic)).as("case %s: lastSequence(%s)", kase, topic)
                .isEqualTo(OptionalLong.of(last)));
    }

    /**
     * Appends from many threads to shared topics give every topic unique, gapless sequences, and when an append
     * completes, a replay sees its message and every earlier one of its topic (stages complete in sequence order).
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void concurrentAppendsGiveUniqueGaplessSequencesAndCompleteInOrder() throws Exception {
        String kase = "concurrent appends";
        MessageStore shared = store();
        Map<String, Map<Long, MessageId>> byTopic = new ConcurrentHashMap<>();
        Kits.concurrently(Kits.THREADS, thread -> {
            for (int i = 0; i < CONCURRENT_APPENDS_PER_THREAD; i++) {
                String topic = "load/" + ((thread + i) % CONCURRENT_TOPICS);
                Envelope envelope = envelope(topic, thread * 10_000 + i);
                long sequence = await("case " + kase + ": append to topic " + topic + " from thread " + thread, shared.append(envelope));
                MessageId previous = byTopic.computeIfAbsent(topic, t -> new ConcurrentHashMap<>()).putIfAbsent(sequence, envelope.id());
                if (previous != null) {
                    fail("case %s: topic %s, sequence %d was given to two appends (messages %s and %s)", kase, topic, sequence, previous,
                            envelope.id());
                }
                assertThat(shared.lastSequence(topic).orElse(0))
                        .as("case %s: topic %s, lastSequence after the append of sequence %d completed", kase, topic, sequence)
                        .isGreaterThanOrEqualTo(sequence);
                List<Long> seen = replayAll(kase, shared, TopicFilter.parse(topic), Replay.fromSequence(1)).stream()
                        .map(StoredEnvelope::sequence).toList();
                if (seen.size() < sequence || !seen.equals(LongStream.rangeClosed(1, seen.size()).boxed().toList())) {
                    fail("case %s: topic %s, the append of sequence %d completed, but a replay opened afterwards saw sequences %s;"
                            + " sequences must have no gaps and the appends of one topic must complete in sequence order",
                            kase, topic, sequence, abbreviate(seen));
                }
            }
        });
        int total = 0;
        for (int t = 0; t < CONCURRENT_TOPICS; t++) {
            String topic = "load/" + t;
            Map<Long, MessageId> sequences = byTopic.getOrDefault(topic, Map.of());
            total += sequences.size();
            assertThat(new TreeSet<>(sequences.keySet())).as("case %s: topic %s, the sequences given to its appends", kase, topic)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, sequences.size()).boxed().toList());
            List<StoredEnvelope> replayed = replayAll(kase, store(), TopicFilter.parse(topic), Replay.fromSequence(1));
            assertThat(replayed).as("case %s: topic %s, replayed message count", kase, topic).hasSize(sequences.size());
            for (StoredEnvelope stored : replayed) {
                assertThat(stored.envelope().id()).as("case %s: topic %s, sequence %d, message id", kase, topic, stored.sequence())
                        .isEqualTo(sequences.get(stored.sequence()));
            }
        }
        assertThat(total).as("case %s: appends in all topics", kase).isEqualTo(Kits.THREADS * CONCURRENT_APPENDS_PER_THREAD);
    }

    /**
     * Envelopes of every shape come back byte for byte: topic, id, timestamp, every header, flags, engine ids, key
     * id, dictionary id, nonce and payload, with the storage time read from the store's clock.
     */
    @Test
    public void envelopesComeBackByteForByte() {
        String kase = "byte-for-byte";
        List<Envelope> shapes = List.of(
                Envelope.builder().topic("bytes/plain").id(new MessageId(0, 0)).timestampMillis(0).payload(new byte[] {1, 2, 3}).build(),
                Envelope.builder().topic("bytes/sealed").id(new MessageId(-1, -1)).timestampMillis(-1)
                        .headers(Headers.builder().put("content-type", "application/json").put("trace", "tab\there")
                                .put("ünïcødé", "värde ✓ \uD83D\uDE00").put("empty", "").build())
                        .flags(Envelope.FLAG_COMPRESSED | Envelope.FLAG_PADDED).codecId(255).compressionId(1).cipherId(1)
                        .keyId(-1).dictionaryId(-2).nonce(Kits.randomBytes(24, 1)).payload(Kits.randomBytes(300, 2)).build(),
                Envelope.builder().topic("bytes/ünïcødé/ÿ").id(MessageId.generate()).timestampMillis(Long.MAX_VALUE / 4)
                        .headers(Headers.of("a", "1")).codecId(7).flags(Envelope.FLAG_COMPRESSED).compressionId(200).cipherId(203)
                        .keyId(0x8000_0000).dictionaryId(0)
                        .nonce(Kits.randomBytes(255, 3)).payload(Kits.randomBytes(1, 4)).build(),
                Envelope.builder().topic("$SYS/bytes").id(MessageId.generate()).timestamp(START)
                        .payload(ByteBuffer.wrap(Kits.randomBytes(64, 5), 10, 20)).build());
        List<Appended> appended = new ArrayList<>();
        for (Envelope envelope : shapes) {
            appended.add(append(kase, store(), envelope));
            clock.advance(Duration.ofMillis(1234));
        }
        for (Appended expected : appended) {
            List<StoredEnvelope> replayed = replayAll(kase, store(), TopicFilter.parse(expected.topic()), Replay.fromSequence(1));
            assertThat(replayed).as("case %s: topic %s, replayed messages", kase, expected.topic()).hasSize(1);
            assertSameEnvelope(kase, expected, replayed.getFirst());
        }
    }

    /** A 1 MiB payload comes back whole. */
    @Test
    public void largeEnvelopeOfOneMebibyteComesBackWhole() {
        String kase = "1 MiB payload";
        Envelope large = Envelope.builder().topic("bytes/large").id(MessageId.generate()).timestamp(START).cipherId(1).keyId(9)
                .nonce(Kits.randomBytes(24, 6)).payload(Kits.randomBytes(1 << 20, 7)).build();
        Appended appended = append(kase, store(), large);
        List<StoredEnvelope> replayed = replayAll(kase, store(), TopicFilter.parse("bytes/large"), Replay.lastValue());
        assertThat(replayed).as("case %s: topic bytes/large, replayed messages", kase).hasSize(1);
        assertSameEnvelope(kase, appended, replayed.getFirst());
    }

    /** An envelope with an empty payload, no nonce and no headers comes back as it was. */
    @Test
    public void envelopeWithAnEmptyPayloadComesBackEmpty() {
        String kase = "empty payload";
        Envelope empty = Envelope.builder().topic("bytes/empty").id(MessageId.generate()).timestamp(START).payload(new byte[0]).build();
        Appended appended = append(kase, store(), empty);
        List<StoredEnvelope> replayed = replayAll(kase, store(), TopicFilter.parse("bytes/empty"), Replay.fromSequence(1));
        assertThat(replayed).as("case %s: topic bytes/empty, replayed messages", kase).hasSize(1);
        assertSameEnvelope(kase, appended, replayed.getFirst());
        assertThat(replayed.getFirst().envelope().payloadSize()).as("case %s: payload size", kase).isZero();
    }

    /** {@link Replay#fromSequence} replays, for every matching topic, the messages at or above the sequence. */
    @Test
    public void replayFromSequenceReturnsEachMatchingTopicFromThatSequence() {
        List<Appended> all = appendFixture();
        for (long from : new long[] {1, 2, 3, 5, 6, 100}) {
            assertReplayForEveryFilter(all, Replay.fromSequence(from));
        }
        assertReplay("fromSequence, by hand", TopicFilter.parse("sensor/+/temp"), Replay.fromSequence(3),
                pick(all, "sensor/kitchen/temp#3", "sensor/kitchen/temp#4", "sensor/hall/temp#3", "sensor/kitchen/temp#5"));
    }

    /** {@link Replay#fromTime} replays the messages stored at or after the instant, by the store's clock. */
    @Test
    public void replayFromTimeReturnsMessagesStoredAtOrAfterTheInstant() {
        List<Appended> all = appendFixture();
        Instant fourth = all.get(3).storedAt();
        for (Instant from : new Instant[] {START.minusSeconds(1), START, fourth, fourth.plusMillis(500), all.getLast().storedAt(),
                all.getLast().storedAt().plusMillis(1)}) {
            assertReplayForEveryFilter(all, Replay.fromTime(from));
        }
        assertReplay("fromTime, by hand", TopicFilter.parse("sensor/kitchen/temp"), Replay.fromTime(fourth),
                pick(all, "sensor/kitchen/temp#2", "sensor/kitchen/temp#3", "sensor/kitchen/temp#4", "sensor/kitchen/temp#5"));
    }

    /** {@link Replay#lastN} replays the last {@code n} messages of every matching topic, in append order. */
    @Test
    public void replayLastNReturnsTheLastMessagesOfEachMatchingTopic() {
        List<Appended> all = appendFixture();
        for (int n : new int[] {1, 2, 3, 5, 1000}) {
            assertReplayForEveryFilter(all, Replay.lastN(n));
        }
        assertReplay("lastN, by hand", TopicFilter.parse("sensor/#"), Replay.lastN(2),
                pick(all, "sensor/kitchen/humidity#1", "sensor#1", "sensor/hall/temp#2", "sensor/kitchen/temp#4", "sensor/hall/temp#3",
                        "sensor/kitchen/temp#5"));
    }

    /** {@link Replay#lastValue} replays the last message of every matching topic, in append order. */
    @Test
    public void replayLastValueReturnsTheLastMessageOfEachMatchingTopic() {
        List<Appended> all = appendFixture();
        assertReplayForEveryFilter(all, Replay.lastValue());
        assertReplay("lastValue, by hand", TopicFilter.parse("+/+/temp"), Replay.lastValue(),
                pick(all, "sensorx/kitchen/temp#1", "sensor/hall/temp#3", "sensor/kitchen/temp#5"));
    }

    /**
     * Filters match as {@link TopicFilter#matches} does: {@code sensor/#} includes {@code sensor} but not
     * {@code sensorx/...}, and a wildcard in the first level does not match {@code $SYS/...}, which a literal
     * {@code $SYS} filter does.
     */
    @Test
    public void wildcardFiltersMatchLikeTopicFilterIncludingDollarTopics() {
        String kase = "wildcard filters";
        appendFixture();
        Map<String, Set<String>> expectedTopics = new LinkedHashMap<>();
        expectedTopics.put("#", Set.of("sensor/kitchen/temp", "sensor/hall/temp", "sensor/kitchen/humidity", "sensorx/kitchen/temp",
                "sensor", "other/a/b/c"));
        expectedTopics.put("sensor/#", Set.of("sensor/kitchen/temp", "sensor/hall/temp", "sensor/kitchen/humidity", "sensor"));
        expectedTopics.put("sensor/+/temp", Set.of("sensor/kitchen/temp", "sensor/hall/temp"));
        expectedTopics.put("+/broker/load", Set.of());
        expectedTopics.put("$SYS/#", Set.of("$SYS/broker/load"));
        expectedTopics.put("$SYS/+/load", Set.of("$SYS/broker/load"));
        expectedTopics.put("sensor/kitchen", Set.of());
        expectedTopics.forEach((filter, topics) -> assertThat(
                replayAll(kase, store(), TopicFilter.parse(filter), Replay.fromSequence(1)).stream().map(StoredEnvelope::topic)
                        .collect(Collectors.toSet()))
                .as("case %s: topics replayed for filter %s", kase, filter).containsExactlyInAnyOrderElementsOf(topics));
    }

    /** A replay over several topics returns their messages in the order they were appended, not grouped by topic. */
    @Test
    public void replayFollowsAppendOrderAcrossTopics() {
        List<Appended> all = appendFixture();
        List<Appended> withoutDollar = all.stream().filter(a -> !a.topic().startsWith("$")).toList();
        assertReplay("append order across topics", TopicFilter.parse("#"), Replay.fromSequence(1), withoutDollar);
    }

    /** A cursor returns what was stored when it was opened, and none of the messages appended after that. */
    @Test
    public void cursorDoesNotSeeAppendsMadeAfterItWasOpened() {
        String kase = "cursor snapshot";
        List<Appended> before = appendFixture();
        List<Replay> modes = List.of(Replay.fromSequence(1), Replay.fromSequence(3), Replay.fromTime(START), Replay.lastN(2),
                Replay.lastValue());
        List<String> filters = List.of("#", "sensor/kitchen/temp", "sensor/+/temp", "$SYS/#");
        Map<String, ReplayCursor> cursors = new LinkedHashMap<>();
        Map<String, List<StoredEnvelope>> firstPages = new HashMap<>();
        try {
            for (Replay mode : modes) {
                for (String filter : filters) {
                    String key = filter + " " + mode;
                    ReplayCursor cursor = store().replay(TopicFilter.parse(filter), mode);
                    assertThat(cursor).as("case %s: replay(%s, %s)", kase, filter, mode).isNotNull();
                    cursors.put(key, cursor);
                    if (mode instanceof Replay.FromSequence) {
                        firstPages.put(key, cursor.next(1));
                    }
                }
            }
            for (String topic : List.of("sensor/kitchen/temp", "sensor/hall/temp", "sensor/new/temp", "$SYS/broker/load")) {
                clock.advance(Duration.ofSeconds(1));
                append(kase, store(), envelope(topic, 999));
            }
            for (Replay mode : modes) {
                for (String filter : filters) {
                    String key = filter + " " + mode;
                    List<StoredEnvelope> read = new ArrayList<>(firstPages.getOrDefault(key, List.of()));
                    read.addAll(readAll(kase, key, cursors.get(key), PAGE));
                    assertSameReplay(kase + " (opened before 4 more appends)", TopicFilter.parse(filter), mode,
                            expected(before, TopicFilter.parse(filter), mode), read);
                }
            }
        } finally {
            cursors.values().forEach(ReplayCursor::close);
        }
    }

    /** A page holds 1 to {@code max} messages, and after the last message every page is empty. */
    @Test
    public void pagesHoldAtMostMaxMessagesAndTheEndIsEmpty() {
        String kase = "pages";
        List<Appended> all = appendFixture();
        List<Appended> expected = expected(all, TopicFilter.parse("#"), Replay.fromSequence(1));
        try (ReplayCursor cursor = store().replay(TopicFilter.parse("#"), Replay.fromSequence(1))) {
            List<StoredEnvelope> first = cursor.next(1);
            assertThat(first).as("case %s: next(1) on a replay of %d messages", kase, expected.size()).hasSize(1);
            List<StoredEnvelope> rest = new ArrayList<>(first);
            for (int pages = 0; rest.size() < expected.size() && pages < expected.size(); pages++) {
                List<StoredEnvelope> page = cursor.next(4);
                assertThat(page).as("case %s: next(4) after %d of %d messages", kase, rest.size(), expected.size()).isNotEmpty()
                        .hasSizeLessThanOrEqualTo(4);
                rest.addAll(page);
            }
            assertSameReplay(kase, TopicFilter.parse("#"), Replay.fromSequence(1), expected, rest);
            assertThat(cursor.next(1000)).as("case %s: next(1000) after the last message", kase).isEmpty();
            assertThat(cursor.next(1)).as("case %s: next(1) after the end was reported", kase).isEmpty();
        }
        try (ReplayCursor cursor = store().replay(TopicFilter.parse("nothing/here"), Replay.fromSequence(1))) {
            assertThat(cursor.next(10)).as("case %s: a replay of a topic that has no messages", kase).isEmpty();
        }
    }

    /** {@code next(max)} with {@code max} below 1 is refused with an error that names the value and the range. */
    @Test
    public void nextRefusesAPageSizeBelowOne() {
        appendFixture();
        try (ReplayCursor cursor = store().replay(TopicFilter.parse("#"), Replay.fromSequence(1))) {
            for (int max : new int[] {0, -1, Integer.MIN_VALUE}) {
                assertThatThrownBy(() -> cursor.next(max), "case page size: next(%d)", max).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining(String.valueOf(max)).hasMessageContaining("1");
            }
            assertThat(cursor.next(100)).as("case page size: next(100) after the refused calls").isNotEmpty();
        }
    }

    /** Closing a cursor twice is harmless, reading a closed cursor fails, and the store is not affected. */
    @Test
    public void closedCursorRefusesToReadAndTheStoreCarriesOn() {
        appendFixture();
        ReplayCursor cursor = store().replay(TopicFilter.parse("#"), Replay.fromSequence(1));
        cursor.next(1);
        cursor.close();
        cursor.close();
        assertThatThrownBy(() -> cursor.next(1), "case closed cursor: next(1)").isInstanceOf(MessageStoreException.class);
        assertThat(append("closed cursor", store(), envelope("sensor", 2)).sequence()).as("case closed cursor: topic sensor, next append")
                .isEqualTo(2);
    }

    /** A consumer's position is empty until saved, then what was saved, per consumer and topic. */
    @Test
    public void positionsAreKeptPerConsumerAndTopic() {
        String kase = "positions";
        assertThat(store().position("billing", "orders/eu")).as("case %s: position before any save", kase).isEmpty();
        await("case " + kase + ": savePosition(billing, orders/eu, 5)", store().savePosition("billing", "orders/eu", 5));
        await("case " + kase + ": savePosition(billing, orders/us, 2)", store().savePosition("billing", "orders/us", 2));
        await("case " + kase + ": savePosition(audit, orders/eu, 9)", store().savePosition("audit", "orders/eu", 9));
        assertThat(store().position("billing", "orders/eu")).as("case %s: billing on orders/eu", kase).isEqualTo(OptionalLong.of(5));
        assertThat(store().position("billing", "orders/us")).as("case %s: billing on orders/us", kase).isEqualTo(OptionalLong.of(2));
        assertThat(store().position("audit", "orders/eu")).as("case %s: audit on orders/eu", kase).isEqualTo(OptionalLong.of(9));
        assertThat(store().position("audit", "orders/us")).as("case %s: audit on orders/us, never saved", kase).isEmpty();
        assertThat(store().position("shipping", "orders/eu")).as("case %s: shipping, never saved", kase).isEmpty();
    }

    /** A saved position only moves forward: saving a lower value is ignored. */
    @Test
    public void savedPositionsOnlyMoveForward() {
        String kase = "monotonic positions";
        for (long ackedUpTo : new long[] {3, 7, 4, 7, 1, 8}) {
            await("case " + kase + ": savePosition(billing, orders/eu, " + ackedUpTo + ")", store().savePosition("billing", "orders/eu", ackedUpTo));
        }
        assertThat(store().position("billing", "orders/eu")).as("case %s: after saving 3, 7, 4, 7, 1, 8", kase).isEqualTo(OptionalLong.of(8));
        await("case " + kase + ": savePosition(billing, orders/eu, 2)", store().savePosition("billing", "orders/eu", 2));
        assertThat(store().position("billing", "orders/eu")).as("case %s: after saving 2 over 8", kase).isEqualTo(OptionalLong.of(8));
    }

    /** An empty consumer name and a position below 1 are refused with errors that name the value. */
    @Test
    public void savePositionRefusesAnEmptyConsumerAndAPositionBelowOne() {
        assertThatThrownBy(() -> store().savePosition("", "orders/eu", 1), "case positions: an empty consumer name")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("consumer");
        assertThatThrownBy(() -> store().position("", "orders/eu"), "case positions: position of an empty consumer name")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("consumer");
        for (long bad : new long[] {0, -1}) {
            assertThatThrownBy(() -> store().savePosition("billing", "orders/eu", bad), "case positions: ackedUpTo %d", bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(String.valueOf(bad));
        }
        assertThat(store().position("billing", "orders/eu")).as("case positions: after refused saves").isEmpty();
    }

    /** Retention by count keeps the last messages of each topic and reports how many it removed. */
    @Test
    public void retentionByCountKeepsTheLastMessagesOfEachTopic() {
        String kase = "retention by count";
        List<Appended> all = appendFixture();
        List<Appended> kept = expected(all, null, Replay.lastN(2));
        long removed = await("case " + kase + ": applyRetention(maxMessagesPerTopic(2))",
                store().applyRetention(Retention.maxMessagesPerTopic(2)));
        assertThat(removed).as("case %s: messages removed from %d, keeping 2 per topic", kase, all.size()).isEqualTo(all.size() - kept.size());
        assertEverything(kase, kept);
        assertThat(await("case " + kase + ": applying it again", store().applyRetention(Retention.maxMessagesPerTopic(2))))
                .as("case %s: messages removed by applying the same retention again", kase).isZero();
        assertLastSequencesUnchanged(kase, all);
    }

    /** Retention by age removes messages older than the maximum age by the store's clock, and keeps the rest. */
    @Test
    public void retentionByAgeRemovesMessagesOlderThanTheMaximumAge() {
        String kase = "retention by age";
        List<Appended> all = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            all.add(append(kase, store(), envelope(i == 1 ? "age/b" : "age/a", i)));
        }
        clock.advance(Duration.ofMinutes(10));
        for (int i = 3; i < 6; i++) {
            all.add(append(kase, store(), envelope(i == 4 ? "age/b" : "age/a", i)));
        }
        clock.advance(Duration.ofMinutes(5));
        long none = await("case " + kase + ": applyRetention(maxAge(PT15M)) when the oldest is exactly 15 minutes old",
                store().applyRetention(Retention.maxAge(Duration.ofMinutes(15))));
        assertThat(none).as("case %s: removed when the oldest message is exactly as old as the maximum age", kase).isZero();
        clock.advance(Duration.ofMinutes(1));
        long removed = await("case " + kase + ": applyRetention(maxAge(PT15M)) 16 minutes after the first appends",
                store().applyRetention(Retention.maxAge(Duration.ofMinutes(15))));
        assertThat(removed).as("case %s: messages older than 15 minutes", kase).isEqualTo(3);
        assertEverything(kase, all.subList(3, 6));
        long both = await("case " + kase + ": applyRetention(maxAge(PT1H) and 1 per topic)",
                store().applyRetention(Retention.maxAge(Duration.ofHours(1)).withMaxMessagesPerTopic(1)));
        assertThat(both).as("case %s: removed by a retention of 1 per topic", kase).isEqualTo(1);
        assertEverything(kase, all.subList(4, 6));
        assertLastSequencesUnchanged(kase, all);
    }

    /** {@link Retention#none()} removes nothing. */
    @Test
    public void retentionNoneRemovesNothing() {
        List<Appended> all = appendFixture();
        clock.advance(Duration.ofDays(3650));
        assertThat(await("case retention none: applyRetention(none())", store().applyRetention(Retention.none())))
                .as("case retention none: messages removed").isZero();
        assertEverything("retention none", all);
    }

    /** After retention removed messages, even all of a topic's, new messages get new sequence numbers. */
    @Test
    public void sequencesAreNotReusedAfterRetention() {
        String kase = "no reuse after retention";
        String topic = "reuse/a";
        for (int i = 1; i <= 3; i++) {
            append(kase, store(), envelope(topic, i));
        }
        await("case " + kase + ": applyRetention(maxMessagesPerTopic(1))", store().applyRetention(Retention.maxMessagesPerTopic(1)));
        assertThat(append(kase, store(), envelope(topic, 4)).sequence()).as("case %s: topic %s, append after keeping only sequence 3", kase, topic)
                .isEqualTo(4);
        clock.advance(Duration.ofHours(2));
        long removed = await("case " + kase + ": applyRetention(maxAge(PT1H))", store().applyRetention(Retention.maxAge(Duration.ofHours(1))));
        assertThat(removed).as("case %s: topic %s, messages removed by age (sequences 3 and 4)", kase, topic).isEqualTo(2);
        assertThat(store().lastSequence(topic)).as("case %s: topic %s, lastSequence after every message was removed", kase, topic)
                .isEqualTo(OptionalLong.of(4));
        Appended fifth = append(kase, store(), envelope(topic, 5));
        assertThat(fifth.sequence()).as("case %s: topic %s, append after every message was removed", kase, topic).isEqualTo(5);
        assertReplay(kase, TopicFilter.parse(topic), Replay.fromSequence(1), List.of(fifth));
    }

    /** {@code close()} is idempotent, and every call afterwards fails with {@link MessageStoreException}. */
    @Test
    public void closeIsIdempotentAndEveryCallAfterwardsFails() {
        String kase = "closed store";
        appendFixture();
        MessageStore closed = store();
        ReplayCursor open = closed.replay(TopicFilter.parse("#"), Replay.fromSequence(1));
        closed.close();
        closed.close();
        Envelope envelope = envelope("sensor", 1);
        Map<String, Runnable> calls = new LinkedHashMap<>();
        calls.put("append", () -> closed.append(envelope));
        calls.put("replay", () -> closed.replay(TopicFilter.parse("#"), Replay.fromSequence(1)));
        calls.put("lastSequence", () -> closed.lastSequence("sensor"));
        calls.put("savePosition", () -> closed.savePosition("billing", "sensor", 1));
        calls.put("position", () -> closed.position("billing", "sensor"));
        calls.put("applyRetention", () -> closed.applyRetention(Retention.none()));
        calls.put("next on a cursor opened before close", () -> open.next(1));
        calls.forEach((name, call) -> assertThatThrownBy(call::run, "case %s: %s after close()", kase, name)
                .isInstanceOf(MessageStoreException.class).hasMessageContaining("closed"));
        open.close();
    }

    /** Null arguments are refused with a {@link NullPointerException}, thrown by the call itself. */
    @Test
    public void nullArgumentsAreRefused() {
        String kase = "null arguments";
        TopicFilter all = TopicFilter.parse("#");
        Map<String, Runnable> calls = new LinkedHashMap<>();
        calls.put("append(null)", () -> store().append(null));
        calls.put("replay(null, from)", () -> store().replay(null, Replay.fromSequence(1)));
        calls.put("replay(filter, null)", () -> store().replay(all, null));
        calls.put("lastSequence(null)", () -> store().lastSequence(null));
        calls.put("savePosition(null, topic, 1)", () -> store().savePosition(null, "a", 1));
        calls.put("savePosition(consumer, null, 1)", () -> store().savePosition("c", null, 1));
        calls.put("position(null, topic)", () -> store().position(null, "a"));
        calls.put("position(consumer, null)", () -> store().position("c", null));
        calls.put("applyRetention(null)", () -> store().applyRetention(null));
        calls.forEach((name, call) -> assertThatThrownBy(call::run, "case %s: %s", kase, name).isInstanceOf(NullPointerException.class));
    }

    /**
     * A store that promises more than {@link Durability#MEMORY} keeps messages, sequences, positions and
     * retention's removals across a close and reopen. Skipped, with the reason, for in-memory stores.
     */
    @Test
    public void reopenedStoreKeepsMessagesSequencesAndPositions() {
        String kase = "reopen";
        Durability durability = store().durability();
        assumeTrue(durability != Durability.MEMORY, "the store's durability is MEMORY: it promises to keep nothing across a restart,"
                + " so there is nothing to check after reopening");
        List<Appended> all = appendFixture();
        await("case " + kase + ": savePosition", store().savePosition("billing", "sensor/kitchen/temp", 4));
        await("case " + kase + ": applyRetention", store().applyRetention(Retention.maxMessagesPerTopic(3)));
        List<Appended> kept = expected(all, null, Replay.lastN(3));
        store().close();
        store = track(reopen(testSettings(), clock), getClass().getName() + ".reopen(settings, clock)");
        assertThat(store().durability()).as("case %s: durability after reopening", kase).isEqualTo(durability);
        assertEverything(kase + " (after reopening)", kept);
        assertLastSequencesUnchanged(kase + " (after reopening)", all);
        assertThat(store().position("billing", "sensor/kitchen/temp")).as("case %s: position after reopening", kase)
                .isEqualTo(OptionalLong.of(4));
        assertThat(append(kase, store(), envelope("sensor/kitchen/temp", 100)).sequence())
                .as("case %s: topic sensor/kitchen/temp, first append after reopening", kase).isEqualTo(6);
    }

    // ---------------------------------------------------------------------------------------------------------------

    private Settings testSettings() {
        if (settings == null) {
            settings = Objects.requireNonNull(settings(), "settings()");
        }
        return settings;
    }

    private MessageStore track(MessageStore created, String what) {
        assertThat(created).as(what).isNotNull();
        this.created.add(created);
        return created;
    }

    /** Appends the fixture, advancing the clock by one second before each append. */
    private List<Appended> appendFixture() {
        List<Appended> all = new ArrayList<>();
        for (int i = 0; i < FIXTURE_TOPICS.size(); i++) {
            clock.advance(Duration.ofSeconds(1));
            all.add(append("fixture", store(), envelope(FIXTURE_TOPICS.get(i), i)));
        }
        return all;
    }

    private Appended append(String kase, MessageStore target, Envelope envelope) {
        Instant now = clock.instant();
        Long sequence = await("case " + kase + ": append to topic " + envelope.topic(), target.append(envelope));
        assertThat(sequence).as("case %s: sequence of an append to topic %s", kase, envelope.topic()).isNotNull();
        return new Appended(envelope, sequence, now);
    }

    private void assertReplayForEveryFilter(List<Appended> all, Replay from) {
        for (String filter : FILTERS) {
            TopicFilter parsed = TopicFilter.parse(filter);
            assertReplay(String.valueOf(from), parsed, from, expected(all, parsed, from));
        }
    }

    private void assertReplay(String kase, TopicFilter filter, Replay from, List<Appended> expected) {
        assertSameReplay(kase, filter, from, expected, replayAll(kase, store(), filter, from));
    }

    /** Everything stored, in append order: all topics, {@code $} topics included. */
    private void assertEverything(String kase, List<Appended> expected) {
        assertReplay(kase, TopicFilter.parse("#"), Replay.fromSequence(1), expected.stream().filter(a -> !a.topic().startsWith("$")).toList());
        assertReplay(kase, TopicFilter.parse("$SYS/#"), Replay.fromSequence(1),
                expected.stream().filter(a -> a.topic().startsWith("$SYS/")).toList());
    }

    private void assertLastSequencesUnchanged(String kase, List<Appended> all) {
        Map<String, Long> last = new HashMap<>();
        all.forEach(a -> last.merge(a.topic(), a.sequence(), Math::max));
        last.forEach((topic, sequence) -> assertThat(store().lastSequence(topic))
                .as("case %s: topic %s, lastSequence after retention", kase, topic).isEqualTo(OptionalLong.of(sequence)));
    }

    private static void assertSameReplay(String kase, TopicFilter filter, Replay from, List<Appended> expected, List<StoredEnvelope> actual) {
        List<String> expectedKeys = expected.stream().map(Appended::key).toList();
        List<String> actualKeys = actual.stream().map(s -> s.topic() + "#" + s.sequence()).toList();
        if (!expectedKeys.equals(actualKeys)) {
            int at = 0;
            while (at < expectedKeys.size() && at < actualKeys.size() && expectedKeys.get(at).equals(actualKeys.get(at))) {
                at++;
            }
            fail("case %s: replay(%s, %s) returned (topic#sequence) %s but must return %s, in append order; first difference at"
                    + " position %d: %s instead of %s", kase, filter, from, actualKeys, expectedKeys, at,
                    at < actualKeys.size() ? actualKeys.get(at) : "the end", at < expectedKeys.size() ? expectedKeys.get(at) : "the end");
        }
        for (int i = 0; i < expected.size(); i++) {
            assertSameEnvelope(kase + ", replay(" + filter + ", " + from + ")", expected.get(i), actual.get(i));
        }
    }

    private static void assertSameEnvelope(String kase, Appended expected, StoredEnvelope actual) {
        Envelope want = expected.envelope();
        String where = "case " + kase + ": topic " + expected.topic() + ", sequence " + expected.sequence() + ": ";
        assertThat(actual).as(where + "stored envelope").isNotNull();
        Envelope got = actual.envelope();
        assertThat(actual.sequence()).as(where + "sequence").isEqualTo(expected.sequence());
        assertThat(actual.storedAt()).as(where + "storedAt (the kit's clock at the append)").isEqualTo(expected.storedAt());
        assertThat(got.topic()).as(where + "topic").isEqualTo(want.topic());
        assertThat(got.id()).as(where + "message id").isEqualTo(want.id());
        assertThat(got.timestampMillis()).as(where + "timestamp").isEqualTo(want.timestampMillis());
        assertThat(got.headers().asMap()).as(where + "headers").containsExactlyEntriesOf(want.headers().asMap());
        assertThat(got.flags()).as(where + "flags").isEqualTo(want.flags());
        assertThat(got.codecId()).as(where + "codec id").isEqualTo(want.codecId());
        assertThat(got.compressionId()).as(where + "compression id").isEqualTo(want.compressionId());
        assertThat(got.cipherId()).as(where + "cipher id").isEqualTo(want.cipherId());
        assertThat(got.keyId()).as(where + "key id").isEqualTo(want.keyId());
        assertThat(got.dictionaryId()).as(where + "dictionary id").isEqualTo(want.dictionaryId());
        Kits.assertSameBytes(where + "nonce", got.nonce(), want.nonce());
        assertThat(got.payloadSize()).as(where + "payload size").isEqualTo(want.payloadSize());
        Kits.assertSameBytes(where + "payload", bytes(got.payload()), bytes(want.payload()));
        Kits.assertSameBytes(where + "sealed bytes (toBytes)", got.toBytes(), want.toBytes());
    }

    /** What a replay must return, computed from what was appended; {@code filter} null means every topic. */
    private static List<Appended> expected(List<Appended> all, TopicFilter filter, Replay from) {
        List<Appended> matching = all.stream().filter(a -> filter == null || filter.matches(a.topic())).toList();
        Map<String, Integer> counts = new HashMap<>();
        matching.forEach(a -> counts.merge(a.topic(), 1, Integer::sum));
        Map<String, Integer> seen = new HashMap<>();
        List<Appended> result = new ArrayList<>();
        for (Appended a : matching) {
            int index = seen.merge(a.topic(), 1, Integer::sum);
            int fromEnd = counts.get(a.topic()) - index;
            boolean include = switch (from) {
                case Replay.FromSequence s -> a.sequence() >= s.sequence();
                case Replay.FromTime t -> !a.storedAt().isBefore(t.time());
                case Replay.LastN n -> fromEnd < n.count();
                case Replay.LastValue v -> fromEnd == 0;
            };
            if (include) {
                result.add(a);
            }
        }
        return result;
    }

    private static List<Appended> pick(List<Appended> all, String... keys) {
        Map<String, Appended> byKey = all.stream().collect(Collectors.toMap(Appended::key, a -> a));
        return Arrays.stream(keys).map(k -> Objects.requireNonNull(byKey.get(k), k)).toList();
    }

    private static List<StoredEnvelope> replayAll(String kase, MessageStore target, TopicFilter filter, Replay from) {
        ReplayCursor cursor = target.replay(filter, from);
        assertThat(cursor).as("case %s: replay(%s, %s)", kase, filter, from).isNotNull();
        try (cursor) {
            return readAll(kase, "replay(" + filter + ", " + from + ")", cursor, PAGE);
        }
    }

    private static List<StoredEnvelope> readAll(String kase, String what, ReplayCursor cursor, int page) {
        List<StoredEnvelope> all = new ArrayList<>();
        for (int pages = 0; pages < MAX_PAGES; pages++) {
            List<StoredEnvelope> next = cursor.next(page);
            assertThat(next).as("case %s: %s, next(%d) after %d messages", kase, what, page, all.size()).isNotNull()
                    .hasSizeLessThanOrEqualTo(page);
            if (next.isEmpty()) {
                return all;
            }
            all.addAll(next);
        }
        throw new AssertionError("case " + kase + ": " + what + " returned " + MAX_PAGES + " pages without reaching the end");
    }

    private static <T> T await(String what, CompletionStage<T> stage) {
        assertThat(stage).as(what).isNotNull();
        try {
            return stage.toCompletableFuture().get(Kits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError(what + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError(what + " did not complete within " + Kits.TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(what + " was interrupted", e);
        }
    }

    private static Envelope envelope(String topic, int n) {
        byte[] payload = (topic + "#" + n + " ").getBytes(StandardCharsets.UTF_8);
        byte[] padded = Arrays.copyOf(payload, payload.length + 16);
        System.arraycopy(Kits.randomBytes(16, n), 0, padded, payload.length, 16);
        return Envelope.builder().topic(topic).id(MessageId.generate()).timestamp(START.plusMillis(n))
                .headers(Headers.of("n", Integer.toString(n))).flags(Envelope.FLAG_COMPRESSED).codecId(1).compressionId(2).cipherId(1)
                .keyId(n).nonce(Kits.randomBytes(24, -n)).payload(padded).build();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    private static String abbreviate(List<Long> sequences) {
        return sequences.size() <= 40 ? sequences.toString()
                : sequences.subList(0, 20) + " ... " + sequences.subList(sequences.size() - 20, sequences.size());
    }

    /** An appended envelope with what the store answered and the kit's clock at the time. */
    private record Appended(Envelope envelope, long sequence, Instant storedAt) {
        String topic() {
            return envelope.topic();
        }

        String key() {
            return envelope.topic() + "#" + sequence;
        }
    }

    /** A clock for stores under test: it starts at a fixed instant and moves only when advanced. Thread-safe. */
    public static final class ManualClock implements InstantSource {
        private final AtomicReference<Instant> now;

        /**
         * Creates the clock.
         *
         * @param start its first instant
         */
        public ManualClock(Instant start) {
            this.now = new AtomicReference<>(Objects.requireNonNull(start, "start"));
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        /**
         * Moves the clock forward.
         *
         * @param duration how far, not negative
         * @return the new instant
         */
        public Instant advance(Duration duration) {
            if (duration.isNegative()) {
                throw new IllegalArgumentException("Cannot move the clock back by " + duration + "; advance it by zero or more");
            }
            return now.updateAndGet(t -> t.plus(duration));
        }

        @Override
        public String toString() {
            return "ManualClock[" + now.get() + "]";
        }
    }
}
