package io.whispeer.api;

/**
 * A synchronous subscriber. It runs on the subscription's own thread, one message at a time, in order.
 *
 * @param <T> the payload type
 */
@FunctionalInterface
public interface MessageHandler<T> {
    /**
     * Handles one message. Returning normally acknowledges it. Throwing is counted in
     * {@link SubscriptionStats#handlerErrors()}, reported to the subscription's error listener, and, under
     * {@link QoS#AT_LEAST_ONCE} or {@link QoS#EXACTLY_ONCE}, leads to redelivery.
     *
     * @param message the message
     * @throws Exception any failure of the handler
     */
    void onMessage(Message<T> message) throws Exception;
}
