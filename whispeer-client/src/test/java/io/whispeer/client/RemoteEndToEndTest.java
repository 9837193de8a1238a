package io.whispeer.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.whispeer.api.Broker;
import io.whispeer.api.ClientOptions;
import io.whispeer.api.ConnectionState;
import io.whispeer.api.Envelope;
import io.whispeer.api.LimitExceededException;
import io.whispeer.api.Message;
import io.whispeer.api.MessageStream;
import io.whispeer.api.PublishReceipt;
import io.whispeer.api.RemotePubSub;
import io.whispeer.api.SubscribeOptions;
import io.whispeer.api.Subscription;
import io.whispeer.api.Whispeer;
import io.whispeer.keys.KeyRings;

/** The remote client against a real server, over TCP and over WebSocket. */
@Timeout(60)
class RemoteEndToEndTest {
    private static final long WAIT = 10_000;
    private static final String CANARY = "canary-7f3a9c-do-not-leak";
    private static final byte[] MASTER = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private final List<AutoCloseable> open = new ArrayList<>();

    /** A typed payload. */
    record Secret(String text, List<Integer> numbers) {
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private Broker server(String listener) {
        Broker broker = Whispeer.builder().transport(listener).property("whispeer.server.auth.anonymous", "true").build();
        open.add(broker);
        return broker;
    }

    private RemotePubSub client(Broker server, ClientOptions.Builder options) {
        return client(server.endpoints().get(0), options);
    }

    private RemotePubSub client(URI endpoint, ClientOptions.Builder options) {
        RemotePubSub client = Whispeer.connect(endpoint.toString(), options.property("whispeer.client.reconnect.initial-delay", "20ms")
                .property("whispeer.client.reconnect.max-delay", "100ms").build());
        open.add(client);
        return client;
    }

    private static ClientOptions.Builder sealing() {
        return ClientOptions.builder().codec("json").compression("zstd").encryption("xchacha20-poly1305", KeyRings.derived(1, MASTER))
                .topic("vault/+", Secret.class);
    }

