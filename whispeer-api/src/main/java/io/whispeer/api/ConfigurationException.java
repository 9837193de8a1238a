package io.whispeer.api;

/**
 * The broker cannot be built as configured: a missing or ambiguous provider, a bad setting, or a conflicting declaration. Thrown by {@code build()} and by SPI selection, never later on the message path.
 */
public class ConfigurationException extends WhispeerException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, the limit, and the fix
     */
    public ConfigurationException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what went wrong, the limit, and the fix
     * @param cause   the underlying failure
     */
    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
