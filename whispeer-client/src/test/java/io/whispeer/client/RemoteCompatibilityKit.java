package io.whispeer.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.whispeer.api.AsyncMessageHandler;
import io.whispeer.api.Broker;
import io.whispeer.api.BrokerBuilder;
import io.whispeer.api.ClientOptions;
import io.whispeer.api.Envelope;
import io.whispeer.api.Headers;
import io.whispeer.api.Message;
import io.whispeer.api.MessageHandler;
import io.whispeer.api.MessageStream;
import io.whispeer.api.OverflowPolicy;
import io.whispeer.api.PubSub;
import io.whispeer.api.PublishReceipt;
import io.whispeer.api.RemotePubSub;
import io.whispeer.api.SubscribeOptions;
import io.whispeer.api.Subscription;
import io.whispeer.api.SubscriptionOverflowException;
import io.whispeer.api.TypeRef;
import io.whispeer.api.Whispeer;
import io.whispeer.tck.PubSubCompatibilityKit;
import io.whispeer.tck.PubSubSpec;

/**
 * The remote client passes the {@link PubSub} compatibility kit: a server broker listening on loopback and a client
 * connected to it, configured from the same spec. Subclasses pick the transport; the test code is the same.
 */
abstract class RemoteCompatibilityKit extends PubSubCompatibilityKit {
    /** {@return where the server listens, with port 0} */
    abstract String listener();