    /** The same address with the port the first server got, so that a second server can take its place. */
    private static String samePort(String listener, Broker first) {
        URI bound = first.endpoints().get(0);
        return listener.replace(":0", ":" + bound.getPort());
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT, TimeUnit.MILLISECONDS);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tcp://127.0.0.1:0", "ws://127.0.0.1:0/whispeer"})
    void aTypedCompressedEncryptedMessageCrossesTheServerWhichSeesOnlyCiphertext(String listener) throws Exception {
        Broker server = server(listener);
        LinkedBlockingQueue<Envelope> seen = new LinkedBlockingQueue<>();
        open.add(server.subscribeEnvelopes("vault/#", (envelope, count) -> seen.add(envelope), SubscribeOptions.defaults()));
        RemotePubSub subscriber = client(server, sealing());
        RemotePubSub publisher = client(server, sealing());
        Secret secret = new Secret("the " + CANARY + " sings " + "la ".repeat(200), List.of(1, 2, 3));
        try (MessageStream<Secret> stream = subscriber.stream("vault/+", Secret.class)) {
            PublishReceipt receipt = await(publisher.publish("vault/a", secret));
            assertThat(receipt.matched()).as("subscriptions at the server matching vault/a").isEqualTo(2);
            Message<Secret> received = stream.poll(Duration.ofMillis(WAIT)).orElseThrow();
            assertThat(received.payload()).isEqualTo(secret);
            assertThat(received.topic()).isEqualTo("vault/a");
        }
        Envelope atServer = seen.poll(WAIT, TimeUnit.MILLISECONDS);
        assertThat(atServer).isNotNull();
        assertThat(atServer.isCompressed()).isTrue();
        String visible = new String(atServer.toBytes(), StandardCharsets.ISO_8859_1) + atServer;
        assertThat(visible).doesNotContain(CANARY).doesNotContain("canary").doesNotContain("sings");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tcp://127.0.0.1:0", "ws://127.0.0.1:0/whispeer"})
    void whenTheServerRestartsOnItsPortTheClientReconnectsAndResubscribesByItself(String listener) throws Exception {
        Broker first = Whispeer.builder().transport(listener).property("whispeer.server.auth.anonymous", "true").build();
        String again = samePort(listener, first);
        RemotePubSub client;
        try {
            client = client(first, ClientOptions.builder());
        } catch (RuntimeException e) {
            first.close();
            throw e;
        }
        LinkedBlockingQueue<ConnectionState> states = new LinkedBlockingQueue<>();
        client.addStateListener((state, cause) -> states.add(state));
        LinkedBlockingQueue<String> inbox = new LinkedBlockingQueue<>();
        Subscription subscription = client.subscribe("news/#", String.class, m -> inbox.add(m.payload()));
        await(client.publish("news/a", "before"));
        assertThat(inbox.poll(WAIT, TimeUnit.MILLISECONDS)).isEqualTo("before");

        first.close();
        assertThat(states.poll(WAIT, TimeUnit.MILLISECONDS)).isEqualTo(ConnectionState.RECONNECTING);
        CompletableFuture<PublishReceipt> whileAway = client.publish("news/b", "while away");
        server(again);
        assertThat(states.poll(WAIT, TimeUnit.MILLISECONDS)).isEqualTo(ConnectionState.CONNECTED);
        assertThat(await(whileAway).matched()).as("subscriptions matching the buffered publish, sent after re-subscribing").isEqualTo(1);
        assertThat(inbox.poll(WAIT, TimeUnit.MILLISECONDS)).isEqualTo("while away");
        await(client.publish("news/c", "after"));
        assertThat(inbox.poll(WAIT, TimeUnit.MILLISECONDS)).isEqualTo("after");
        assertThat(subscription.isOpen()).isTrue();
        assertThat(states).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tcp://127.0.0.1:0", "ws://127.0.0.1:0/whispeer"})
    void drainDeliversEverythingThatArrivedAndEveryPublishIsAcknowledged(String listener) throws Exception {
        Broker server = server(listener);
        RemotePubSub client = client(server, ClientOptions.builder());
        LinkedBlockingQueue<String> inbox = new LinkedBlockingQueue<>();
        CountDownLatch release = new CountDownLatch(1);
        Subscription subscription = client.subscribe("load", String.class, m -> {
            release.await(WAIT, TimeUnit.MILLISECONDS);
            inbox.add(m.payload());
        }, SubscribeOptions.builder().queueCapacity(2_000).build());
        List<CompletableFuture<PublishReceipt>> receipts = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            receipts.add(client.publish("load", "m" + i));
        }
        CompletableFuture<Void> drained = client.drain();
        assertThat(client.state()).isEqualTo(ConnectionState.DRAINING);
        for (CompletableFuture<PublishReceipt> receipt : receipts) {
            assertThat(await(receipt).matched()).isEqualTo(1);
        }
        eventually(() -> subscription.stats().queueDepth() == 999, "999 messages waiting behind the stalled first one");
        assertThat(drained).as("drain while the handler holds the first message").isNotDone();
        release.countDown();
        await(drained);
        assertThat(client.state()).isEqualTo(ConnectionState.CLOSED);
        List<String> got = new ArrayList<>(inbox);
        assertThat(got).hasSize(1_000).startsWith("m0", "m1").endsWith("m999");
    }

    /** Polls a condition that no event signals (a counter), bounded by {@link #WAIT}. */
    private static void eventually(java.util.function.BooleanSupplier condition, String expectation) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("Expected " + expectation + " within " + WAIT + " ms");
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tcp://127.0.0.1:0", "ws://127.0.0.1:0/whispeer"})
    void theBufferWhileReconnectingIsBoundedAndWhatItHeldIsSentOnReconnect(String listener) throws Exception {
        Broker first = Whispeer.builder().transport(listener).property("whispeer.server.auth.anonymous", "true").build();
        String again = samePort(listener, first);
        RemotePubSub client;
        try {
            client = client(first, ClientOptions.builder().property("whispeer.client.publish-buffer.max-messages", "2"));
        } catch (RuntimeException e) {
            first.close();
            throw e;
        }
        LinkedBlockingQueue<ConnectionState> states = new LinkedBlockingQueue<>();
        client.addStateListener((state, cause) -> states.add(state));
        first.close();
        assertThat(states.poll(WAIT, TimeUnit.MILLISECONDS)).isEqualTo(ConnectionState.RECONNECTING);
        CompletableFuture<PublishReceipt> a = client.publish("t", "a");
        CompletableFuture<PublishReceipt> b = client.publish("t", "b");
        CompletableFuture<PublishReceipt> c = client.publish("t", "c");
        try {
            c.get(WAIT, TimeUnit.MILLISECONDS);
            throw new AssertionError("the third publish into a buffer of 2 was accepted");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(LimitExceededException.class).hasMessageContaining("publish-buffer.max-messages=2");
        }
        server(again);
        assertThat(await(a).topic()).isEqualTo("t");
        assertThat(await(b).topic()).isEqualTo("t");
        assertThat(states.poll(WAIT, TimeUnit.MILLISECONDS)).isEqualTo(ConnectionState.CONNECTED);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tcp://127.0.0.1:0", "ws://127.0.0.1:0/whispeer"})
    void publishFuturesHandlersAndStateListenersRunOnClientThreadsNeverOnTheTransportsIoThreads(String listener) throws Exception {
        Broker server = Whispeer.builder().transport(listener).property("whispeer.server.auth.anonymous", "true").build();
        RemotePubSub client;
        try {
            client = client(server, ClientOptions.builder());
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        CompletableFuture<Thread> handlerThread = new CompletableFuture<>();
        CompletableFuture<Thread> listenerThread = new CompletableFuture<>();
        client.subscribe("t", String.class, m -> handlerThread.complete(Thread.currentThread()));
        client.addStateListener((state, cause) -> listenerThread.complete(Thread.currentThread()));
        CompletableFuture<PublishReceipt> receipt = client.publish("t", "x");
        CompletableFuture<Thread> completionThread = receipt.thenApply(r -> Thread.currentThread());
        for (Thread thread : List.of(await(completionThread), await(handlerThread))) {
            assertThat(thread.getName()).as("a callback thread").doesNotStartWith("whispeer-tcp").doesNotStartWith("whispeer-ws");
        }
        server.close();
        Thread stateThread = await(listenerThread);
        assertThat(stateThread.getName()).as("the state listener's thread").doesNotStartWith("whispeer-tcp").doesNotStartWith("whispeer-ws");
        assertThat(stateThread.isVirtual()).as("the state listener runs on a client thread").isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tcp://127.0.0.1:0", "ws://127.0.0.1:0/whispeer"})
    void underBlockASmallSubscriberQueueLosesNothingAndKeepsEachPublishersOrder(String listener) throws Exception {
        Broker server = server(listener);
        RemotePubSub subscriber = client(server, ClientOptions.builder());
        int publishers = 4;
        int perPublisher = 2_500;
        java.util.Map<String, List<Integer>> received = new java.util.concurrent.ConcurrentHashMap<>();
        CountDownLatch all = new CountDownLatch(publishers * perPublisher);
        subscriber.subscribe("flow/+", String.class, m -> {
            received.computeIfAbsent(m.topic(), t -> java.util.Collections.synchronizedList(new ArrayList<>()))
                    .add(Integer.parseInt(m.payload()));
            all.countDown();
        }, SubscribeOptions.builder().queueCapacity(8).overflowPolicy(io.whispeer.api.OverflowPolicy.BLOCK).build());
        List<CompletableFuture<?>> sending = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            RemotePubSub publisher = client(server, ClientOptions.builder());
            String topic = "flow/p" + p;
            sending.add(CompletableFuture.runAsync(() -> {
                List<CompletableFuture<PublishReceipt>> receipts = new ArrayList<>();
                for (int i = 0; i < perPublisher; i++) {
                    receipts.add(publisher.publish(topic, Integer.toString(i)));
                }
                receipts.forEach(CompletableFuture::join);
            }));
        }
        for (CompletableFuture<?> s : sending) {
            await(s);
        }
        assertThat(all.await(WAIT, TimeUnit.MILLISECONDS)).as("every message within %s ms", WAIT).isTrue();
        List<Integer> expected = java.util.stream.IntStream.range(0, perPublisher).boxed().toList();
        assertThat(received).hasSize(publishers);
        received.forEach((topic, values) -> assertThat(values).as("what %s published, in order", topic).isEqualTo(expected));
    }

    @org.junit.jupiter.api.Test
    void aSchemeWithoutATransportJarFailsNamingTheKnownSchemes() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Whispeer.connect("udp://127.0.0.1:7420"))
                .isInstanceOf(io.whispeer.api.ConfigurationException.class).hasMessageContaining("udp").hasMessageContaining("tcp");
    }
}
