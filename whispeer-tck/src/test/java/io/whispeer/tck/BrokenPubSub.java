package io.whispeer.tck;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.whispeer.api.AsyncMessageHandler;
import io.whispeer.api.BrokerClosedException;
import io.whispeer.api.Headers;
import io.whispeer.api.Message;
import io.whispeer.api.MessageHandler;
import io.whispeer.api.MessageId;
import io.whispeer.api.MessageInfo;
import io.whispeer.api.MessageStream;
import io.whispeer.api.PubSub;
import io.whispeer.api.PublishReceipt;
import io.whispeer.api.SubscribeOptions;
import io.whispeer.api.Subscription;
import io.whispeer.api.SubscriptionStats;
import io.whispeer.api.TopicFilter;
import io.whispeer.api.TypeMismatchException;
import io.whispeer.api.TypeRef;

/**
 * A deliberately broken in-memory {@link PubSub} for {@link KitsCanFailTest}: synchronous handlers only, delivered on
 * the publisher's thread, with one {@link Flaw}. It is not a reference implementation (the embedded broker is); the
 * methods the checked kit cases do not use throw {@link UnsupportedOperationException}.
 */
final class BrokenPubSub implements PubSub {
    /** What is wrong with it. */
    enum Flaw {
        /** Every tenth publish reaches no subscriber, though its receipt says it was queued. */
        DROPS_EVERY_TENTH,
        /** Filters match only the topic spelled the same, so wildcards match nothing. */
        IGNORES_WILDCARDS,
        /** Declared topic types are never checked. */
        IGNORES_TYPES
    }

    private final Flaw flaw;
    private final PubSubSpec spec;
    private final List<Sub> subscriptions = new CopyOnWriteArrayList<>();
    private final AtomicLong published = new AtomicLong();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile boolean closed;

    BrokenPubSub(Flaw flaw, PubSubSpec spec) {
        this.flaw = flaw;
        this.spec = spec;
    }

    @Override
    public <T> CompletableFuture<PublishReceipt> publish(String topic, T payload, Headers headers) {
        TopicFilter.checkTopic(topic);
        ensureOpen();
        if (flaw != Flaw.IGNORES_TYPES) {
            for (Map.Entry<String, Class<?>> declared : spec.topicTypes().entrySet()) {
                if (TopicFilter.parse(declared.getKey()).matches(topic) && !declared.getValue().isInstance(payload)) {
                    throw new TypeMismatchException("'" + declared.getKey() + "' carries " + declared.getValue().getName() + ", not "
                            + payload.getClass().getName());
                }
            }
        }
        boolean lost = flaw == Flaw.DROPS_EVERY_TENTH && published.incrementAndGet() % 10 == 0;
        MessageId id = MessageId.generate();
        Instant now = spec.clock().instant();
        int matched = 0;
        for (Sub sub : subscriptions) {
            if (sub.matches(topic)) {
                matched++;
                if (!lost) {
                    sub.deliver(new Delivered<>(topic, id, now, headers, payload));
                }
            }
        }
        return CompletableFuture.completedFuture(new Receipt(id, topic, matched));
    }

    @Override
    public <T> Subscription subscribe(String filter, TypeRef<T> type, MessageHandler<T> handler, SubscribeOptions options) {
        TopicFilter parsed = TopicFilter.parse(filter);
        ensureOpen();
        Sub sub = new Sub("s" + ids.incrementAndGet(), parsed, handler);
        subscriptions.add(sub);
        return sub;
    }

    @Override
    public <T> Subscription subscribeAsync(String filter, TypeRef<T> type, AsyncMessageHandler<T> handler, SubscribeOptions options) {
        throw new UnsupportedOperationException("BrokenPubSub has synchronous handlers only");
    }

    @Override
    public <T> Flow.Publisher<Message<T>> publisher(String filter, TypeRef<T> type, SubscribeOptions options) {
        throw new UnsupportedOperationException("BrokenPubSub has synchronous handlers only");
    }

    @Override
    public <T> MessageStream<T> stream(String filter, TypeRef<T> type, SubscribeOptions options) {
        throw new UnsupportedOperationException("BrokenPubSub has synchronous handlers only");
    }

    @Override
    public void close() {
        closed = true;
        subscriptions.forEach(Sub::close);
    }

    private void ensureOpen() {
        if (closed) {
            throw new BrokerClosedException("closed");
        }
    }

    /** A subscription whose handler runs on the publisher's thread, one message at a time. */
    private final class Sub implements Subscription {
        private final String id;
        private final TopicFilter filter;
        private final MessageHandler<?> handler;
        private final CompletableFuture<Void> closedFuture = new CompletableFuture<>();

        Sub(String id, TopicFilter filter, MessageHandler<?> handler) {
            this.id = id;
            this.filter = filter;
            this.handler = handler;
        }

        boolean matches(String topic) {
            return flaw == Flaw.IGNORES_WILDCARDS ? filter.text().equals(topic) : filter.matches(topic);
        }

        @SuppressWarnings("unchecked")
        synchronized void deliver(Message<?> message) {
            try {
                ((MessageHandler<Object>) handler).onMessage((Message<Object>) message);
            } catch (Exception e) {
                // failures of handlers are not what these flaws are about
            }
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String name() {
            return id;
        }

        @Override
        public TopicFilter filter() {
            return filter;
        }

        @Override
        public SubscriptionStats stats() {
            throw new UnsupportedOperationException("BrokenPubSub keeps no stats");
        }

        @Override
        public boolean isOpen() {
            return !closedFuture.isDone();
        }

        @Override
        public CompletableFuture<Void> whenClosed() {
            return closedFuture;
        }

        @Override
        public void close() {
            subscriptions.remove(this);
            closedFuture.complete(null);
        }
    }

    private record Delivered<T>(String topic, MessageId id, Instant timestamp, Headers headers, T payload) implements Message<T> {
        @Override
        public int deliveryCount() {
            return 1;
        }

        @Override
        public MessageInfo info() {
            return PLAIN;
        }

        @Override
        public String toString() {
            return "Message[" + topic + ", " + id + "]";
        }
    }

    /** What every message of this in-memory PubSub travelled as: nothing, it never left the JVM as bytes. */
    private static final MessageInfo PLAIN = new MessageInfo() {
        @Override
        public String codec() {
            return "none";
        }

        @Override
        public String compression() {
            return "none";
        }

        @Override
        public String cipher() {
            return "none";
        }

        @Override
        public int keyId() {
            return 0;
        }

        @Override
        public java.util.OptionalInt dictionaryId() {
            return java.util.OptionalInt.empty();
        }

        @Override
        public int sealedSize() {
            return 0;
        }
    };

    private record Receipt(MessageId id, String topic, int matched) implements PublishReceipt {
        @Override
        public int queued() {
            return matched;
        }

        @Override
        public int dropped() {
            return 0;
        }

        @Override
        public OptionalLong sequence() {
            return OptionalLong.empty();
        }
    }
}
