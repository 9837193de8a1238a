package io.whispeer.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.whispeer.api.Broker;
import io.whispeer.api.Envelope;
import io.whispeer.api.Whispeer;
import io.whispeer.api.spi.ClientInfo;
import io.whispeer.api.spi.DropReason;
import io.whispeer.api.spi.Plugin;
import io.whispeer.api.spi.SubscriptionInfo;
import io.whispeer.protocol.EnvelopeFrames;
import io.whispeer.protocol.v1.ErrorCode;
import io.whispeer.protocol.v1.Frame;
import io.whispeer.protocol.v1.OverflowPolicy;
import io.whispeer.protocol.v1.Subscribe;

/**
 * A subscriber that stops reading while others keep up: with {@code slow-consumer=disconnect} it is closed with the
 * documented reason, with {@code drop} its queued messages are dropped and counted, and either way the other
 * subscriber and the publisher lose nothing.
 */
class SlowConsumerTest {
    /** 2,000 messages of 8 KiB: more than loopback socket buffers hold, so the server's outbound limit is reached. */
    private static final int MESSAGES = 2_000;
    private static final String FILLER = "x".repeat(8 << 10);
    private final List<AutoCloseable> open = new ArrayList<>();
    private final CompletableFuture<Optional<Throwable>> slowDisconnected = new CompletableFuture<>();
    private final CompletableFuture<DropReason> slowDropped = new CompletableFuture<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private Broker server(String policy) {
        Plugin watcher = new Plugin() {
            @Override
            public String name() {
                return "watcher";
            }

            @Override
            public void onDisconnect(ClientInfo client, Optional<Throwable> cause) {
                if (client.id().equals("slow")) {
                    slowDisconnected.complete(cause);
                }
            }

            @Override
            public void onDrop(Envelope envelope, SubscriptionInfo subscription, DropReason reason) {
                if (subscription.client().id().equals("slow")) {
                    slowDropped.complete(reason);
                }
            }
        };
        Broker broker = Whispeer.builder().property("whispeer.server.auth.anonymous", "true")
                .property("whispeer.transport.write-buffer-high-water-mark", "4096")
                .property("whispeer.server.max-pending-outbound-bytes", "4096")
                .property("whispeer.server.slow-consumer-timeout", "200ms")
                .property("whispeer.server.slow-consumer", policy)
                .plugin(watcher)
                .transport("tcp://127.0.0.1:0").build();
        open.add(broker);
        return broker;
    }

    private RawClient subscriber(Broker broker, String clientId, int capacity) throws Exception {
        RawClient client = RawClient.open(broker.endpoints().get(0));
        open.add(client);
        client.send(Frame.newBuilder().setConnect(io.whispeer.protocol.v1.Connect.newBuilder().addVersions(1).setClientId(clientId)).build());
        client.next(Frame.KindCase.CONNACK);
        client.send(Frame.newBuilder().setSubscribe(Subscribe.newBuilder().setRequestId(1).setSubscriptionId(1).setFilter("t")
                .setQueueCapacity(capacity).setOverflowPolicy(OverflowPolicy.OVERFLOW_POLICY_BLOCK)).build());
        client.next(Frame.KindCase.SUBACK);
        return client;
    }

    private void publishAndCheckTheOthers(Broker broker, RawClient fast) throws Exception {
        RawClient publisher = RawClient.connected(broker.endpoints().get(0));
        open.add(publisher);
        for (int i = 1; i <= MESSAGES; i++) {
            publisher.send(EnvelopeFrames.publish(i, RawClient.envelope("t", i + " " + FILLER)));
        }
        for (int i = 1; i <= MESSAGES; i++) {
            Envelope received = EnvelopeFrames.toEnvelope(fast.next(Frame.KindCase.DELIVER).getDeliver());
            assertThat(new String(received.payloadBytes())).startsWith(i + " ");
        }
        assertThat(publisher.pubacks(MESSAGES)).hasSize(MESSAGES); // in any order, each once
    }

    @Test
    void aSlowConsumerIsDisconnectedWithTheReasonWhileTheOthersGetEverything() throws Exception {
        Broker broker = server("disconnect");
        RawClient slow = subscriber(broker, "slow", 16);
        RawClient fast = subscriber(broker, "fast", 16);
        slow.connection.pauseReading();

        publishAndCheckTheOthers(broker, fast);

        Optional<Throwable> cause = slowDisconnected.get(RawClient.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(cause).get().extracting(Throwable::getMessage).asString()
                .contains("Slow consumer").contains("whispeer.server.slow-consumer=disconnect");
        slow.connection.resumeReading();
        var error = slow.next(Frame.KindCase.ERROR).getError();
        assertThat(error.getCode()).isEqualTo(ErrorCode.ERROR_CODE_SLOW_CONSUMER);
        assertThat(error.getFatal()).isTrue();
        slow.awaitClosed();
    }

    @Test
    void underTheDropPolicyASlowConsumerLosesItsQueueAndStaysConnected() throws Exception {
        Broker broker = server("drop");
        RawClient slow = subscriber(broker, "slow", 16);
        RawClient fast = subscriber(broker, "fast", 16);
        slow.connection.pauseReading();

        publishAndCheckTheOthers(broker, fast);

        assertThat(slowDropped.get(RawClient.TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(DropReason.SLOW_CONSUMER);
        assertThat(broker.stats().dropped()).isPositive();
        slow.connection.resumeReading();
        RawClient publisher = RawClient.connected(broker.endpoints().get(0));
        open.add(publisher);
        publisher.send(EnvelopeFrames.publish(1, RawClient.envelope("t", "after")));
        while (true) {
            Envelope received = EnvelopeFrames.toEnvelope(slow.next(Frame.KindCase.DELIVER).getDeliver());
            if (new String(received.payloadBytes()).equals("after")) {
                break;
            }
        }
        assertThat(slowDisconnected).isNotDone();
    }
}
