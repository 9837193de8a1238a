package io.whispeer.bench.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Consumer;
import io.nats.client.Dispatcher;
import io.nats.client.ErrorListener;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;

/**
 * NATS core (no JetStream): {@code nats-server} (Debian's 2.9) as a child process, driven by jnats ({@code io.nats:jnats}),
 * one connection per publisher and per subscriber.
 *
 * <p>Config ({@link #config(int)}): {@code listen: 127.0.0.1:PORT}, {@code max_payload} 1 MiB (its default; 16 KiB
 * payloads fit), {@code max_pending} 256 MiB per connection instead of 64 MiB (so that a full harness window of 16 KiB
 * payloads is never a server-side slow consumer), no JetStream, no monitoring port, no debug or trace logging.
 *
 * <p>Flush policy: {@link Connection#publish(String, byte[])} queues the message for jnats' own writer thread, which
 * batches what is queued into each socket write, so {@link Publisher#flush()} is a no-op, like whispeer's client,
 * which flushes once per burst by itself. jnats keeps a reference to the published array until it is written, so the
 * publisher copies the harness's reused payload (the whispeer client copies while it encodes). The outgoing queue holds
 * up to 65,536 messages (jnats' default is 5,000), more than the harness's default window of 10,000, so a publish
 * does not fail on a full queue; a window above 65,536 could make publishes fail, and they would be counted as failures.
 *
 * <p>Subscribers: a {@link Dispatcher} per connection hands {@link Message#getData()} to the receiver; its pending
 * limits are off (the defaults, 512 Ki messages or 64 MiB, would mark it a slow consumer and drop at max rate). Slow
 * consumers, discarded messages, errors and disconnects are counted as failures. Topics map {@code /} to {@code .}
 * ({@code bench/e2e/c0} is the subject {@code bench.e2e.c0}).
 */
final class NatsAdapter extends PeerAdapter {
    private static final int OUTGOING_QUEUE = 1 << 16;

    NatsAdapter(String brokerCpus) {
        super(PeerSystems.NATS, brokerCpus);
    }

    /** {@return the nats-server config for {@code port}} */
    static String config(int port) {
        return """
                # whispeer e2e: core NATS on loopback, no JetStream, no auth, no monitoring port.
                listen: 127.0.0.1:%d
                max_payload: 1048576
                max_pending: 268435456
                debug: false
                trace: false
                """.formatted(port);
    }

    @Override
    public String name() {
        return PeerSystems.NATS;
    }

    @Override
    public void start() throws IOException, InterruptedException {
        Path binary = ExternalServer.require("nats-server", "/usr/sbin/nats-server", "nats-server");
        server = ExternalServer.start("nats-server", binary, "nats-server.conf", NatsAdapter::config,
                config -> List.of("-c", config.toString()), brokerCpus);
    }

    /** {@return the subject for a harness topic: {@code /} becomes {@code .}} */
    static String subject(String topic) {
        return topic.replace('/', '.');
    }

    private Connection connect(String role, AtomicBoolean closing) throws IOException, InterruptedException {
        ErrorListener errors = new ErrorListener() {
            @Override
            public void errorOccurred(Connection connection, String error) {
                failures.record(role + " error", error);
            }

            @Override
            public void exceptionOccurred(Connection connection, Exception exception) {
                if (!closing.get()) {
                    failures.record(role + " exception", exception);
                }
            }

            @Override
            public void slowConsumerDetected(Connection connection, Consumer consumer) {
                failures.record(role + " slow consumer", consumer.getDroppedCount() + " dropped");
            }

            @Override
            public void messageDiscarded(Connection connection, Message message) {
                failures.record(role + " message discarded", message.getSubject());
            }
        };
        ConnectionListener events = (connection, event) -> {
            if (event == ConnectionListener.Events.DISCONNECTED && !closing.get()) {
                failures.record(role + " disconnected", event);
            }
        };
        Options options = new Options.Builder().server("nats://127.0.0.1:" + server.port()).connectionName("whispeer-e2e-" + role)
                .noReconnect().connectionTimeout(Duration.ofSeconds(5)).maxMessagesInOutgoingQueue(OUTGOING_QUEUE)
                .errorListener(errors).connectionListener(events).build();
        return Nats.connect(options);
    }

    @Override
    public Publisher publisher(String topic) throws IOException, InterruptedException {
        String subject = subject(topic);
        AtomicBoolean closing = new AtomicBoolean();
        Connection connection = connect("publisher", closing);
        // jnats' writer thread writes whatever is queued by itself
        return selfFlushingPublisher(payload -> {
            try {
                connection.publish(subject, payload.clone());
            } catch (RuntimeException e) {
                failures.record("publish", e);
            }
        }, () -> {
            closing.set(true);
            closeConnection(connection);
        });
    }

    @Override
    public AutoCloseable subscribe(String topic, Receiver receiver) throws Exception {
        AtomicBoolean closing = new AtomicBoolean();
        Connection connection = connect("subscriber", closing);
        try {
            Dispatcher dispatcher = connection.createDispatcher(message -> receiver.onMessage(message.getData()));
            dispatcher.setPendingLimits(0, 0);
            dispatcher.subscribe(subject(topic));
            // One round trip so that the server has the SUB before the harness starts probing.
            connection.flush(Duration.ofSeconds(5));
        } catch (Exception e) {
            closing.set(true);
            closeConnection(connection);
            throw e;
        }
        return () -> {
            closing.set(true);
            closeConnection(connection);
        };
    }

    private static void closeConnection(Connection connection) throws IOException {
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while closing a NATS connection", e);
        }
    }
}
