package io.whispeer.api;

/**
 * The root of every exception whispeer throws on purpose. Messages name the offending value, the limit or rule it
 * broke, and how to fix it; they never contain key material or payload bytes.
 */
public class WhispeerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what went wrong, the limit, and the fix
     */
    public WhispeerException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and a cause.
     *
     * @param message what went wrong, the limit, and the fix
     * @param cause   the underlying failure
     */
    public WhispeerException(String message, Throwable cause) {
        super(message, cause);
    }
}
