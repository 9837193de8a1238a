package io.whispeer.api;

/**
 * A {@link OverflowPolicy#FAIL} subscription's queue was full; the subscription was closed with this as its reason.
 */
public class SubscriptionOverflowException extends WhispeerException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, the limit, and the fix
     */
    public SubscriptionOverflowException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what went wrong, the limit, and the fix
     * @param cause   the underlying failure
     */
    public SubscriptionOverflowException(String message, Throwable cause) {
        super(message, cause);
    }
}
