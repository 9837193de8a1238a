package io.whispeer.api;

/**
 * A message store could not do what was asked: it is closed, its storage failed (disk full, I/O error, a corrupt
 * file), or a cursor was used after it was closed. The message names the store, the operation and, where there is
 * one, the fix. A publish whose message could not be stored fails with this exception (or has it as its cause), so
 * nothing is acknowledged that was not stored.
 */
public class MessageStoreException extends WhispeerException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, the limit, and the fix
     */
    public MessageStoreException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what went wrong, the limit, and the fix
     * @param cause   the underlying failure
     */
    public MessageStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
