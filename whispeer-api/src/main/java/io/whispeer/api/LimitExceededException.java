package io.whispeer.api;

/**
 * A value crossed a configured limit (message size, header size, queue depth, decompressed size, ...). The message names the value, the limit and the setting that changes it.
 */
public class LimitExceededException extends WhispeerException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, the limit, and the fix
     */
    public LimitExceededException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what went wrong, the limit, and the fix
     * @param cause   the underlying failure
     */
    public LimitExceededException(String message, Throwable cause) {
        super(message, cause);
    }
}
