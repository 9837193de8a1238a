package io.whispeer.core;

import java.util.concurrent.CompletableFuture;

import io.whispeer.api.Envelope;
import io.whispeer.api.PublishReceipt;
import io.whispeer.api.SubscribeOptions;
import io.whispeer.api.TopicFilter;
import io.whispeer.core.router.EnvelopeRouter;
import io.whispeer.core.router.SubscriptionQueue;

/**
 * The embedded broker's upstream: its own router, reached directly. Publishes come from application threads,
 * which may park on a full BLOCK queue.
 *
 * @param router the router
 */
record LocalUpstream(EnvelopeRouter router) implements Upstream {
    @Override
    public CompletableFuture<PublishReceipt> publish(Envelope envelope) {
        return router.publish(envelope, router.localClient(), true);
    }

    @Override
    public void checkTopic(String topic) {
        router.checkTopic(topic);
    }

    @Override
    public TopicFilter parseFilter(String filter) {
        return router.parseFilter(filter);
    }

    @Override
    public SubscriptionQueue newQueue(TopicFilter filter, SubscribeOptions options, String payloadType) {
        return router.newQueue(filter, options, payloadType, router.localClient());
    }

    @Override
    public boolean attach(SubscriptionQueue queue) {
        return router.attach(queue);
    }

    @Override
    public boolean isClosed() {
        return router.isClosed();
    }
}
