package io.whispeer.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.whispeer.api.Broker;
import io.whispeer.api.ConfigurationException;
import io.whispeer.api.Envelope;
import io.whispeer.api.Whispeer;
import io.whispeer.protocol.EnvelopeFrames;
import io.whispeer.protocol.v1.Connect;
import io.whispeer.protocol.v1.ErrorCode;
import io.whispeer.protocol.v1.Frame;
import io.whispeer.protocol.v1.OverflowPolicy;
import io.whispeer.protocol.v1.Ping;
import io.whispeer.protocol.v1.Subscribe;
import io.whispeer.protocol.v1.Unsubscribe;

class ServerSessionTest {
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private Broker server(Map<String, String> settings, String... listeners) {
        var builder = Whispeer.builder().property("whispeer.server.auth.anonymous", "true").properties(settings);
        for (String listener : listeners.length == 0 ? new String[] {"tcp://127.0.0.1:0"} : listeners) {
            builder.transport(listener);
        }
        Broker broker = builder.build();
        open.add(broker);
        return broker;
    }

    private RawClient connected(URI endpoint) throws Exception {
        RawClient client = RawClient.connected(endpoint);
        open.add(client);
        return client;
    }

    private RawClient raw(URI endpoint) throws Exception {
        RawClient client = RawClient.open(endpoint);
        open.add(client);
        return client;
    }

