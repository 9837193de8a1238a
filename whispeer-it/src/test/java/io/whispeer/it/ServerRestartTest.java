package io.whispeer.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.whispeer.api.Broker;
import io.whispeer.api.ClientOptions;
import io.whispeer.api.ConnectionState;
import io.whispeer.api.RemotePubSub;
import io.whispeer.api.Whispeer;

/** A server restarts on the same address: its clients reconnect and re-subscribe by themselves. */
class ServerRestartTest {
    private static Broker server(String address) {
        return Whispeer.builder().property("whispeer.server.auth.anonymous", "true").transport(address).build();
    }

    @Test
    void clientsReconnectAndResubscribeAfterTheServerRestarts() throws Exception {
        Broker first = server("tcp://127.0.0.1:0");
        URI endpoint = first.endpoints().get(0);
        ClientOptions options = ClientOptions.builder()
                .property("whispeer.client.reconnect.initial-delay", "20ms")
                .property("whispeer.client.reconnect.max-delay", "200ms").build();
        LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
        List<ConnectionState> states = new CopyOnWriteArrayList<>();
        LinkedBlockingQueue<ConnectionState> changes = new LinkedBlockingQueue<>();
        try (RemotePubSub subscriber = Whispeer.connect(endpoint.toString(), options);
             RemotePubSub publisher = Whispeer.connect(endpoint.toString(), options)) {
            subscriber.addStateListener((state, cause) -> {
                states.add(state);
                changes.add(state);
            });
            subscriber.subscribe("news", String.class, m -> received.add(m.payload()));
            publisher.publish("news", "before").get(10, TimeUnit.SECONDS);
            assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("before");

            first.close();
            assertThat(changes.poll(10, TimeUnit.SECONDS)).isEqualTo(ConnectionState.RECONNECTING);
            try (Broker second = server(endpoint.toString())) {
                assertThat(second.endpoints()).hasSize(1);
                assertThat(changes.poll(10, TimeUnit.SECONDS)).isEqualTo(ConnectionState.CONNECTED);
                // The publisher reconnects on its own schedule (its publishes wait in its buffer meanwhile), and the
                // subscriber re-subscribes right after it connected: publish until one arrives, within a deadline.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                String got = null;
                for (int i = 0; got == null && System.nanoTime() < deadline; i++) {
                    publisher.publish("news", "after " + i).get(10, TimeUnit.SECONDS);
                    got = received.poll(100, TimeUnit.MILLISECONDS);
                }
                assertThat(got).as("a message published after the restart").startsWith("after ");
                assertThat(states).containsExactly(ConnectionState.RECONNECTING, ConnectionState.CONNECTED);
            }
        }
    }
}
