package io.whispeer.core;

import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;

import io.whispeer.api.Envelope;
import io.whispeer.api.Message;
import io.whispeer.api.TypeRef;
import io.whispeer.core.router.PushDispatcher;
import io.whispeer.core.router.Sink;
import io.whispeer.core.router.SubscriptionQueue;

/**
 * Feeds one {@link Flow.Subscriber} and is its {@link Flow.Subscription}. Demand gates the dispatcher
 * ({@link #ready()}); every signal after {@code onSubscribe} comes from the dispatcher's drain task (or, once the
 * executor is gone, the thread that ended the subscription), one at a time, as Reactive Streams rule 1.3 requires.
 *
 * <p>{@code request(n)} with {@code n <= 0} closes the queue with an {@link IllegalArgumentException}, which the
 * subscriber receives as {@code onError} (rule 3.9); {@code cancel()} closes it without a signal (rules 3.5, 3.7).
 * Demand is capped at {@code Long.MAX_VALUE} (rule 3.17).
 *
 * @param <T> the payload type
 */
final class FlowSink<T> implements Sink, Flow.Subscription {
    private final TypedLayer layer;
    private final TypeRef<T> type;
    private final Flow.Subscriber<? super Message<T>> subscriber;
    private final SubscriptionQueue queue;
    private final AtomicLong demand = new AtomicLong();
    private volatile boolean cancelled;
    private PushDispatcher dispatcher;

    FlowSink(TypedLayer layer, TypeRef<T> type, Flow.Subscriber<? super Message<T>> subscriber, SubscriptionQueue queue) {
        this.layer = layer;
        this.type = type;
        this.subscriber = subscriber;
        this.queue = queue;
    }

    void dispatcher(PushDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public void request(long n) {
        if (n <= 0) {
            queue.close(new IllegalArgumentException("Flow.Subscription.request(" + n + "): demand must be positive (Reactive Streams rule 3.9)"));
            return;
        }
        demand.accumulateAndGet(n, (current, add) -> current + add < 0 ? Long.MAX_VALUE : current + add);
        dispatcher.available();
    }

    @Override
    public void cancel() {
        cancelled = true;
        queue.close(null);
    }

    @Override
    public boolean ready() {
        return !cancelled && demand.get() > 0;
    }

    @Override
    public int deliver(Envelope envelope, long sequence, int deliveryCount, Completion completion) throws Exception {
        Message<T> message = layer.open(envelope, type, deliveryCount);
        demand.decrementAndGet();
        subscriber.onNext(message);
        return DELIVERED;
    }

    @Override
    public void end(Throwable reason) {
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
