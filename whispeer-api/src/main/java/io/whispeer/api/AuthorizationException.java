package io.whispeer.api;

/**
 * A publish or subscribe was refused by an authorization decision (a plugin's
 * {@link io.whispeer.api.spi.Plugin#authorizePublish} or {@link io.whispeer.api.spi.Plugin#authorizeSubscribe}).
 * Only that request fails: the broker, and a remote client's connection, stay usable.
 */
public class AuthorizationException extends WhispeerException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what was refused, by whom, and the reason the decision gave
     */
    public AuthorizationException(String message) {
        super(message);
    }
}
