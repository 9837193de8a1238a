package io.whispeer.api.spi;

import java.util.List;

/**
 * Reads the result of {@link MessageStore#replay} page by page. A cursor is a snapshot: it returns the matching
 * messages that were stored when it was opened and none appended later.
 *
 * <p>A cursor is used by one thread at a time (the subscription's own thread; never an I/O event loop), so
 * {@link #next(int)} may block on storage. Close it when done, also when it was not read to the end; closing an
 * open cursor must release what it holds (statements, snapshots) and must not affect the store.
 */
public interface ReplayCursor extends AutoCloseable {
    /**
     * The next page of messages, in the order the store appended them.
     *
     * @param max the most messages to return, 1 or more
     * @return 1 to {@code max} messages, or an empty list when the replay is exhausted; every later call then
     *         returns an empty list too
     * @throws IllegalArgumentException when {@code max} is below 1; the message names the value and the range
     * @throws io.whispeer.api.MessageStoreException when the cursor or its store is closed, or storage fails
     */
    List<StoredEnvelope> next(int max);

    /** Releases the cursor. Idempotent; {@link #next(int)} afterwards throws {@link io.whispeer.api.MessageStoreException}. */
    @Override
    void close();
}
