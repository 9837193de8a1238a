package io.whispeer.bench.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;

/**
 * MQTT 3.1.1 at QoS 0: {@code mosquitto} (Debian's 2.0) as a child process, driven by the HiveMQ MQTT client
 * ({@code com.hivemq:hivemq-mqtt-client}, async API, on the Netty 4.2 that whispeer uses), one connection per publisher
 * and per subscriber. The harness topic ({@code bench/e2e/c0}) is a valid MQTT topic as it is.
 *
 * <p>Config ({@link #config(int, String)}): {@code listener PORT 127.0.0.1}, {@code allow_anonymous true},
 * {@code persistence false}, {@code set_tcp_nodelay true} (its default is false; Redis and nats-server set
 * TCP_NODELAY, and so does whispeer), errors and warnings logged to stdout (the harness's log file), and
 * {@code max_queued_messages 0} with {@code max_queued_bytes 0}. Why the last two: the man page says they limit QoS 1
 * and 2 messages, but mosquitto 2.0's {@code db__ready_for_flight} also applies them to QoS 0 messages for a
 * connected subscriber, for which the choice is "in flight or dropped": with the default {@code max_queued_messages
 * 1000}, a QoS 0 message is silently dropped once 1,000 packets wait to be written to that subscriber's socket, which
 * the harness's window (10,000 by default) reaches at max rate. With both limits at 0 mosquitto never drops QoS 0
 * messages to a connected subscriber (it buffers them instead, as the other systems do). {@code queue_qos0_messages}
 * is left off: it only concerns disconnected persistent clients. {@code user} is the harness's own user, so a
 * mosquitto started as root stays root instead of switching to a {@code mosquitto} account.
 *
 * <p>Flush policy: {@link Publisher#publish(byte[])} hands a QoS 0 PUBLISH to the client's Netty channel, which
 * flushes when its event loop has written what is queued, so {@link Publisher#flush()} is a no-op, as for whispeer. The
 * client keeps a reference to the payload array until it is written, so the publisher copies the harness's reused one.
 * Failed publishes and disconnects (other than the adapter's own) are counted as failures. Subscribers take each
 * message's payload as a byte array in the client's callback.
 */
final class MosquittoAdapter extends PeerAdapter {
    private static final long TIMEOUT_SECONDS = 10;

    MosquittoAdapter(String brokerCpus) {
        super(PeerSystems.MOSQUITTO, brokerCpus);
    }

    /** {@return the mosquitto config for {@code port}, running as {@code user} when started as root} */
    static String config(int port, String user) {
        return """
                # whispeer e2e: MQTT on loopback, no persistence, no auth; QoS 0 messages are never dropped.
                listener %d 127.0.0.1
                allow_anonymous true
                persistence false
                max_queued_messages 0
                max_queued_bytes 0
                set_tcp_nodelay true
                user %s
                log_dest stdout
                log_type error
                log_type warning
                connection_messages false
                """.formatted(port, user);
    }

    @Override
    public String name() {
        return PeerSystems.MOSQUITTO;
    }

    @Override
    public void start() throws IOException, InterruptedException {
        Path binary = ExternalServer.require("mosquitto", "/usr/sbin/mosquitto", "mosquitto");
        String user = System.getProperty("user.name");
        server = ExternalServer.start("mosquitto", binary, "mosquitto.conf", port -> config(port, user),
                config -> List.of("-c", config.toString()), brokerCpus);
    }

    private Mqtt3AsyncClient connect(String role, AtomicBoolean closing) throws IOException, InterruptedException {
        Mqtt3AsyncClient client = MqttClient.builder().useMqttVersion3().identifier("whispeer-e2e-" + role + "-" + UUID.randomUUID())
                .serverHost("127.0.0.1").serverPort(server.port())
                .addDisconnectedListener(context -> {
                    if (!closing.get()) {
                        failures.record(role + " disconnected", context.getCause());
                    }
                })
                .buildAsync();
        await(client.connectWith().cleanSession(true).send(), "connect the " + role);
        return client;
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> future, String what) throws IOException, InterruptedException {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IOException("Could not " + what + " to mosquitto: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new IOException("Could not " + what + " to mosquitto within " + TIMEOUT_SECONDS + " s", e);
        }
    }

    private static void disconnect(Mqtt3AsyncClient client, AtomicBoolean closing) throws IOException {
        closing.set(true);
        try {
            await(client.disconnect(), "disconnect");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while disconnecting from mosquitto", e);
        }
    }

    @Override
    public Publisher publisher(String topic) throws IOException, InterruptedException {
        AtomicBoolean closing = new AtomicBoolean();
        Mqtt3AsyncClient client = connect("publisher", closing);
        // the client's Netty channel flushes by itself
        return selfFlushingPublisher(payload -> client.publishWith().topic(topic).qos(MqttQos.AT_MOST_ONCE).payload(payload.clone()).send()
                .whenComplete((published, error) -> {
                    if (error != null) {
                        failures.record("publish", error);
                    }
                }), () -> disconnect(client, closing));
    }

    @Override
    public AutoCloseable subscribe(String topic, Receiver receiver) throws IOException, InterruptedException {
        AtomicBoolean closing = new AtomicBoolean();
        Mqtt3AsyncClient client = connect("subscriber", closing);
        try {
            await(client.subscribeWith().topicFilter(topic).qos(MqttQos.AT_MOST_ONCE)
                    .callback(message -> receiver.onMessage(message.getPayloadAsBytes())).send(), "subscribe");
        } catch (IOException | InterruptedException | RuntimeException e) {
            disconnect(client, closing);
            throw e;
        }
        return () -> disconnect(client, closing);
    }
}
