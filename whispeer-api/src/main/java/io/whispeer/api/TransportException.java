package io.whispeer.api;

/**
 * A transport failed to bind, connect, send or receive a frame.
 */
public class TransportException extends WhispeerException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, the limit, and the fix
     */
    public TransportException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what went wrong, the limit, and the fix
     * @param cause   the underlying failure
     */
    public TransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
