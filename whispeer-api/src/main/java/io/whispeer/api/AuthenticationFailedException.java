package io.whispeer.api;

/**
 * An envelope did not authenticate: wrong key, changed header, payload, topic, id, timestamp or user headers, or truncation. The engine gives no further detail on purpose.
 */
public class AuthenticationFailedException extends EncryptionException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, the limit, and the fix
     */
    public AuthenticationFailedException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what went wrong, the limit, and the fix
     * @param cause   the underlying failure
     */
    public AuthenticationFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
