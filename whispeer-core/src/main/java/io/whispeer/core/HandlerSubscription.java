package io.whispeer.core;

import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import io.whispeer.api.AsyncMessageHandler;
import io.whispeer.api.Message;
import io.whispeer.api.MessageHandler;
import io.whispeer.api.SubscribeOptions;
import io.whispeer.api.TopicFilter;
import io.whispeer.api.TypeRef;

/** A subscription that calls a {@link MessageHandler} or an {@link AsyncMessageHandler}. */
final class HandlerSubscription<T> extends PushSubscription<T> {
    private final MessageHandler<T> sync;
    private final AsyncMessageHandler<T> async;
    private final int maxInFlight;

    private HandlerSubscription(CoreBroker broker, String id, TopicFilter filter, TypeRef<T> type, SubscribeOptions options,
                                Executor executor, MessageHandler<T> sync, AsyncMessageHandler<T> async) {
        super(broker, id, filter, type, options, executor);
        this.sync = sync;
        this.async = async;
        this.maxInFlight = async == null ? 1 : options.maxInFlight();
    }

    static <T> HandlerSubscription<T> sync(CoreBroker broker, String id, TopicFilter filter, TypeRef<T> type,
                                           SubscribeOptions options, Executor executor, MessageHandler<T> handler) {
        return new HandlerSubscription<>(broker, id, filter, type, options, executor, Objects.requireNonNull(handler, "handler"), null);
    }

    static <T> HandlerSubscription<T> async(CoreBroker broker, String id, TopicFilter filter, TypeRef<T> type,
                                            SubscribeOptions options, Executor executor, AsyncMessageHandler<T> handler) {
        return new HandlerSubscription<>(broker, id, filter, type, options, executor, null, Objects.requireNonNull(handler, "handler"));
    }

    @Override
    boolean ready() {
        return inFlight.get() < maxInFlight;
    }

    @Override
    CompletionStage<Void> invoke(Message<T> message) throws Exception {
        if (sync != null) {
            sync.onMessage(message);
            return null;
        }
        return Objects.requireNonNull(async.onMessage(message), "the async handler returned null instead of a CompletionStage");
    }
}
