package io.whispeer.core;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;

import io.whispeer.api.Message;
import io.whispeer.api.SubscribeOptions;
import io.whispeer.api.TopicFilter;
import io.whispeer.api.TypeRef;

/**
 * A broker subscription that feeds one {@link Flow.Subscriber}, honouring its demand. Every signal after
 * {@code onSubscribe} comes from the drain task, so signals are serialized as Reactive Streams requires.
 */
final class FlowSubscription<T> extends PushSubscription<T> implements Flow.Subscription {
    private final Flow.Subscriber<? super Message<T>> subscriber;
    private final AtomicLong demand = new AtomicLong();
    private volatile boolean cancelled;

    FlowSubscription(CoreBroker broker, String id, TopicFilter filter, TypeRef<T> type, SubscribeOptions options, Executor executor,
                     Flow.Subscriber<? super Message<T>> subscriber) {
        super(broker, id, filter, type, options, executor);
        this.subscriber = subscriber;
    }

    @Override
    public void request(long n) {
        if (n <= 0) {
            closeNow(new IllegalArgumentException("Flow.Subscription.request(" + n + "): demand must be positive (Reactive Streams rule 3.9)"));
            return;
        }
        demand.accumulateAndGet(n, (current, add) -> current + add < 0 ? Long.MAX_VALUE : current + add);
        signal();
    }

    @Override
    public void cancel() {
        cancelled = true;
        closeNow(null);
    }

    @Override
    boolean ready() {
        return !cancelled && demand.get() > 0 && inFlight.get() == 0;
    }

    @Override
    CompletionStage<Void> invoke(Message<T> message) {
        demand.decrementAndGet();
        subscriber.onNext(message);
        return null;
    }

    @Override
    void terminated(Throwable reason) {
        if (cancelled) {
            return;
        }
        if (reason == null) {
            subscriber.onComplete();
        } else {
            subscriber.onError(reason);
        }
    }
}
