package io.whispeer.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.whispeer.api.AuthorizationException;
import io.whispeer.api.BrokerClosedException;
import io.whispeer.api.ClientOptions;
import io.whispeer.api.ConnectionState;
import io.whispeer.api.Credentials;
import io.whispeer.api.Envelope;
import io.whispeer.api.LimitExceededException;
import io.whispeer.api.OverflowPolicy;
import io.whispeer.api.PublishReceipt;
import io.whispeer.api.RemotePubSub;
import io.whispeer.api.SubscribeOptions;
import io.whispeer.api.Subscription;
import io.whispeer.api.TransportException;
import io.whispeer.api.Whispeer;
import io.whispeer.protocol.EnvelopeFrames;
import io.whispeer.protocol.ErrorFrames;
import io.whispeer.protocol.v1.ErrorCode;
import io.whispeer.protocol.v1.Frame;
import io.whispeer.protocol.v1.Frame.KindCase;
import io.whispeer.protocol.v1.Ping;
import io.whispeer.protocol.v1.Puback;
import io.whispeer.protocol.v1.Suback;
import io.whispeer.protocol.v1.Unsuback;

/** The client against a real listening socket that the test drives frame by frame. */
@Timeout(60)
class ClientAgainstRawServerTest {
    private static final long WAIT = FakeServer.TIMEOUT.toMillis();
    private FakeServer server;
    private final List<RemotePubSub> clients = new ArrayList<>();
    private final LinkedBlockingQueue<ConnectionState> states = new LinkedBlockingQueue<>();
    private final List<Optional<Throwable>> causes = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServer() throws Exception {
        server = new FakeServer();
    }

    @AfterEach
    void stop() {
        clients.forEach(RemotePubSub::close);
        server.close();
    }

    private RemotePubSub connect(String... settings) {
        return connect(ClientOptions.builder(), settings);
    }

