package io.whispeer.api;

/**
 * A topic or topic filter breaks the topic rules (empty level, wildcard in a published topic, control character, misplaced multi-level wildcard, or over a length limit).
 */
public class InvalidTopicException extends WhispeerException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, the limit, and the fix
     */
    public InvalidTopicException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what went wrong, the limit, and the fix
     * @param cause   the underlying failure
     */
    public InvalidTopicException(String message, Throwable cause) {
        super(message, cause);
    }
}
