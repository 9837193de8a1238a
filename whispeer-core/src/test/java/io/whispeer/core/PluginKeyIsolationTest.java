package io.whispeer.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.whispeer.api.Envelope;
import io.whispeer.api.KeyRing;
import io.whispeer.api.MessageStream;
import io.whispeer.api.SealingKey;
import io.whispeer.api.Subscription;
import io.whispeer.api.SubscribeOptions;
import io.whispeer.api.TopicFilter;
import io.whispeer.api.TypeRef;
import io.whispeer.api.WhispeerException;
import io.whispeer.api.spi.Authorization;
import io.whispeer.api.spi.ClientInfo;
import io.whispeer.api.spi.DropReason;
import io.whispeer.api.spi.EncryptionEngine;
import io.whispeer.api.spi.KeyMaterial;
import io.whispeer.api.spi.KeyedCipher;
import io.whispeer.api.spi.Plugin;
import io.whispeer.api.spi.PluginContext;
import io.whispeer.api.spi.SubscriptionInfo;
import io.whispeer.tck.CapturedLogs;

/**
 * A plugin that tries everything reflection allows cannot reach a key, a cipher or the typed layer: it keeps every
 * object the broker hands it and walks the graph behind them (every field, private ones included, of every class
 * and superclass, array elements, and the contents of JDK collections, maps, optionals and exception causes).
 */