    private RemotePubSub connect(ClientOptions.Builder builder, String... settings) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("whispeer.client.reconnect.initial-delay", "10ms");
        values.put("whispeer.client.reconnect.max-delay", "50ms");
        values.put("whispeer.close-timeout", "1s");
        for (int i = 0; i < settings.length; i += 2) {
            values.put(settings[i], settings[i + 1]);
        }
        RemotePubSub client = Whispeer.connect(server.address(), builder.properties(values).build());
        clients.add(client);
        client.addStateListener((state, cause) -> {
            causes.add(cause);
            states.add(state);
        });
        return client;
    }

    private ConnectionState nextState() throws InterruptedException {
        ConnectionState state = states.poll(WAIT, TimeUnit.MILLISECONDS);
        assertThat(state).as("next connection state within %s ms", WAIT).isNotNull();
        return state;
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT, TimeUnit.MILLISECONDS);
    }

    private static Throwable failure(CompletableFuture<?> future) throws Exception {
        try {
            Object value = future.get(WAIT, TimeUnit.MILLISECONDS);
            throw new AssertionError("Completed with " + value + "; expected a failure");
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    private static Frame puback(long requestId) {
        return Frame.newBuilder().setPuback(Puback.newBuilder().setRequestId(requestId).setMatched(1).setQueued(1)).build();
    }

    private static Frame suback(Frame subscribe) {
        return Frame.newBuilder().setSuback(Suback.newBuilder().setRequestId(subscribe.getSubscribe().getRequestId())
                .setSubscriptionId(subscribe.getSubscribe().getSubscriptionId())).build();
    }

    /** Subscribes on another thread (subscribe waits for the SUBACK), answers with SUBACK and returns the subscription. */
    private Subscription subscribe(RemotePubSub client, FakeServer.Peer peer, String filter, SubscribeOptions options,
                                   LinkedBlockingQueue<String> inbox) throws Exception {
        CompletableFuture<Subscription> subscribing = CompletableFuture.supplyAsync(() -> client.subscribe(filter, String.class,
                m -> inbox.add(m.payload()), options));
        Frame subscribe = peer.next(KindCase.SUBSCRIBE);
        assertThat(subscribing).as("subscribe before the SUBACK").isNotDone();
        peer.send(suback(subscribe));
        return await(subscribing);
    }

    /** Publishes through the client and returns the envelope the server received, acknowledged. */
    private Envelope sealed(RemotePubSub client, FakeServer.Peer peer, String topic, String payload) throws Exception {
        CompletableFuture<PublishReceipt> receipt = client.publish(topic, payload);
        Frame publish = peer.next(KindCase.PUBLISH);
        peer.send(puback(publish.getPublish().getRequestId()));
        await(receipt);
        return EnvelopeFrames.toEnvelope(publish.getPublish());
    }

    // ---------------------------------------------------------------------------------------------- connect

    @Test
    void connectSendsTheVersionsCredentialsAndClientIdAndReturnsConnected() throws Exception {
        RemotePubSub client = connect(ClientOptions.builder().credentials(Credentials.password("alice", "s3cret")).clientId("c-1"));
        Frame connect = server.nextPeer().next(KindCase.CONNECT);
        assertThat(connect.getConnect().getVersionsList()).containsExactly(1);
        assertThat(connect.getConnect().getClientId()).isEqualTo("c-1");
        assertThat(connect.getConnect().getUsernamePassword().getUsername()).isEqualTo("alice");
        assertThat(connect.getConnect().getUsernamePassword().getPassword()).isEqualTo("s3cret");
        assertThat(client.state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(client.endpoint().toString()).isEqualTo(server.address());
    }

    @Test
    void refusedCredentialsFailConnectWithAuthorizationException() throws Exception {
        server.autoConnack = false;
        CompletableFuture<RemotePubSub> connecting = CompletableFuture.supplyAsync(() -> connect(
                ClientOptions.builder().credentials(Credentials.token("wrong"))));
        FakeServer.Peer peer = server.nextPeer();
        assertThat(peer.next(KindCase.CONNECT).getConnect().getToken()).isEqualTo("wrong");
        peer.send(ErrorFrames.error(0, ErrorCode.ERROR_CODE_AUTHENTICATION_FAILED, "unknown token", true));
        peer.connection.close();
        assertThat(failure(connecting)).isInstanceOf(AuthorizationException.class).hasMessageContaining("unknown token");
    }

    @Test
    void anUnreachableServerFailsConnectWithTransportException() throws Exception {
        String address;
        try (FakeServer gone = new FakeServer()) {
            address = gone.address();
        }
        assertThatThrownBy(() -> Whispeer.connect(address, ClientOptions.builder().connectTimeout(Duration.ofSeconds(5)).build()))
                .isInstanceOf(TransportException.class).hasMessageContaining(address);
    }

    @Test
    void theConnectTimeoutBoundsTheWaitForTheServersAnswer() throws Exception {
        server.autoConnack = false;
        long start = System.nanoTime();
        assertThatThrownBy(() -> connect("whispeer.client.connect-timeout", "300ms"))
                .isInstanceOf(TransportException.class).hasMessageContaining("whispeer.client.connect-timeout").hasMessageContaining("CONNACK");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
    }

    // ---------------------------------------------------------------------------------------------- publish

    @Test
    void aPublishCompletesWithTheReceiptOfItsPuback() throws Exception {
        RemotePubSub client = connect();
        FakeServer.Peer peer = server.nextPeer();
        CompletableFuture<String> completedOn = new CompletableFuture<>();
        CompletableFuture<PublishReceipt> receipt = client.publish("sensors/a", "21.5");
        receipt.thenRun(() -> completedOn.complete(Thread.currentThread().getName()));
        Frame publish = peer.next(KindCase.PUBLISH);
        assertThat(publish.getPublish().getRequestId()).isNotZero();
        assertThat(publish.getPublish().getTopic()).isEqualTo("sensors/a");
        peer.send(Frame.newBuilder().setPuback(Puback.newBuilder().setRequestId(publish.getPublish().getRequestId())
                .setMatched(3).setQueued(2).setDropped(1).setSequence(42)).build());
        PublishReceipt r = await(receipt);
        assertThat(List.of(r.matched(), r.queued(), r.dropped())).containsExactly(3, 2, 1);
        assertThat(r.sequence()).hasValue(42);
        assertThat(r.topic()).isEqualTo("sensors/a");
        assertThat(r.id()).isEqualTo(EnvelopeFrames.toEnvelope(publish.getPublish()).id());
        assertThat(await(completedOn)).as("thread completing the publish future").doesNotContain("tcp").doesNotContain("epoll")
                .doesNotContain("nio");
    }

    @Test
    void anErrorAnsweringAPublishFailsItWithTheMappedException() throws Exception {
        RemotePubSub client = connect();
        FakeServer.Peer peer = server.nextPeer();
        CompletableFuture<PublishReceipt> receipt = client.publish("secret/a", "x");
        long id = peer.next(KindCase.PUBLISH).getPublish().getRequestId();
        peer.send(ErrorFrames.error(id, ErrorCode.ERROR_CODE_NOT_AUTHORIZED, "alice may not publish to secret/a", false));
        assertThat(failure(receipt)).isInstanceOf(AuthorizationException.class).hasMessageContaining("secret/a");
        assertThat(client.state()).isEqualTo(ConnectionState.CONNECTED);
    }

    @Test
    void manySmallPublishesCostFarFewerFlushesThanMessages() throws Exception {
        RemotePubSub client = connect();
        FakeServer.Peer peer = server.nextPeer();
        int messages = 20_000;
        for (int i = 0; i < messages; i++) {
            client.publish("burst", "m" + i);
        }
        for (int i = 0; i < messages; i++) {
            peer.next(KindCase.PUBLISH);
        }
        long flushes = ((RemoteClient) client).session().flushes();
        assertThat(flushes).as("flushes for %s publishes", messages).isLessThan(messages / 2);
    }

    // -------------------------------------------------------------------------------------------- subscribe

    @Test
    void subscribeWaitsForTheSubackAndDeliversToTheHandler() throws Exception {
        RemotePubSub client = connect();
        FakeServer.Peer peer = server.nextPeer();
        LinkedBlockingQueue<String> inbox = new LinkedBlockingQueue<>();
        CompletableFuture<Subscription> subscribing = CompletableFuture.supplyAsync(() -> client.subscribe("t/+", String.class,
                m -> inbox.add(m.payload()), SubscribeOptions.builder().queueCapacity(7).overflowPolicy(OverflowPolicy.DROP_OLDEST).build()));
        Frame subscribe = peer.next(KindCase.SUBSCRIBE);
        assertThat(subscribe.getSubscribe().getFilter()).isEqualTo("t/+");
        assertThat(subscribe.getSubscribe().getQueueCapacity()).isEqualTo(7);
        assertThat(subscribe.getSubscribe().getOverflowPolicy()).isEqualTo(io.whispeer.protocol.v1.OverflowPolicy.OVERFLOW_POLICY_DROP_OLDEST);
        assertThat(subscribing).isNotDone();
        peer.send(suback(subscribe));
        await(subscribing);
        Envelope envelope = sealed(client, peer, "t/a", "hello");
        peer.send(EnvelopeFrames.deliver(subscribe.getSubscribe().getSubscriptionId(), 1, 1, envelope));
        assertThat(inbox.poll(WAIT, TimeUnit.MILLISECONDS)).isEqualTo("hello");
    }

    @Test
    void aRefusedSubscribeThrowsTheMappedException() throws Exception {
        RemotePubSub client = connect();
        FakeServer.Peer peer = server.nextPeer();
        CompletableFuture<Subscription> subscribing = CompletableFuture.supplyAsync(() -> client.subscribe("secret/#", String.class, m -> {
        }));
        Frame subscribe = peer.next(KindCase.SUBSCRIBE);
        peer.send(ErrorFrames.error(subscribe.getSubscribe().getRequestId(), ErrorCode.ERROR_CODE_NOT_AUTHORIZED,
                "alice may not subscribe to secret/#", false));
        assertThat(failure(subscribing)).isInstanceOf(AuthorizationException.class).hasMessageContaining("secret/#");
    }

    @Test
    void aSubscribeTheServerDoesNotAnswerWithinTheRequestTimeoutFailsAndIsUndone() throws Exception {
        RemotePubSub client = connect("whispeer.client.request-timeout", "200ms");
        FakeServer.Peer peer = server.nextPeer();
        CompletableFuture<Subscription> subscribing = CompletableFuture.supplyAsync(() -> client.subscribe("t", String.class, m -> {
        }));
        long id = peer.next(KindCase.SUBSCRIBE).getSubscribe().getSubscriptionId();
        assertThat(failure(subscribing)).isInstanceOf(TransportException.class).hasMessageContaining("whispeer.client.request-timeout");
        assertThat(peer.next(KindCase.UNSUBSCRIBE).getUnsubscribe().getSubscriptionId()).isEqualTo(id);
    }

    @Test
    void theClientsOwnKeepAliveIsProposedAndUsedWhenTheServerAnnouncesNone() throws Exception {
        connect("whispeer.client.keep-alive", "100ms");
        FakeServer.Peer peer = server.nextPeer();
        assertThat(peer.next(KindCase.CONNECT).getConnect().getKeepAliveMillis()).isEqualTo(100);
        assertThat(peer.next(KindCase.PING).getPing().getNonce()).isNotZero();
    }

    @Test
    void closingASubscriptionSendsUnsubscribe() throws Exception {
        RemotePubSub client = connect();
        FakeServer.Peer peer = server.nextPeer();
        Subscription subscription = subscribe(client, peer, "t", SubscribeOptions.defaults(), new LinkedBlockingQueue<>());
        subscription.close();
        Frame unsubscribe = peer.next(KindCase.UNSUBSCRIBE);
        assertThat(unsubscribe.getUnsubscribe().getRequestId()).isNotZero();
        assertThat(subscription.isOpen()).isFalse();
    }

    @Test
    void aSubscriptionTheServerEndsClosesWithTheServersReason() throws Exception {
        RemotePubSub client = connect();
        FakeServer.Peer peer = server.nextPeer();
        CompletableFuture<Subscription> subscribing = CompletableFuture.supplyAsync(() -> client.subscribe("t", String.class, m -> {
        }));
        Frame subscribe = peer.next(KindCase.SUBSCRIBE);
        peer.send(suback(subscribe));
        Subscription subscription = await(subscribing);
        peer.send(ErrorFrames.error(0, ErrorCode.ERROR_CODE_SLOW_CONSUMER, "subscription 't' fell 1000 messages behind", false));
        peer.send(Frame.newBuilder().setUnsuback(Unsuback.newBuilder().setSubscriptionId(subscribe.getSubscribe().getSubscriptionId())).build());
        assertThat(failure(subscription.whenClosed())).isInstanceOf(TransportException.class).hasMessageContaining("fell 1000 messages behind");
    }

    @Test
    void aFullBlockQueuePausesReadingUntilTheHandlerMakesRoom() throws Exception {
        RemotePubSub client = connect();
        FakeServer.Peer peer = server.nextPeer();
        CountDownLatch release = new CountDownLatch(1);
        LinkedBlockingQueue<String> inbox = new LinkedBlockingQueue<>();
        CompletableFuture<Subscription> subscribing = CompletableFuture.supplyAsync(() -> client.subscribe("q", String.class, m -> {
            release.await(WAIT, TimeUnit.MILLISECONDS);
            inbox.add(m.payload());
        }, SubscribeOptions.builder().queueCapacity(1).overflowPolicy(OverflowPolicy.BLOCK).build()));
        Frame subscribe = peer.next(KindCase.SUBSCRIBE);
        peer.send(suback(subscribe));
        await(subscribing);
        long id = subscribe.getSubscribe().getSubscriptionId();
        for (int i = 1; i <= 3; i++) {
            peer.send(EnvelopeFrames.deliver(id, i, 1, sealed(client, peer, "q", "m" + i)));
        }
        peer.send(Frame.newBuilder().setPing(Ping.newBuilder().setNonce(99)).build());
        Frame early = peer.received.poll(300, TimeUnit.MILLISECONDS);
        assertThat(early).as("a frame while m3 waits for room (reading is paused)").isNull();
        release.countDown();
        assertThat(peer.next(KindCase.PONG).getPong().getNonce()).isEqualTo(99);
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            got.add(inbox.poll(WAIT, TimeUnit.MILLISECONDS));
        }
        assertThat(got).containsExactly("m1", "m2", "m3");
    }

    // ------------------------------------------------------------------------------------ keep-alive, reconnect

    @Test
    void theClientPingsWhenIdleAndTreatsTwiceTheKeepAliveOfSilenceAsALostConnection() throws Exception {
        server.keepAliveMillis = 100;
        RemotePubSub client = connect();
        FakeServer.Peer first = server.nextPeer();
        first.next(KindCase.CONNECT);
        server.keepAliveMillis = 0; // the next connection has no keep-alive
        assertThat(first.next(KindCase.PING).getPing().getNonce()).isNotZero();
        assertThat(nextState()).isEqualTo(ConnectionState.RECONNECTING);
        assertThat(causes.get(0)).get().asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.THROWABLE)
                .isInstanceOf(TransportException.class).hasMessageContaining("keep-alive");
        server.nextPeer().next(KindCase.CONNECT);
        assertThat(nextState()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(client.state()).isEqualTo(ConnectionState.CONNECTED);
    }

    @Test
    void afterALostConnectionTheClientReconnectsAndResubscribesWithTheSameQueue() throws Exception {
        RemotePubSub client = connect();
        FakeServer.Peer first = server.nextPeer();
        LinkedBlockingQueue<String> inbox = new LinkedBlockingQueue<>();
        Subscription subscription = subscribe(client, first, "news/#", SubscribeOptions.defaults(), inbox);
        first.connection.close();
        assertThat(nextState()).isEqualTo(ConnectionState.RECONNECTING);
        FakeServer.Peer second = server.nextPeer();
        second.next(KindCase.CONNECT);
        Frame resubscribe = second.next(KindCase.SUBSCRIBE);
        assertThat(resubscribe.getSubscribe().getFilter()).isEqualTo("news/#");
        assertThat(client.state()).as("state before the re-subscription is acknowledged").isEqualTo(ConnectionState.RECONNECTING);
        second.send(suback(resubscribe));
        assertThat(nextState()).isEqualTo(ConnectionState.CONNECTED);
        second.send(EnvelopeFrames.deliver(resubscribe.getSubscribe().getSubscriptionId(), 1, 1, sealed(client, second, "news/x", "back")));
        assertThat(inbox.poll(WAIT, TimeUnit.MILLISECONDS)).isEqualTo("back");
        assertThat(subscription.isOpen()).isTrue();
    }

    @Test
    void aPublishSentButUnansweredWhenTheConnectionDropsFailsWithTransportException() throws Exception {
        RemotePubSub client = connect();
        FakeServer.Peer peer = server.nextPeer();
        CompletableFuture<PublishReceipt> receipt = client.publish("t", "in flight");
        peer.next(KindCase.PUBLISH);
        peer.connection.close();
        assertThat(failure(receipt)).isInstanceOf(TransportException.class).hasMessageContaining("may or may not");
    }

    @Test
    void whileReconnectingPublishesWaitInTheBoundedBufferAndGoOutInOrder() throws Exception {
        RemotePubSub client = connect("whispeer.client.publish-buffer.max-messages", "3");
        FakeServer.Peer first = server.nextPeer();
        server.autoConnack = false;
        first.connection.close();
        assertThat(nextState()).isEqualTo(ConnectionState.RECONNECTING);
        List<CompletableFuture<PublishReceipt>> buffered = List.of(client.publish("t", "a"), client.publish("t", "b"), client.publish("t", "c"));
        assertThat(failure(client.publish("t", "d"))).isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("whispeer.client.publish-buffer.max-messages=3");
        FakeServer.Peer second = server.nextPeer();
        second.next(KindCase.CONNECT);
        assertThat(buffered).noneMatch(CompletableFuture::isDone);
        second.connack();
        List<String> topicsAndIds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Frame publish = second.next(KindCase.PUBLISH);
            topicsAndIds.add(EnvelopeFrames.toEnvelope(publish.getPublish()).id().toString());
            second.send(puback(publish.getPublish().getRequestId()));
        }
        for (int i = 0; i < 3; i++) {
            assertThat(await(buffered.get(i)).id().toString()).as("publish %s", i).isEqualTo(topicsAndIds.get(i));
        }
        assertThat(nextState()).isEqualTo(ConnectionState.CONNECTED);
    }

    @Test
    void givingUpAfterTheMaximumAttemptsClosesTheClientAndFailsTheBuffer() throws Exception {
        RemotePubSub client = connect("whispeer.client.reconnect.max-attempts", "2", "whispeer.client.reconnect.initial-delay", "200ms",
                "whispeer.client.reconnect.max-delay", "400ms");
        FakeServer.Peer first = server.nextPeer();
        server.stopListening();
        first.connection.close();
        assertThat(nextState()).isEqualTo(ConnectionState.RECONNECTING);
        CompletableFuture<PublishReceipt> buffered = client.publish("t", "never sent");
        assertThat(nextState()).isEqualTo(ConnectionState.CLOSED);
        assertThat(causes.get(1)).get().asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.THROWABLE)
                .hasMessageContaining("after 2 attempt(s)");
        assertThat(failure(buffered)).isInstanceOf(TransportException.class).hasMessageContaining("buffered");
        assertThatThrownBy(() -> client.publish("t", "late")).isInstanceOf(BrokerClosedException.class);
    }

    // ------------------------------------------------------------------------------------------------ drain

    @Test
    void drainWaitsForThePublishesToBeAcknowledgedThenUnsubscribesAndDeliversWhatArrived() throws Exception {
        RemotePubSub client = connect();
        FakeServer.Peer peer = server.nextPeer();
        LinkedBlockingQueue<String> inbox = new LinkedBlockingQueue<>();
        subscribe(client, peer, "t", SubscribeOptions.defaults(), inbox);
        Envelope last = sealed(client, peer, "t", "last");
        CompletableFuture<PublishReceipt> unanswered = client.publish("t", "unanswered");
        long unansweredId = peer.next(KindCase.PUBLISH).getPublish().getRequestId();
        CompletableFuture<Void> drained = client.drain();
        assertThat(nextState()).isEqualTo(ConnectionState.DRAINING);
        assertThatThrownBy(() -> client.publish("t", "after drain")).isInstanceOf(BrokerClosedException.class);
        assertThat(peer.received.poll(100, TimeUnit.MILLISECONDS)).as("a frame before the last PUBACK").isNull();
        peer.send(puback(unansweredId));
        assertThat(await(unanswered).queued()).isEqualTo(1);
        Frame unsubscribe = peer.next(KindCase.UNSUBSCRIBE);
        long subscriptionId = unsubscribe.getUnsubscribe().getSubscriptionId();
        peer.send(EnvelopeFrames.deliver(subscriptionId, 1, 1, last)); // before the UNSUBACK: still delivered
        assertThat(drained).as("drain before the UNSUBACK").isNotDone();
        peer.send(Frame.newBuilder().setUnsuback(Unsuback.newBuilder().setRequestId(unsubscribe.getUnsubscribe().getRequestId())
                .setSubscriptionId(subscriptionId)).build());
        await(drained);
        assertThat(inbox.poll(WAIT, TimeUnit.MILLISECONDS)).isEqualTo("last");
        assertThat(nextState()).isEqualTo(ConnectionState.CLOSED);
        assertThat(client.state()).isEqualTo(ConnectionState.CLOSED);
    }

    @Test
    void aDrainThatOutlastsItsTimeoutFailsAndClosesAnyway() throws Exception {
        RemotePubSub client = connect("whispeer.client.drain-timeout", "300ms");
        FakeServer.Peer peer = server.nextPeer();
        CompletableFuture<PublishReceipt> unanswered = client.publish("t", "never acknowledged");
        peer.next(KindCase.PUBLISH);
        assertThat(failure(client.drain())).isInstanceOf(TransportException.class).hasMessageContaining("whispeer.client.drain-timeout");
        assertThat(client.state()).isEqualTo(ConnectionState.CLOSED);
        assertThat(failure(unanswered)).isInstanceOf(TransportException.class);
    }
}
