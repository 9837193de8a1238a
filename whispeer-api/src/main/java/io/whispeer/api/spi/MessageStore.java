package io.whispeer.api.spi;

import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;

import io.whispeer.api.Envelope;
import io.whispeer.api.MessageStoreException;
import io.whispeer.api.Replay;
import io.whispeer.api.TopicFilter;

/**
 * Persists sealed envelopes for the broker's envelope router: the router appends a message before it acknowledges
 * the publish, and replays stored messages to a subscription that asks for history. A store sees only
 * {@link Envelope}s: routing metadata in the clear and a sealed payload it cannot open. Created by a
 * {@link MessageStoreProvider}; {@code whispeer-tck}'s {@code MessageStoreCompatibilityKit} checks every contract
 * below.
 *
 * <h2>Sequences</h2>
 * Every topic numbers its messages: the first message appended to a topic has sequence 1 and each further append
 * the next number, with no gaps and no duplicates, also under concurrent appends from many threads. Numbers of
 * messages removed by retention are never reused, so {@link #lastSequence(String)} keeps counting after the
 * messages are gone.
 *
 * <h2>Durability and ordering</h2>
 * The stage returned by {@link #append(Envelope)} must complete only once the message is as durable as
 * {@link #durability()} says, and the stages of one topic must complete in sequence order: when the stage of
 * sequence {@code n} has completed, a replay opened afterwards sees sequences 1 to {@code n} of that topic (those
 * that retention has not removed). Across topics, the store keeps one append order, which replays follow.
 *
 * <h2>Threads</h2>
 * Every method must be safe to call from many threads at once. {@link #append}, {@link #savePosition} and
 * {@link #applyRetention} return stages and must not block the caller for storage I/O (the router calls them on
 * I/O event loops); their stages may complete on a thread of the store, so callers must not block in dependent
 * actions. {@link #replay}, {@link #position} and {@link #lastSequence} may block; the router calls them from a
 * subscription's own thread.
 *
 * <h2>Bad input and failures</h2>
 * <ul>
 *   <li>A {@code null} argument must be refused with a {@link NullPointerException} that names the parameter,
 *       thrown by the call itself, as everywhere in whispeer's API.</li>
 *   <li>An argument out of range (a replay page size below 1, a position below 1, an empty consumer name) must be
 *       refused with an {@link IllegalArgumentException} thrown by the call itself, whose message names the value
 *       and the allowed range.</li>
 *   <li>A storage failure must fail the returned stage (or be thrown, for the methods without one) with a
 *       {@link MessageStoreException} that names the operation and the topic, with the storage error as its
 *       cause.</li>
 *   <li>After {@link #close()}, every method but {@code close} and {@link #durability()} must throw
 *       {@link MessageStoreException} saying that the store is closed. An append that is in flight when the store
 *       is closed either completes or fails with that exception; it never stays incomplete.</li>
 * </ul>
 */
public interface MessageStore extends AutoCloseable {
    /** {@return what a completed append promises; fixed for the life of the store} */
    Durability durability();

    /**
     * Stores an envelope at the end of its topic.
     *
     * @param envelope the envelope; its topic is a concrete topic that the router has checked
     * @return a stage that completes with the envelope's sequence number in its topic once it is as durable as
     *         {@link #durability()} promises, or fails with {@link MessageStoreException} when it could not be
     *         stored
     * @throws MessageStoreException when the store is closed
     */
    CompletionStage<Long> append(Envelope envelope);

    /**
     * Opens a cursor over the stored messages that match a filter, from a start. The cursor sees every matching
     * message whose append stage completed before this call, and none appended after this call returned;
     * the router relies on this to tell replayed from live messages by sequence. Messages come in the store's
     * append order across topics; {@link Replay} says which messages of each topic are included:
     * <ul>
     *   <li>{@link Replay.FromSequence}: those with a sequence at or above the given one;</li>
     *   <li>{@link Replay.FromTime}: those with {@link StoredEnvelope#storedAt()} at or after the given instant;</li>
     *   <li>{@link Replay.LastN}: the last {@code n} stored of each topic;</li>
     *   <li>{@link Replay.LastValue}: the last stored of each topic.</li>
     * </ul>
     * A filter matches topics as {@link TopicFilter#matches(String)} does: a wildcard in the first level does not
     * match topics that start with {@code $}.
     *
     * @param filter which topics to replay
     * @param from   where each topic's replay starts
     * @return the cursor; the caller must close it
     * @throws MessageStoreException when the store is closed or storage fails
     */
    ReplayCursor replay(TopicFilter filter, Replay from);

    /**
     * The sequence number of the last message appended to a topic, even when retention has removed it since.
     *
     * @param topic a concrete topic
     * @return the last sequence whose append stage completed, or empty when nothing was ever appended to the topic
     * @throws MessageStoreException when the store is closed or storage fails
     */
    OptionalLong lastSequence(String topic);

    /**
     * Records how far a durable consumer has acknowledged a topic. Positions only move forward: a value lower than
     * (or equal to) the stored one must be ignored. Positions are independent of retention.
     *
     * @param consumer  the durable consumer's name, not empty
     * @param topic     a concrete topic
     * @param ackedUpTo the highest sequence the consumer has acknowledged, with everything before it; 1 or more
     * @return a stage that completes once the position is as durable as {@link #durability()} promises
     * @throws IllegalArgumentException when {@code consumer} is empty or {@code ackedUpTo} is below 1
     * @throws MessageStoreException    when the store is closed
     */
    CompletionStage<Void> savePosition(String consumer, String topic, long ackedUpTo);

    /**
     * The position a durable consumer saved for a topic.
     *
     * @param consumer the durable consumer's name, not empty
     * @param topic    a concrete topic
     * @return the highest {@code ackedUpTo} saved for this consumer and topic, or empty when none was saved
     * @throws IllegalArgumentException when {@code consumer} is empty
     * @throws MessageStoreException    when the store is closed or storage fails
     */
    OptionalLong position(String consumer, String topic);

    /**
     * Removes the messages that fall outside a retention: those older than its maximum age by the store's clock,
     * and in each topic those before its last {@code maxMessagesPerTopic}. Sequence numbers of removed messages
     * must never be given to new messages, and {@link #lastSequence(String)} does not change. Cursors that are
     * already open may still return removed messages.
     *
     * @param retention what to keep; {@link Retention#none()} removes nothing
     * @return a stage that completes with the number of messages removed, once the removal is durable
     * @throws MessageStoreException when the store is closed
     */
    CompletionStage<Long> applyRetention(Retention retention);

    /**
     * Closes the store: waits for appends in flight (or fails them), releases files, connections and threads.
     * Idempotent; afterwards every other method but {@link #durability()} throws {@link MessageStoreException}.
     * Messages whose append stage completed stay as durable as {@link #durability()} promised.
     */
    @Override
    void close();
}
