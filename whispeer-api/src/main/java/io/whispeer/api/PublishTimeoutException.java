package io.whispeer.api;

/**
 * A publish waited for room in a full {@link OverflowPolicy#BLOCK} subscription longer than its block timeout.
 */
public class PublishTimeoutException extends WhispeerException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, the limit, and the fix
     */
    public PublishTimeoutException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what went wrong, the limit, and the fix
     * @param cause   the underlying failure
     */
    public PublishTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
