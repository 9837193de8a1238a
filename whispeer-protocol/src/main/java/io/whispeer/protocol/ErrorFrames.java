package io.whispeer.protocol;

import io.whispeer.api.AuthorizationException;
import io.whispeer.api.BrokerClosedException;
import io.whispeer.api.ConfigurationException;
import io.whispeer.api.InvalidTopicException;
import io.whispeer.api.LimitExceededException;
import io.whispeer.api.MessageStoreException;
import io.whispeer.api.PublishTimeoutException;
import io.whispeer.api.SubscriptionOverflowException;
import io.whispeer.api.TransportException;
import io.whispeer.api.WhispeerException;
import io.whispeer.protocol.v1.Error;
import io.whispeer.protocol.v1.ErrorCode;
import io.whispeer.protocol.v1.Frame;

/**
 * The one mapping between whispeer's exceptions and ERROR frames, used by the server to report and by the client to
 * raise, so that a remote client fails with the same exception type an embedded broker throws. The message travels
 * as the exception's message, which never holds payload bytes or secrets.
 */
public final class ErrorFrames {
    private ErrorFrames() {
    }

    /**
     * Builds the ERROR frame that reports a failure.
     *
     * @param requestId the request it answers, or 0 for the connection
     * @param failure   the failure
     * @param fatal     whether the sender closes the connection after it
     * @return the frame
     */
    public static Frame error(long requestId, Throwable failure, boolean fatal) {
        return error(requestId, code(failure), String.valueOf(failure.getMessage()), fatal);
    }

    /**
     * Builds an ERROR frame.
     *
     * @param requestId the request it answers, or 0 for the connection
     * @param code      the code
     * @param message   what was wrong, the limit or rule, and the fix
     * @param fatal     whether the sender closes the connection after it
     * @return the frame
     */
    public static Frame error(long requestId, ErrorCode code, String message, boolean fatal) {
        return Frame.newBuilder().setError(Error.newBuilder().setRequestId(requestId).setCode(code).setMessage(message).setFatal(fatal))
                .build();
    }

    /**
     * {@return the code that reports a failure}
     *
     * @param failure the failure
     */
    public static ErrorCode code(Throwable failure) {
        return switch (failure) {
            case ProtocolException p -> p.code();
            case AuthorizationException a -> ErrorCode.ERROR_CODE_NOT_AUTHORIZED;
            case InvalidTopicException i -> ErrorCode.ERROR_CODE_INVALID_TOPIC;
            case LimitExceededException l -> ErrorCode.ERROR_CODE_LIMIT_EXCEEDED;
            case PublishTimeoutException t -> ErrorCode.ERROR_CODE_PUBLISH_TIMEOUT;
            case SubscriptionOverflowException o -> ErrorCode.ERROR_CODE_SUBSCRIPTION_OVERFLOW;
            case MessageStoreException s -> ErrorCode.ERROR_CODE_STORE_FAILED;
            case BrokerClosedException c -> ErrorCode.ERROR_CODE_SERVER_SHUTTING_DOWN;
            case ConfigurationException c -> ErrorCode.ERROR_CODE_REFUSED;
            case WhispeerException w -> ErrorCode.ERROR_CODE_REFUSED;
            default -> ErrorCode.ERROR_CODE_INTERNAL;
        };
    }

    /**
     * {@return the exception a client raises for an ERROR frame: the type an embedded broker would throw for the
     * same failure, with the server's message}
     *
     * @param error the frame
     */
    public static WhispeerException toException(Error error) {
        String message = error.getMessage();
        return switch (error.getCode()) {
            case ERROR_CODE_NOT_AUTHORIZED, ERROR_CODE_AUTHENTICATION_FAILED -> new AuthorizationException(message);
            case ERROR_CODE_INVALID_TOPIC -> new InvalidTopicException(message);
            case ERROR_CODE_LIMIT_EXCEEDED -> new LimitExceededException(message);
            case ERROR_CODE_PUBLISH_TIMEOUT -> new PublishTimeoutException(message);
            case ERROR_CODE_SUBSCRIPTION_OVERFLOW -> new SubscriptionOverflowException(message);
            case ERROR_CODE_STORE_FAILED -> new MessageStoreException(message);
            case ERROR_CODE_SERVER_SHUTTING_DOWN -> new BrokerClosedException(message);
            case ERROR_CODE_SLOW_CONSUMER, ERROR_CODE_IDLE_TIMEOUT, ERROR_CODE_HANDSHAKE_TIMEOUT -> new TransportException(message);
            case ERROR_CODE_REFUSED -> new WhispeerException(message);
            default -> new ProtocolException(error.getCode(), message);
        };
    }
}