    private static Frame subscribe(long requestId, long subscriptionId, String filter) {
        return Frame.newBuilder().setSubscribe(Subscribe.newBuilder().setRequestId(requestId).setSubscriptionId(subscriptionId).setFilter(filter)).build();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tcp", "ws"})
    void aPublishedEnvelopeReachesASubscriberWithTheSameSealedBytes(String scheme) throws Exception {
        Broker broker = server(Map.of(), scheme.equals("tcp") ? "tcp://127.0.0.1:0" : "ws://127.0.0.1:0/whispeer");
        RawClient subscriber = connected(broker.endpoints().get(0));
        subscriber.send(subscribe(1, 7, "sensors/+/temp"));
        assertThat(subscriber.next().getSuback().getSubscriptionId()).isEqualTo(7);
        RawClient publisher = connected(broker.endpoints().get(0));
        Envelope envelope = RawClient.envelope("sensors/kitchen/temp", "21.5");
        publisher.send(EnvelopeFrames.publish(42, envelope));

        var ack = publisher.next().getPuback();
        assertThat(ack.getRequestId()).isEqualTo(42);
        assertThat(ack.getMatched()).isEqualTo(1);
        var deliver = subscriber.next().getDeliver();
        assertThat(deliver.getSubscriptionId()).isEqualTo(7);
        assertThat(deliver.getTopic()).isEqualTo("sensors/kitchen/temp");
        assertThat(deliver.getSealed().toByteArray()).isEqualTo(envelope.toBytes());
    }

    @Test
    void aTcpPublisherReachesAWebSocketSubscriberAndTheReverse() throws Exception {
        Broker broker = server(Map.of(), "tcp://127.0.0.1:0", "ws://127.0.0.1:0/whispeer");
        RawClient overTcp = connected(broker.endpoints().get(0));
        RawClient overWs = connected(broker.endpoints().get(1));
        overTcp.send(subscribe(1, 1, "a"));
        overWs.send(subscribe(1, 1, "b"));
        overTcp.next(Frame.KindCase.SUBACK);
        overWs.next(Frame.KindCase.SUBACK);

        overTcp.send(EnvelopeFrames.publish(0, RawClient.envelope("b", "to ws")));
        overWs.send(EnvelopeFrames.publish(0, RawClient.envelope("a", "to tcp")));

        assertThat(overWs.next(Frame.KindCase.DELIVER).getDeliver().getTopic()).isEqualTo("b");
        assertThat(overTcp.next(Frame.KindCase.DELIVER).getDeliver().getTopic()).isEqualTo("a");
    }

    @Test
    void aFrameBeforeConnectIsAProtocolViolationThatClosesOnlyThatConnection() throws Exception {
        Broker broker = server(Map.of());
        RawClient bystander = connected(broker.endpoints().get(0));
        RawClient rude = raw(broker.endpoints().get(0));
        rude.send(EnvelopeFrames.publish(1, RawClient.envelope("a", "x")));

        var error = rude.next().getError();
        assertThat(error.getCode()).isEqualTo(ErrorCode.ERROR_CODE_PROTOCOL_VIOLATION);
        assertThat(error.getFatal()).isTrue();
        assertThat(error.getMessage()).contains("before an accepted CONNECT");
        rude.awaitClosed();
        bystander.send(Frame.newBuilder().setPing(Ping.newBuilder().setNonce(5)).build());
        assertThat(bystander.next().getPong().getNonce()).isEqualTo(5);
    }

    @Test
    void bytesThatAreNotAFrameGetAMalformedFrameErrorAndAClose() throws Exception {
        RawClient client = raw(server(Map.of()).endpoints().get(0));
        client.sendRaw(new byte[] {(byte) 0xff, 0x01, 0x02});

        var error = client.next().getError();
        assertThat(error.getCode()).isEqualTo(ErrorCode.ERROR_CODE_MALFORMED_FRAME);
        assertThat(error.getFatal()).isTrue();
        client.awaitClosed();
    }

    @Test
    void aFrameOverTheLimitGetsALimitErrorAndOnlyThatConnectionCloses() throws Exception {
        Broker broker = server(Map.of("whispeer.transport.max-frame-bytes", "1024"));
        RawClient bystander = connected(broker.endpoints().get(0));
        RawClient big = connected(broker.endpoints().get(0));
        big.send(EnvelopeFrames.publish(1, RawClient.envelope("a", "x".repeat(2_000))));

        var error = big.next().getError();
        assertThat(error.getCode()).isEqualTo(ErrorCode.ERROR_CODE_LIMIT_EXCEEDED);
        assertThat(error.getFatal()).isTrue();
        assertThat(error.getMessage()).contains("over the limit of 1024 bytes").contains("whispeer.transport.max-frame-bytes");
        big.awaitClosed();
        bystander.send(Frame.newBuilder().setPing(Ping.newBuilder().setNonce(1)).build());
        assertThat(bystander.next().getPong().getNonce()).isEqualTo(1);
    }

    @Test
    void anUnsupportedVersionIsRefusedWithTheVersionsTheServerSpeaks() throws Exception {
        RawClient client = raw(server(Map.of()).endpoints().get(0));
        client.send(Frame.newBuilder().setConnect(Connect.newBuilder().addVersions(99)).build());

        var error = client.next().getError();
        assertThat(error.getCode()).isEqualTo(ErrorCode.ERROR_CODE_UNSUPPORTED_VERSION);
        assertThat(error.getSupportedVersionsList()).containsExactly(1);
        client.awaitClosed();
    }

    @Test
    void aSlowLorisThatSendsHalfAFrameIsClosedAfterTheHandshakeTimeout() throws Exception {
        URI endpoint = server(Map.of("whispeer.server.handshake-timeout", "200ms")).endpoints().get(0);
        try (Socket socket = new Socket(endpoint.getHost(), endpoint.getPort())) {
            socket.setSoTimeout((int) RawClient.TIMEOUT.toMillis());
            socket.getOutputStream().write(new byte[] {0, 0, 0, 20, 10, 2}); // a 20-byte frame announced, 2 bytes sent, then nothing
            socket.getOutputStream().flush();

            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] frame = new byte[in.readInt()];
            in.readFully(frame);
            var error = Frame.parseFrom(frame).getError();
            assertThat(error.getCode()).isEqualTo(ErrorCode.ERROR_CODE_HANDSHAKE_TIMEOUT);
            assertThat(error.getMessage()).contains("whispeer.server.handshake-timeout");
            assertThat(in.read()).as("end of stream").isEqualTo(-1);
        }
    }

    @Test
    void aSilentConnectionIsClosedAfterTwiceTheKeepAlive() throws Exception {
        RawClient silent = connected(server(Map.of("whispeer.server.keep-alive", "100ms")).endpoints().get(0));

        var error = silent.next(Frame.KindCase.ERROR).getError();
        assertThat(error.getCode()).isEqualTo(ErrorCode.ERROR_CODE_IDLE_TIMEOUT);
        assertThat(error.getMessage()).contains("PING");
        silent.awaitClosed();
    }

