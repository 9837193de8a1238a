package io.whispeer.api;

import java.util.concurrent.CompletionStage;

/**
 * An asynchronous subscriber: it returns a stage that completes when the message is handled. The subscription
 * keeps at most {@link SubscribeOptions#maxInFlight()} stages outstanding (one by default, which keeps order)
 * without holding a thread while it waits.
 *
 * @param <T> the payload type
 */
@FunctionalInterface
public interface AsyncMessageHandler<T> {
    /**
     * Starts handling one message. Completing the stage normally acknowledges it; completing it exceptionally (or
     * throwing) counts as a handler error, as for {@link MessageHandler}.
     *
     * @param message the message
     * @return a stage that completes when the message is handled
     */
    CompletionStage<Void> onMessage(Message<T> message);
}