class PluginKeyIsolationTest {
    /** This class makes things fail on purpose; what whispeer logs about it is captured, not printed. */
    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs();

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final int MAX_OBJECTS = 200_000;
    private static final KeyRing KEYS = KeyRing.single(7, new SecretKeySpec(
            HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"), "AES"));
    /** What must stay out of a plugin's reach. */
    private static final List<Class<?>> FORBIDDEN = List.of(KeyRing.class, SecretKey.class, SealingKey.class, KeyMaterial.class,
            KeyedCipher.class, EncryptionEngine.class, TypedLayer.class, Pipeline.class, EncryptionRegistry.class, BoundCiphers.class);

    @Test
    void aPluginWalkingEverythingItIsHandedFindsNoKeyCipherOrTypedLayer() throws Exception {
        Collector plugin = new Collector();
        try (CoreBroker broker = TestSupport.broker(TestSupport.builder().encryption("test-gcm", KEYS).plugin(plugin), List.of(),
                List.of(new TestCiphers.AesGcmProvider("test-gcm", 90)))) {
            LinkedBlockingQueue<String> handled = new LinkedBlockingQueue<>();
            Subscription sync = broker.subscribe("t/#", String.class, m -> handled.add("sync"),
                    SubscribeOptions.builder().errorListener((s, e) -> { }).build());
            Subscription async = broker.subscribeAsync("t/+", TypeRef.of(String.class), m -> {
                handled.add("async");
                return CompletableFuture.completedFuture(null);
            }, SubscribeOptions.builder().errorListener((s, e) -> { }).build());
            FlowPublisherRulesTest.Recorder flow = new FlowPublisherRulesTest.Recorder(s -> s.request(Long.MAX_VALUE));
            broker.publisher("t/a", String.class).subscribe(flow);
            MessageStream<String> stream = broker.stream("t/a", String.class);
            List<Envelope> raw = new CopyOnWriteArrayList<>();
            Subscription envelopes = broker.subscribeEnvelopes("t/#", (e, count) -> raw.add(e), SubscribeOptions.defaults());

            broker.publish("t/a", "a secret payload").join();
            assertThat(stream.poll(WAIT)).isPresent();
            DeliveryModesTest.waitUntil(() -> raw.size() == 1 && flow.items.size() == 1 && handled.size() == 2);
            // A tampered copy: every typed subscriber rejects it, so plugins get onReject with the cause.
            byte[] sealed = raw.get(0).toBytes();
            sealed[sealed.length - 1] ^= 1;
            Envelope original = raw.get(0);
            broker.publishEnvelope(Envelope.parse(original.topic(), original.id(), original.timestamp(), original.headers(), sealed)).join();
            DeliveryModesTest.waitUntil(() -> sync.stats().rejected() == 1 && async.stats().rejected() == 1);
            assertThat(plugin.kinds()).contains(PluginContext.class, Envelope.class, SubscriptionInfo.class, ClientInfo.class,
                    TopicFilter.class, WhispeerException.class);

            Walk walk = new Walk();
            walk.from(plugin.roots());
            assertThat(walk.visited).as("objects walked").isGreaterThan(100);
            assertThat(walk.readFields).as("private fields of the router's totals and meters were read")
                    .contains("io.whispeer.core.router.EnvelopeRouter$Totals#plugins", "io.whispeer.core.router.SubscriptionQueue$Meter#slots",
                            "io.whispeer.core.router.SubscriptionQueue$Meter#failure");
            assertThat(walk.unreadable).as("fields the walk could not open").isEmpty();
            assertThat(walk.found).as("forbidden objects reachable from what plugins are handed").isEmpty();

            stream.close();
            envelopes.close();
        }
    }

    @Test
    void theWalkFindsAKeyWhenOneIsReachable() {
        record Leaky(Object[] things, Optional<Object> more) {
        }
        Walk walk = new Walk();
        walk.from(List.of(new Leaky(new Object[] {List.of(Map.of("k", Optional.of(KEYS)))}, Optional.empty())));
        assertThat(walk.found).anyMatch(s -> s.startsWith("KeyRing"));
    }

    /** Keeps everything the broker hands it. */
    private static final class Collector implements Plugin {
        private final Map<Object, Class<?>> handed = Collections.synchronizedMap(new IdentityHashMap<>());

        private void keep(Class<?> kind, Object value) {
            handed.put(value, kind);
        }

        List<Object> roots() {
            synchronized (handed) {
                return new ArrayList<>(handed.keySet());
            }
        }

        Set<Class<?>> kinds() {
            synchronized (handed) {
                return new LinkedHashSet<>(handed.values());
            }
        }

        @Override
        public String name() {
            return "walker";
        }

        @Override
        public void start(PluginContext context) {
            keep(PluginContext.class, context);
        }

        @Override
        public void onConnect(ClientInfo client) {
            keep(ClientInfo.class, client);
        }

        @Override
        public void onDisconnect(ClientInfo client, Optional<Throwable> cause) {
            keep(ClientInfo.class, client);
        }

        @Override
        public Authorization authorizePublish(ClientInfo client, Envelope envelope) {
            keep(ClientInfo.class, client);
            keep(Envelope.class, envelope);
            return Authorization.allow();
        }

        @Override
        public Authorization authorizeSubscribe(ClientInfo client, TopicFilter filter) {
            keep(ClientInfo.class, client);
            keep(TopicFilter.class, filter);
            return Authorization.allow();
        }

        @Override
        public void onPublish(Envelope envelope) {
            keep(Envelope.class, envelope);
        }

        @Override
        public void onSubscribe(SubscriptionInfo subscription) {
            keep(SubscriptionInfo.class, subscription);
        }

        @Override
        public void onUnsubscribe(SubscriptionInfo subscription) {
            keep(SubscriptionInfo.class, subscription);
        }

        @Override
        public void onDeliver(Envelope envelope, SubscriptionInfo subscription) {
            keep(Envelope.class, envelope);
            keep(SubscriptionInfo.class, subscription);
        }

        @Override
        public void onDrop(Envelope envelope, SubscriptionInfo subscription, DropReason reason) {
            keep(Envelope.class, envelope);
            keep(SubscriptionInfo.class, subscription);
        }

        @Override
        public void onReject(Envelope envelope, SubscriptionInfo subscription, WhispeerException cause) {
            keep(Envelope.class, envelope);
            keep(SubscriptionInfo.class, subscription);
            keep(WhispeerException.class, cause);
        }
    }

    /**
     * A breadth-first walk over an object graph with an identity-based visited set. Fields of JDK classes are not
     * opened (java.base does not open them, to a plugin neither); their public contents are followed instead.
     */
    static final class Walk {
        final Set<String> found = new LinkedHashSet<>();
        final Set<String> readFields = new LinkedHashSet<>();
        final Set<String> unreadable = new LinkedHashSet<>();
        int visited;
        private final Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        private final ArrayDeque<Object> queue = new ArrayDeque<>();

        void from(Collection<?> roots) {
            roots.forEach(this::push);
            while (!queue.isEmpty() && visited < MAX_OBJECTS) {
                visit(queue.poll());
            }
            assertThat(visited).as("the walk stayed within its bound").isLessThan(MAX_OBJECTS);
        }

        private void push(Object value) {
            if (value != null && seen.add(value)) {
                queue.add(value);
            }
        }

        private void visit(Object object) {
            visited++;
            Class<?> type = object.getClass();
            for (Class<?> forbidden : FORBIDDEN) {
                if (forbidden.isInstance(object)) {
                    found.add(forbidden.getSimpleName() + " (" + type.getName() + ")");
                }
            }
            if (type.isArray()) {
                if (!type.getComponentType().isPrimitive()) {
                    for (int i = 0; i < Array.getLength(object); i++) {
                        push(Array.get(object, i));
                    }
                }
                return;
            }
            if (object instanceof Class<?> || object instanceof ClassLoader || object instanceof Module || object instanceof Thread) {
                return;
            }
            if (isJdk(type)) {
                jdkContents(object);
                return;
            }
            for (Class<?> c = type; c != null && !isJdk(c); c = c.getSuperclass()) {
                for (Field field : c.getDeclaredFields()) {
                    if (Modifier.isStatic(field.getModifiers()) || field.getType().isPrimitive()) {
                        continue;
                    }
                    if (!field.trySetAccessible()) {
                        unreadable.add(c.getName() + "#" + field.getName());
                        continue;
                    }
                    try {
                        push(field.get(object));
                        readFields.add(c.getName() + "#" + field.getName());
                    } catch (IllegalAccessException e) {
                        unreadable.add(c.getName() + "#" + field.getName());
                    }
                }
            }
            if (object instanceof Throwable t) {
                jdkContents(t);
            }
        }

        private void jdkContents(Object object) {
            switch (object) {
                case Map<?, ?> map -> map.forEach((k, v) -> {
                    push(k);
                    push(v);
                });
                case Collection<?> collection -> collection.forEach(this::push);
                case Optional<?> optional -> optional.ifPresent(this::push);
                case AtomicReference<?> reference -> push(reference.get());
                case Map.Entry<?, ?> entry -> {
                    push(entry.getKey());
                    push(entry.getValue());
                }
                case Throwable t -> {
                    push(t.getCause());
                    for (Throwable suppressed : t.getSuppressed()) {
                        push(suppressed);
                    }
                }
                case CompletableFuture<?> future -> {
                    if (future.isDone() && !future.isCompletedExceptionally()) {
                        push(future.getNow(null));
                    }
                }
                default -> {
                }
            }
        }

        private static boolean isJdk(Class<?> type) {
            String name = type.getName();
            return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.") || name.startsWith("sun.")
                    || name.startsWith("com.sun.");
        }
    }
}
