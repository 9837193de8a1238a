package io.whispeer.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.whispeer.api.Broker;
import io.whispeer.api.ClientOptions;
import io.whispeer.api.Envelope;
import io.whispeer.api.KeyRing;
import io.whispeer.api.RemotePubSub;
import io.whispeer.api.Whispeer;
import io.whispeer.keys.KeyRings;
import io.whispeer.tck.CapturedLogs;

/**
 * The promise of the product: a value a remote client publishes never appears in any byte that reaches the server,
 * nor in what the server's plugins see or what it logs, while the subscriber, holding the key, reads it.
 */
class RemoteCanaryTest {
    record Secret(String owner, String text) {
    }

    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs();

    private static void assertNoCanary(byte[] bytes, String canary, String where) {
        String asText = new String(bytes, StandardCharsets.ISO_8859_1);
        assertThat(asText).as(where + " (" + bytes.length + " bytes)").doesNotContain(canary);
        assertThat(HexFormat.of().formatHex(bytes)).as(where + " in hex").doesNotContain(HexFormat.of().formatHex(canary.getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tcp://127.0.0.1:0", "ws://127.0.0.1:0/whispeer"})
    void aCanaryPublishedRemotelyNeverReachesTheServerInTheClear(String listener) throws Exception {
        String canary = "CANARY-" + java.util.UUID.randomUUID();
        CapturePlugin plugin = new CapturePlugin();
        KeyRing ring = KeyRings.global(1, KeyRings.generateKey());
        try (Broker server = Whispeer.builder().property("whispeer.server.auth.anonymous", "true").plugin(plugin).transport(listener).build();
             RecordingRelay relay = new RecordingRelay(server.endpoints().get(0))) {
            ClientOptions options = ClientOptions.builder().encryption("xchacha20-poly1305", ring).topic("vault/+", Secret.class).build();
            try (RemotePubSub subscriber = Whispeer.connect(relay.endpoint().toString(), options);
                 RemotePubSub publisher = Whispeer.connect(relay.endpoint().toString(), options)) {
                CompletableFuture<Secret> received = new CompletableFuture<>();
                subscriber.subscribe("vault/+", Secret.class, m -> received.complete(m.payload()));
                publisher.publish("vault/alice", new Secret("alice", canary)).get(10, TimeUnit.SECONDS);

                assertThat(received.get(10, TimeUnit.SECONDS).text()).isEqualTo(canary);
            }
            assertNoCanary(relay.bytesToServer(), canary, "bytes the clients sent to the server");
            assertThat(plugin.published).isNotEmpty();
            for (Envelope envelope : plugin.published) {
                assertNoCanary(envelope.toBytes(), canary, "the envelope a server plugin saw");
            }
            assertThat(String.join("\n", logs.messages())).doesNotContain(canary);
        }
    }

    @Test
    void withoutEncryptionTheCanaryIsVisibleSoTheTestCanFail() throws Exception {
        String canary = "CANARY-" + java.util.UUID.randomUUID();
        try (Broker server = Whispeer.builder().property("whispeer.server.auth.anonymous", "true").transport("tcp://127.0.0.1:0").build();
             RecordingRelay relay = new RecordingRelay(server.endpoints().get(0));
             RemotePubSub publisher = Whispeer.connect(relay.endpoint().toString(),
                     ClientOptions.builder().compression("none").property("whispeer.padding", "off").build())) {
            publisher.publish("plain/alice", new Secret("alice", canary)).get(10, TimeUnit.SECONDS);

            assertThat(new String(relay.bytesToServer(), StandardCharsets.ISO_8859_1)).contains(canary);
        }
    }
}
