package io.whispeer.api;

/**
 * A sealed message did not authenticate: the AEAD tag check failed. The cause is a wrong key, or a changed header,
 * payload, nonce, topic, id, timestamp or user headers, or truncation; the engine gives no further detail on purpose,
 * so that a caller cannot learn which check failed.
 *
 * <p>This is about the integrity of one message, not about who a client is: a client whose credentials a broker
 * refuses gets another exception.
 */
public class MessageAuthenticationException extends EncryptionException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed to authenticate; never key material or plaintext
     */
    public MessageAuthenticationException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what failed to authenticate; never key material or plaintext
     * @param cause   the underlying failure
     */
    public MessageAuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
