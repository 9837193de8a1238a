package io.whispeer.core;

import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import io.whispeer.api.AsyncMessageHandler;
import io.whispeer.api.Envelope;
import io.whispeer.api.Message;
import io.whispeer.api.MessageHandler;
import io.whispeer.api.QoS;
import io.whispeer.api.SubscribeOptions;
import io.whispeer.api.TypeRef;
import io.whispeer.core.router.Sink;

/**
 * Opens and decodes each message and calls a {@link MessageHandler} (synchronously) or an
 * {@link AsyncMessageHandler} (up to {@code maxInFlight} stages outstanding). Under EXACTLY_ONCE it skips ids it
 * has handled recently.
 *
 * @param <T> the payload type
 */
final class HandlerSink<T> implements Sink {
    private final TypedLayer layer;
    private final TypeRef<T> type;
    private final MessageHandler<T> sync;
    private final AsyncMessageHandler<T> async;
    private final int maxInFlight;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final DedupWindow dedup;

    private HandlerSink(TypedLayer layer, TypeRef<T> type, SubscribeOptions options, MessageHandler<T> sync, AsyncMessageHandler<T> async) {
        this.layer = layer;
        this.type = type;
        this.sync = sync;
        this.async = async;
        this.maxInFlight = async == null ? 1 : options.maxInFlight();
        this.dedup = options.qos() == QoS.EXACTLY_ONCE ? new DedupWindow(options.dedupWindow()) : null;
    }

    static <T> HandlerSink<T> sync(TypedLayer layer, TypeRef<T> type, SubscribeOptions options, MessageHandler<T> handler) {
        return new HandlerSink<>(layer, type, options, Objects.requireNonNull(handler, "handler"), null);
    }

    static <T> HandlerSink<T> async(TypedLayer layer, TypeRef<T> type, SubscribeOptions options, AsyncMessageHandler<T> handler) {
        return new HandlerSink<>(layer, type, options, null, Objects.requireNonNull(handler, "handler"));
    }

    @Override
    public boolean ready() {
        return async == null || inFlight.get() < maxInFlight;
    }

    @Override
    public int deliver(Envelope envelope, long sequence, int deliveryCount, Completion completion) throws Exception {
        Message<T> message = layer.open(envelope, type, deliveryCount);
        if (dedup != null && dedup.contains(message.id())) {
            return DUPLICATE;
        }
        if (sync != null) {
            sync.onMessage(message);
            if (dedup != null) {
                dedup.add(message.id());
            }
            return DELIVERED;
        }
        CompletionStage<Void> stage = Objects.requireNonNull(async.onMessage(message),
                "the async handler returned null instead of a CompletionStage");
        inFlight.incrementAndGet();
        stage.whenComplete((ignored, failure) -> {
            inFlight.decrementAndGet();
            if (failure == null && dedup != null) {
                dedup.add(message.id());
            }
            completion.complete(envelope, sequence, deliveryCount, failure);
        });
        return PENDING;
    }

    @Override
    public void end(Throwable reason) {
        // Handlers learn nothing at the end; Subscription.whenClosed() tells the application.
    }
}
