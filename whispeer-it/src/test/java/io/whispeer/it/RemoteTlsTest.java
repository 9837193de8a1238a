package io.whispeer.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.whispeer.api.Broker;
import io.whispeer.api.ClientOptions;
import io.whispeer.api.KeyRing;
import io.whispeer.api.Message;
import io.whispeer.api.RemotePubSub;
import io.whispeer.api.Whispeer;
import io.whispeer.keys.KeyRings;

/**
 * A typed, compressed, encrypted round trip through a server listening on {@code tls://} and {@code wss://} with a
 * certificate made for the test, from a TLS publisher to a WSS subscriber and back: the clients trust that
 * certificate only, and the server still sees nothing but sealed envelopes.
 */
class RemoteTlsTest {
    record Reading(String room, double celsius) {
    }

    @TempDir
    Path dir;

    @Test
    void sealedTypedMessagesCrossTlsAndSecureWebSocket() throws Exception {
        TestCertificates certificates = TestCertificates.generate(dir);
        CapturePlugin plugin = new CapturePlugin();
        try (Broker server = Whispeer.builder().property("whispeer.server.auth.anonymous", "true").plugin(plugin)
                .property("whispeer.transport.tcp.tls.cert", certificates.certificate().toString())
                .property("whispeer.transport.tcp.tls.key", certificates.privateKey().toString())
                .property("whispeer.transport.ws.tls.certificate-chain", certificates.certificate().toString())
                .property("whispeer.transport.ws.tls.private-key", certificates.privateKey().toString())
                .transport("tls://127.0.0.1:0").transport("wss://127.0.0.1:0/whispeer").build()) {
            assertThat(server.endpoints()).extracting(java.net.URI::getScheme).containsExactly("tls", "wss");
            KeyRing ring = KeyRings.global(3, KeyRings.generateKey());
            ClientOptions options = ClientOptions.builder().codec("json").compression("zstd").encryption("xchacha20-poly1305", ring)
                    .topic("rooms/+", Reading.class)
                    .property("whispeer.transport.tcp.tls.trust", certificates.certificate().toString())
                    .property("whispeer.transport.ws.tls.trust-certificates", certificates.certificate().toString())
                    .build();
            try (RemotePubSub overTls = Whispeer.connect(server.endpoints().get(0).toString(), options);
                 RemotePubSub overWss = Whispeer.connect(server.endpoints().get(1).toString(), options)) {
                CompletableFuture<Message<Reading>> atWss = new CompletableFuture<>();
                CompletableFuture<Message<Reading>> atTls = new CompletableFuture<>();
                overWss.subscribe("rooms/kitchen", Reading.class, atWss::complete);
                overTls.subscribe("rooms/hall", Reading.class, atTls::complete);

                overTls.publish("rooms/kitchen", new Reading("kitchen", 21.5)).get(10, TimeUnit.SECONDS);
                overWss.publish("rooms/hall", new Reading("hall", 19.0)).get(10, TimeUnit.SECONDS);

                Message<Reading> kitchen = atWss.get(10, TimeUnit.SECONDS);
                assertThat(kitchen.payload()).isEqualTo(new Reading("kitchen", 21.5));
                assertThat(kitchen.info().cipher()).isEqualTo("xchacha20-poly1305");
                assertThat(atTls.get(10, TimeUnit.SECONDS).payload()).isEqualTo(new Reading("hall", 19.0));
            }
            assertThat(plugin.published).hasSize(2).allSatisfy(envelope ->
                    assertThat(new String(envelope.toBytes(), java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("kitchen\"").doesNotContain("hall\""));
        }
    }
}
