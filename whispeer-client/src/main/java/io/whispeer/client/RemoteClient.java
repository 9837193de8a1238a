package io.whispeer.client;

import java.net.URI;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

import io.whispeer.api.AsyncMessageHandler;
import io.whispeer.api.ConnectionState;
import io.whispeer.api.ConnectionStateListener;
import io.whispeer.api.Headers;
import io.whispeer.api.Message;
import io.whispeer.api.MessageHandler;
import io.whispeer.api.MessageStream;
import io.whispeer.api.PublishReceipt;
import io.whispeer.api.RemotePubSub;
import io.whispeer.api.SubscribeOptions;
import io.whispeer.api.Subscription;
import io.whispeer.api.TypeRef;
import io.whispeer.core.RemoteTypedLayer;

/**
 * The {@link RemotePubSub} applications get: the typed layer for the {@code PubSub} methods, the session for the
 * connection's state, drain and close.
 */
final class RemoteClient implements RemotePubSub {
    private final RemoteTypedLayer typed;
    private final ClientSession session;
    private final java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();

    RemoteClient(RemoteTypedLayer typed, ClientSession session) {
        this.typed = typed;
        this.session = session;
    }

    @Override
    public <T> CompletableFuture<PublishReceipt> publish(String topic, T payload, Headers headers) {
        return typed.publish(topic, payload, headers);
    }

    @Override
    public <T> Subscription subscribe(String filter, TypeRef<T> type, MessageHandler<T> handler, SubscribeOptions options) {
        return typed.subscribe(filter, type, handler, options);
    }

    @Override
    public <T> Subscription subscribeAsync(String filter, TypeRef<T> type, AsyncMessageHandler<T> handler, SubscribeOptions options) {
        return typed.subscribeAsync(filter, type, handler, options);
    }

    @Override
    public <T> Flow.Publisher<Message<T>> publisher(String filter, TypeRef<T> type, SubscribeOptions options) {
        return typed.publisher(filter, type, options);
    }

    @Override
    public <T> MessageStream<T> stream(String filter, TypeRef<T> type, SubscribeOptions options) {
        return typed.stream(filter, type, options);
    }

    @Override
    public URI endpoint() {
        return session.endpoint();
    }

    @Override
    public ConnectionState state() {
        return session.state();
    }

    @Override
    public void addStateListener(ConnectionStateListener listener) {
        session.addStateListener(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public CompletableFuture<Void> drain() {
        return session.drain().whenComplete((ok, failure) -> release());
    }

    @Override
    public void close() {
        session.close();
        release();
    }

    /** Stops the typed layer's handlers and releases its engines, once the session has ended the subscriptions. */
    private void release() {
        if (released.compareAndSet(false, true)) {
            typed.close();
        }
    }

    /** {@return the session, for tests} */
    ClientSession session() {
        return session;
    }

    @Override
    public String toString() {
        return "RemotePubSub[" + session.endpoint() + ", " + session.state() + "]";
    }
}
