package io.whispeer.api;

/**
 * Sealing or opening an envelope failed for a reason other than authentication: an unknown key id, a key of the wrong size, or an exhausted key.
 */
public class EncryptionException extends WhispeerException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, the limit, and the fix
     */
    public EncryptionException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what went wrong, the limit, and the fix
     * @param cause   the underlying failure
     */
    public EncryptionException(String message, Throwable cause) {
        super(message, cause);
    }
}
