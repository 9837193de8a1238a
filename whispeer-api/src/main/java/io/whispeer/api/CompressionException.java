package io.whispeer.api;

/**
 * A compression engine failed. Decompressing corrupt, truncated or oversized input throws this (never an {@link OutOfMemoryError} or a native crash).
 */
public class CompressionException extends WhispeerException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, the limit, and the fix
     */
    public CompressionException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what went wrong, the limit, and the fix
     * @param cause   the underlying failure
     */
    public CompressionException(String message, Throwable cause) {
        super(message, cause);
    }
}
