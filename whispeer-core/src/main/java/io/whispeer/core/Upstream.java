package io.whispeer.core;

import java.util.concurrent.CompletableFuture;

import io.whispeer.api.Envelope;
import io.whispeer.api.PublishReceipt;
import io.whispeer.api.SubscribeOptions;
import io.whispeer.api.TopicFilter;
import io.whispeer.core.router.SubscriptionQueue;

/**
 * Where the {@link TypedLayer} sends the envelopes it sealed and gets the queues its subscriptions read: the local
 * {@link io.whispeer.core.router.EnvelopeRouter} in an embedded broker ({@link LocalUpstream}), a protocol
 * connection in a remote client. Either way the typed layer's code is the same.
 */
public interface Upstream {
    /**
     * Sends a sealed envelope. In-process, the call may park the caller on a full BLOCK queue.
     *
     * @param envelope the envelope
     * @return completes with the receipt
     */
    CompletableFuture<PublishReceipt> publish(Envelope envelope);

    /**
     * Validates a concrete topic.
     *
     * @param topic the topic
     * @throws io.whispeer.api.InvalidTopicException when it is invalid or has a wildcard
     */
    void checkTopic(String topic);

    /**
     * Parses a filter under the upstream's topic rules.
     *
     * @param filter the filter text
     * @return the filter
     * @throws io.whispeer.api.InvalidTopicException when it is invalid
     */
    TopicFilter parseFilter(String filter);

    /**
     * Creates the queue of a new subscription, not yet fed: plug a consumer in, then {@link #attach} it.
     *
     * @param filter      the filter
     * @param options     the subscription's options
     * @param payloadType the payload type's name, for stats and plugins
     * @return the queue
     */
    SubscriptionQueue newQueue(TopicFilter filter, SubscribeOptions options, String payloadType);

    /**
     * Starts feeding a queue. Never throws: when that is no longer possible, the queue is closed with the reason.
     *
     * @param queue the queue, with its consumer
     * @return whether it is fed
     */
    boolean attach(SubscriptionQueue queue);

    /** {@return whether the upstream is closed for good} */
    boolean isClosed();
}
