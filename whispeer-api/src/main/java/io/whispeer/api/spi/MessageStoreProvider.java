package io.whispeer.api.spi;

import java.time.InstantSource;

/**
 * Provides a {@link MessageStore}, the broker's persistence for replay, retention and durable consumer positions.
 * Register with {@code provides io.whispeer.api.spi.MessageStoreProvider with ...}. Like every provider it is
 * cheap: a {@code public final} class with a public no-arg constructor that opens nothing until
 * {@link #create} is called.
 */
public interface MessageStoreProvider {
    /** {@return the lowercase name used in settings and error messages, such as {@code sqlite}} */
    String name();

    /**
     * Creates (or opens) the store.
     *
     * @param settings the broker's settings; a store reads keys under {@code whispeer.store.} (for example the file
     *                 of a SQLite store)
     * @param clock    the clock that stamps {@link StoredEnvelope#storedAt()} and that
     *                 {@link MessageStore#applyRetention(Retention)} measures ages with; the store must read time from
     *                 it and nowhere else
     * @return the store, open
     * @throws io.whispeer.api.ConfigurationException when a setting is invalid
     * @throws io.whispeer.api.MessageStoreException  when the storage cannot be opened
     */
    MessageStore create(Settings settings, InstantSource clock);
}