    @Override
    protected PubSub newPubSub(PubSubSpec spec) {
        BrokerBuilder server = Whispeer.builder().transport(listener()).property("whispeer.server.auth.anonymous", "true")
                .properties(spec.settings()).clock(spec.clock());
        Broker broker = server.build();
        try {
            ClientOptions.Builder options = ClientOptions.builder().properties(spec.settings()).clock(spec.clock());
            spec.topicTypes().forEach(options::topic);
            return new ClientAndServer(Whispeer.connect(broker.endpoints().get(0).toString(), options.build()), broker);
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    /** The client sends the same sealed envelope twice, as a client retrying a publish would. */
    @Override
    protected boolean publishTwiceWithOneId(PubSub instance, String topic, String payload) throws Exception {
        ClientAndServer pair = (ClientAndServer) instance;
        CompletableFuture<Envelope> captured = new CompletableFuture<>();
        Subscription capture = pair.server.subscribeEnvelopes(topic, (envelope, count) -> captured.complete(envelope), SubscribeOptions.defaults());
        Envelope envelope;
        try {
            pair.publish(topic, payload).get(10, TimeUnit.SECONDS);
            envelope = captured.get(10, TimeUnit.SECONDS);
        } finally {
            capture.close();
        }
        ((RemoteClient) pair.client).session().publish(envelope).get(10, TimeUnit.SECONDS);
        return true;
    }

    /*
     * The four cases below check what a remote subscription does when its queue overflows, which differs from the
     * embedded broker by design (RemotePubSub, "Receipts and queues"): the server hands each message to the
     * subscriber's connection, so the queue that overflows is the one in the subscribing client. A receipt counts what
     * the server's queues did (queued), and the drop is counted in the subscription's own stats. Making the receipt
     * count the client's drop needs delivery credit between server and client (issue 9's open item).
     */

    private static final long WAIT_SECONDS = 10;

    /** A subscription named "stalled" on "q" whose handler holds m1 until the gate opens; what it received. */
    private record Stalled(Subscription subscription, LinkedBlockingQueue<String> inbox, CountDownLatch gate) {
        void expect(String... payloads) throws InterruptedException {
            for (String payload : payloads) {
                assertThat(inbox.poll(WAIT_SECONDS, TimeUnit.SECONDS)).as("the next message of 'stalled'").isEqualTo(payload);
            }
            assertThat(inbox.poll(QUIET.toMillis(), TimeUnit.MILLISECONDS)).as("a message after " + List.of(payloads)).isNull();
        }
    }

    private Stalled stall(PubSub pubSub, OverflowPolicy policy, OptionalInt capacity) throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch gate = new CountDownLatch(1);
        LinkedBlockingQueue<String> inbox = new LinkedBlockingQueue<>();
        SubscribeOptions.Builder options = SubscribeOptions.builder().name("stalled").overflowPolicy(policy);
        capacity.ifPresent(options::queueCapacity);
        Subscription subscription = pubSub.subscribe("q", String.class, m -> {
            if (m.payload().equals("m1")) {
                entered.countDown();
                assertThat(gate.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("the gate opened").isTrue();
            }
            inbox.add(m.payload());
        }, options.build());
        pubSub.publish("q", "m1").get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(entered.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("the handler took m1").isTrue();
        return new Stalled(subscription, inbox, gate);
    }

    private static PublishReceipt publish(PubSub pubSub, String payload) throws Exception {
        return pubSub.publish("q", payload).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private static List<Integer> counts(PublishReceipt receipt) {
        return List.of(receipt.matched(), receipt.queued(), receipt.dropped());
    }

    /**
     * Remotely, BLOCK holds the overflow back in the subscriber's connection: the client stops reading while its queue
     * is full, so m4's receipt (which this same connection reads after m4's delivery) waits until the handler makes
     * room, and then nothing is lost or reordered.
     */
    @Test
    @Override
    public void blockFailsThePublishWithPublishTimeoutExceptionNamingTheSubscription() throws Exception {
        Stalled stalled = stall(pubSub(), OverflowPolicy.BLOCK, OptionalInt.of(2));
        publish(pubSub(), "m2");
        publish(pubSub(), "m3");
        CompletableFuture<PublishReceipt> m4 = pubSub().publish("q", "m4");
        assertThat(stalled.inbox().poll(QUIET.toMillis(), TimeUnit.MILLISECONDS)).as("a message while the handler holds m1").isNull();
        assertThat(m4).as("the receipt of m4 while the subscriber's queue is full").isNotDone();
        stalled.gate().countDown();
        assertThat(counts(m4.get(WAIT_SECONDS, TimeUnit.SECONDS))).as("receipt of m4 once there is room").containsExactly(1, 1, 0);
        stalled.expect("m1", "m2", "m3", "m4");
        assertThat(stalled.subscription().stats().dropped()).as("dropped count of 'stalled'").isZero();
    }

    /** Remotely, DROP_NEWEST drops m4 in the subscriber's client: counted in the subscription's stats, not the receipt. */
    @Test
    @Override
    public void dropNewestRefusesTheNewMessageAndSaysSoInTheReceipt() throws Exception {
        Stalled stalled = stall(pubSub(), OverflowPolicy.DROP_NEWEST, OptionalInt.of(2));
        publish(pubSub(), "m2");
        publish(pubSub(), "m3");
        assertThat(counts(publish(pubSub(), "m4"))).as("receipt of m4: what the server's queue did").containsExactly(1, 1, 0);
        assertThat(stalled.subscription().stats().dropped()).as("m4 dropped by the full queue of 'stalled', before its receipt")
                .isEqualTo(1);
        stalled.gate().countDown();
        stalled.expect("m1", "m2", "m3");
    }

    /** Remotely, FAIL closes the subscription in the client with the reason, after delivering what was queued. */
    @Test
    @Override
    public void failClosesTheSubscriptionWithSubscriptionOverflowExceptionAfterDeliveringWhatWasQueued() throws Exception {
        Stalled stalled = stall(pubSub(), OverflowPolicy.FAIL, OptionalInt.of(2));
        publish(pubSub(), "m2");
        publish(pubSub(), "m3");
        publish(pubSub(), "m4");
        assertThat(stalled.subscription().isOpen()).as("'stalled' is open after its FAIL overflow").isFalse();
        stalled.gate().countDown();
        stalled.expect("m1", "m2", "m3");
        assertThatThrownBy(() -> stalled.subscription().whenClosed().get(WAIT_SECONDS, TimeUnit.SECONDS))
                .as("why 'stalled' closed").hasCauseInstanceOf(SubscriptionOverflowException.class)
                .cause().hasMessageContaining("stalled").hasMessageContaining("FAIL");
    }

    /** The client's queue capacity comes from its whispeer.subscription.queue-capacity; its overflow is counted there. */
    @Test
    @Override
    public void queueCapacityComesFromTheSettingWhenTheSubscriptionDoesNotSetIt() throws Exception {
        PubSub small = pubSub(baseSpec().withSetting("whispeer.subscription.queue-capacity", "1"));
        Stalled stalled = stall(small, OverflowPolicy.DROP_NEWEST, OptionalInt.empty());
        assertThat(stalled.subscription().stats().capacity()).as("capacity from whispeer.subscription.queue-capacity=1").isEqualTo(1);
        publish(small, "b");
        publish(small, "c");
        assertThat(stalled.subscription().stats().dropped()).as("c overflows the queue of 1").isEqualTo(1);
        stalled.gate().countDown();
        stalled.expect("m1", "b");
    }

    /** The client under test, closing its server when it closes. */
    static final class ClientAndServer implements PubSub {
        final RemotePubSub client;
        final Broker server;

        ClientAndServer(RemotePubSub client, Broker server) {
            this.client = client;
            this.server = server;
        }

        @Override
        public <T> CompletableFuture<PublishReceipt> publish(String topic, T payload, Headers headers) {
            return client.publish(topic, payload, headers);
        }

        @Override
        public <T> Subscription subscribe(String filter, TypeRef<T> type, MessageHandler<T> handler, SubscribeOptions options) {
            return client.subscribe(filter, type, handler, options);
        }

        @Override
        public <T> Subscription subscribeAsync(String filter, TypeRef<T> type, AsyncMessageHandler<T> handler, SubscribeOptions options) {
            return client.subscribeAsync(filter, type, handler, options);
        }

        @Override
        public <T> Flow.Publisher<Message<T>> publisher(String filter, TypeRef<T> type, SubscribeOptions options) {
            return client.publisher(filter, type, options);
        }

        @Override
        public <T> MessageStream<T> stream(String filter, TypeRef<T> type, SubscribeOptions options) {
            return client.stream(filter, type, options);
        }

        @Override
        public void close() {
            try {
                client.close();
            } finally {
                server.close();
            }
        }

        @Override
        public String toString() {
            return client + " to " + server;
        }
    }
}