    @Test
    void subscriptionsOverTheLimitAreRefusedAndTheConnectionStaysOpen() throws Exception {
        RawClient client = connected(server(Map.of("whispeer.server.max-subscriptions-per-connection", "2")).endpoints().get(0));
        client.send(subscribe(1, 1, "a"));
        client.send(subscribe(2, 2, "b"));
        client.send(subscribe(3, 3, "c"));
        client.next(Frame.KindCase.SUBACK);
        client.next(Frame.KindCase.SUBACK);
        var error = client.next().getError();
        assertThat(error.getRequestId()).isEqualTo(3);
        assertThat(error.getCode()).isEqualTo(ErrorCode.ERROR_CODE_LIMIT_EXCEEDED);
        assertThat(error.getFatal()).isFalse();
        assertThat(error.getMessage()).contains("whispeer.server.max-subscriptions-per-connection=2");

        client.send(Frame.newBuilder().setUnsubscribe(Unsubscribe.newBuilder().setRequestId(4).setSubscriptionId(1)).build());
        assertThat(client.next().getUnsuback().getRequestId()).isEqualTo(4);
        client.send(subscribe(5, 3, "c"));
        assertThat(client.next().getSuback().getRequestId()).isEqualTo(5);
    }

    @Test
    void connectionsOverTheLimitAreRefusedWithAReason() throws Exception {
        URI endpoint = server(Map.of("whispeer.server.max-connections", "1")).endpoints().get(0);
        connected(endpoint);
        RawClient second = raw(endpoint);

        var error = second.next().getError();
        assertThat(error.getCode()).isEqualTo(ErrorCode.ERROR_CODE_LIMIT_EXCEEDED);
        assertThat(error.getMessage()).contains("whispeer.server.max-connections");
        second.awaitClosed();
    }

    @Test
    void connectionsFromOneAddressOverItsLimitAreRefused() throws Exception {
        URI endpoint = server(Map.of("whispeer.server.max-connections-per-address", "1")).endpoints().get(0);
        connected(endpoint);
        RawClient second = raw(endpoint);

        var error = second.next().getError();
        assertThat(error.getMessage()).contains("127.0.0.1").contains("whispeer.server.max-connections-per-address");
    }

    @Test
    void aDeniedSubscribeOrInvalidFilterFailsThatRequestOnly() throws Exception {
        RawClient client = connected(server(Map.of()).endpoints().get(0));
        client.send(subscribe(1, 1, "a/#/b"));
        var error = client.next().getError();
        assertThat(error.getRequestId()).isEqualTo(1);
        assertThat(error.getCode()).isEqualTo(ErrorCode.ERROR_CODE_INVALID_TOPIC);
        assertThat(error.getFatal()).isFalse();
        client.send(subscribe(2, 1, "a/+/b"));
        assertThat(client.next().getSuback().getRequestId()).isEqualTo(2);
    }

