package io.whispeer.api;

/**
 * The broker (or the subscription) was closed; no further messages are accepted.
 */
public class BrokerClosedException extends WhispeerException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, the limit, and the fix
     */
    public BrokerClosedException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what went wrong, the limit, and the fix
     * @param cause   the underlying failure
     */
    public BrokerClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
