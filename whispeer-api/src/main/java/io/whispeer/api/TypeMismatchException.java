package io.whispeer.api;

/**
 * A publish or subscribe used a type other than the one declared for the topic. The message names both types and the declaring filter.
 */
public class TypeMismatchException extends WhispeerException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, the limit, and the fix
     */
    public TypeMismatchException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what went wrong, the limit, and the fix
     * @param cause   the underlying failure
     */
    public TypeMismatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