    @Test
    void aServerWithoutAWayToLetClientsInRefusesToStart() {
        assertThatThrownBy(() -> Whispeer.builder().transport("tcp://127.0.0.1:0").build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("whispeer.server.auth.anonymous");
    }

    @Test
    void anUnknownServerSettingIsNamed() {
        assertThatThrownBy(() -> server(Map.of("whispeer.server.max-conections", "5")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("whispeer.server.max-conections").hasMessageContaining("Did you mean whispeer.server.max-connections?");
    }

    @Test
    void aBurstOfPipelinedPublishesIsAnsweredWithFewerPubacksThanPublishes() throws Exception {
        RawClient publisher = connected(server(Map.of()).endpoints().get(0));
        int messages = 5_000;
        for (int i = 1; i <= messages; i++) {
            publisher.send(EnvelopeFrames.publish(i, RawClient.envelope("nobody/listens", Integer.toString(i))));
        }
        int frames = 0;
        java.util.Set<Long> answered = new java.util.HashSet<>();
        while (answered.size() < messages) {
            var ack = publisher.next(Frame.KindCase.PUBACK).getPuback();
            frames++;
            for (int i = 0; i < Math.max(1, ack.getCount()); i++) {
                assertThat(answered.add(ack.getRequestId() + i)).as("request %d answered once", ack.getRequestId() + i).isTrue();
                assertThat(ack.getMatched()).isZero();
            }
        }
        assertThat(frames).as("PUBACK frames for %d pipelined publishes", messages).isLessThan(messages);
    }

    @Test
    void shuttingDownTellsEveryClient() throws Exception {
        Broker broker = Whispeer.builder().property("whispeer.server.auth.anonymous", "true").transport("tcp://127.0.0.1:0").build();
        RawClient client = connected(broker.endpoints().get(0));
        broker.close();

        var error = client.next(Frame.KindCase.ERROR).getError();
        assertThat(error.getCode()).isEqualTo(ErrorCode.ERROR_CODE_SERVER_SHUTTING_DOWN);
        client.awaitClosed();
    }

    @Test
    void aBlockSubscriberThatStopsReadingPausesThePublisherAndLosesNothing() throws Exception {
        Broker broker = server(Map.of("whispeer.transport.write-buffer-high-water-mark", "4096",
                "whispeer.server.max-pending-outbound-bytes", "4096", "whispeer.server.slow-consumer-timeout", "60s"));
        RawClient subscriber = connected(broker.endpoints().get(0));
        subscriber.send(Frame.newBuilder().setSubscribe(Subscribe.newBuilder().setRequestId(1).setSubscriptionId(1).setFilter("t")
                .setQueueCapacity(4).setOverflowPolicy(OverflowPolicy.OVERFLOW_POLICY_BLOCK)).build());
        subscriber.next(Frame.KindCase.SUBACK);
        subscriber.connection.pauseReading();
        RawClient publisher = connected(broker.endpoints().get(0));
        int messages = 2_000;
        for (int i = 1; i <= messages; i++) {
            publisher.send(EnvelopeFrames.publish(i, RawClient.envelope("t", "message " + i + " " + "x".repeat(200))));
        }
        subscriber.connection.resumeReading();

        for (int i = 1; i <= messages; i++) {
            var deliver = subscriber.next(Frame.KindCase.DELIVER).getDeliver();
            assertThat(EnvelopeFrames.toEnvelope(deliver).payloadBytes()).asString().startsWith("message " + i + " ");
        }
        var acks = publisher.pubacks(messages);
        assertThat(acks.keySet()).containsExactlyInAnyOrderElementsOf(java.util.stream.LongStream.rangeClosed(1, messages).boxed().toList());
        assertThat(acks.values()).allSatisfy(ack -> assertThat(ack.getQueued()).isEqualTo(1));
        assertThat(broker.stats().dropped()).isZero();
    }

    @Test
    void manyPublishersIntoOneSmallBlockQueueAllFinishInOrder() throws Exception {
        Broker broker = server(Map.of());
        RawClient subscriber = connected(broker.endpoints().get(0));
        subscriber.send(Frame.newBuilder().setSubscribe(Subscribe.newBuilder().setRequestId(1).setSubscriptionId(1).setFilter("flow/+")
                .setQueueCapacity(8).setOverflowPolicy(OverflowPolicy.OVERFLOW_POLICY_BLOCK)).build());
        subscriber.next(Frame.KindCase.SUBACK);
        int publishers = 4;
        int messages = 2_500;
        List<RawClient> clients = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            clients.add(connected(broker.endpoints().get(0)));
        }
        for (int i = 1; i <= messages; i++) {
            for (int p = 0; p < publishers; p++) {
                clients.get(p).send(EnvelopeFrames.publish(i, RawClient.envelope("flow/p" + p, Integer.toString(i))));
            }
        }
        int[] next = new int[publishers];
        java.util.Arrays.fill(next, 1);
        for (int n = 0; n < publishers * messages; n++) {
            var deliver = subscriber.next(Frame.KindCase.DELIVER).getDeliver();
            int p = deliver.getTopic().charAt(deliver.getTopic().length() - 1) - '0';
            assertThat(new String(EnvelopeFrames.toEnvelope(deliver).payloadBytes())).as("publisher %d's order", p).isEqualTo(Integer.toString(next[p]++));
        }
        for (RawClient client : clients) { // PUBACKs may come out of order (the protocol allows it); each comes once
            assertThat(client.pubacks(messages).keySet()).containsExactlyInAnyOrderElementsOf(
                    java.util.stream.LongStream.rangeClosed(1, messages).boxed().toList());
        }
    }
}
