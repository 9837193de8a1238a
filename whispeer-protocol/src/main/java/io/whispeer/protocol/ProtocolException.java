package io.whispeer.protocol;

import java.util.Objects;

import io.whispeer.api.WhispeerException;
import io.whispeer.protocol.v1.ErrorCode;

/**
 * Bytes or a frame that break the wire protocol: bad Protobuf, no or an unknown frame kind, a missing or invalid
 * field, a frame, topic or headers over a limit, an envelope that does not parse. The only exception
 * {@link Frames#decode} and the {@link EnvelopeFrames} conversions throw for bad input; the message names the value,
 * the limit or rule and, for limits, the setting. A server answers it with an ERROR frame carrying {@link #code()}.
 */
public final class ProtocolException extends WhispeerException {
    private static final long serialVersionUID = 1L;
    /** The code, kept as its wire number so that the exception stays serializable without the generated enum. */
    private final int code;

    /**
     * Creates an exception.
     *
     * @param code    the error code an ERROR frame would carry; must not be {@code UNRECOGNIZED}
     * @param message what is wrong, the limit or rule, and the fix
     */
    public ProtocolException(ErrorCode code, String message) {
        super(message);
        this.code = checked(code);
    }

    /**
     * Creates an exception with a cause.
     *
     * @param code    the error code an ERROR frame would carry; must not be {@code UNRECOGNIZED}
     * @param message what is wrong, the limit or rule, and the fix
     * @param cause   the underlying failure
     */
    public ProtocolException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = checked(code);
    }

    /** {@return the error code an ERROR frame answering this carries} */
    public ErrorCode code() {
        return ErrorCode.forNumber(code);
    }

    private static int checked(ErrorCode code) {
        if (Objects.requireNonNull(code, "code") == ErrorCode.UNRECOGNIZED) {
            throw new IllegalArgumentException("ErrorCode.UNRECOGNIZED has no wire number; use a defined code");
        }
        return code.getNumber();
    }
}
