package io.whispeer.api;

/**
 * A value could not be encoded, or bytes could not be decoded into the requested type. Codecs throw this and nothing else for bad input.
 */
public class CodecException extends WhispeerException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, the limit, and the fix
     */
    public CodecException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what went wrong, the limit, and the fix
     * @param cause   the underlying failure
     */
    public CodecException(String message, Throwable cause) {
        super(message, cause);
    }
}
