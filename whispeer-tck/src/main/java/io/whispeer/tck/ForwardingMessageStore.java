package io.whispeer.tck;

import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;

import io.whispeer.api.Envelope;
import io.whispeer.api.Replay;
import io.whispeer.api.TopicFilter;
import io.whispeer.api.spi.Durability;
import io.whispeer.api.spi.MessageStore;
import io.whispeer.api.spi.ReplayCursor;
import io.whispeer.api.spi.Retention;

/**
 * A {@link MessageStore} that passes every call to another one: extend it and override what a test (or a wrapper,
 * such as a store that counts or fails on purpose) changes.
 */
public abstract class ForwardingMessageStore implements MessageStore {
    /** The store calls go to. */
    protected final MessageStore delegate;

    /**
     * Wraps a store.
     *
     * @param delegate the store calls go to
     */
    protected ForwardingMessageStore(MessageStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public Durability durability() {
        return delegate.durability();
    }

    @Override
    public CompletionStage<Long> append(Envelope envelope) {
        return delegate.append(envelope);
    }

    @Override
    public ReplayCursor replay(TopicFilter filter, Replay from) {
        return delegate.replay(filter, from);
    }

    @Override
    public OptionalLong lastSequence(String topic) {
        return delegate.lastSequence(topic);
    }

    @Override
    public CompletionStage<Void> savePosition(String consumer, String topic, long ackedUpTo) {
        return delegate.savePosition(consumer, topic, ackedUpTo);
    }

    @Override
    public OptionalLong position(String consumer, String topic) {
        return delegate.position(consumer, topic);
    }

    @Override
    public CompletionStage<Long> applyRetention(Retention retention) {
        return delegate.applyRetention(retention);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
