package io.whispeer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.whispeer.api.ClientOptions;
import io.whispeer.api.RemotePubSub;
import io.whispeer.api.Subscription;
import io.whispeer.api.Whispeer;
import io.whispeer.keys.KeyRings;

class ServeProcessTest {
    private static final Duration STARTUP = Duration.ofSeconds(60); // a cold JVM on a loaded 2-core machine
    private static final String[] LOOPBACK = {"--tcp", "127.0.0.1:0", "--ws", "127.0.0.1:0/whispeer", "--anonymous"};

    @Test
    void servePrintsItsEndpointsThenReadyAndStopsWithStatus0WithinFifteenSecondsOfSigterm(@TempDir Path dir) throws Exception {
        try (ServeProcess serve = ServeProcess.start(dir, LOOPBACK)) {
            List<URI> endpoints = serve.awaitEndpoints(STARTUP);

            assertThat(endpoints).extracting(URI::getScheme).containsExactly("tcp", "ws");
            assertThat(endpoints.get(1).getPath()).isEqualTo("/whispeer");
            for (URI endpoint : endpoints) {
                assertThat(endpoint.getPort()).isPositive();
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()), 5_000);
                    assertThat(socket.isConnected()).isTrue();
                }
            }

            // SIGTERM on Linux and macOS. Process.destroy() would also close our end of the child's stdout, so that
            // "stopped" could not be read; the handle sends the same signal and leaves the streams alone.
            assertThat(serve.process().toHandle().destroy()).isTrue();

            assertThat(serve.process().waitFor(15, TimeUnit.SECONDS)).as("exited within 15 s of SIGTERM; stderr: %s", serve.stderr()).isTrue();
            assertThat(serve.process().exitValue()).isZero();
            serve.awaitLine("stopped", Duration.ofSeconds(5));
            assertThat(serve.stderr()).as("no JVM warnings (native access flags as ./whispeer passes them)").doesNotContain("WARNING");
        }
    }

    @Test
    void aRemoteClientOverTcpReachesOneOverWebSocketThroughServeWhichStillStopsCleanlyOnSigterm(@TempDir Path dir) throws Exception {
        byte[] master = new byte[KeyRings.KEY_BYTES];
        new SecureRandom().nextBytes(master);
        ClientOptions options = ClientOptions.builder()
                .codec("json").compression("zstd").encryption("xchacha20-poly1305", KeyRings.derived(7, master))
                .topic("rooms/+", Reading.class)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        Reading reading = new Reading("attic", 12.5, "spiders");
        try (ServeProcess serve = ServeProcess.start(dir, LOOPBACK)) {
            List<URI> endpoints = serve.awaitEndpoints(STARTUP);
            try (RemotePubSub subscriber = Whispeer.connect(endpoints.get(1).toString(), options);
                 RemotePubSub publisher = Whispeer.connect(endpoints.get(0).toString(), options)) {
                CompletableFuture<Reading> received = new CompletableFuture<>();
                Subscription subscription = subscriber.subscribe("rooms/+", Reading.class, message -> received.complete(message.payload()));

                publisher.publish("rooms/attic", reading).get(10, TimeUnit.SECONDS);

                assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo(reading);
                assertThat(subscription.isOpen()).isTrue();

                assertThat(serve.process().toHandle().destroy()).isTrue(); // SIGTERM with both clients still connected
                assertThat(serve.process().waitFor(15, TimeUnit.SECONDS)).as("exited within 15 s of SIGTERM; stderr: %s", serve.stderr()).isTrue();
            }
            assertThat(serve.process().exitValue()).isZero();
            serve.awaitLine("stopped", Duration.ofSeconds(5));
        }
    }

    @Test
    void serveWithABadFlagExitsWithStatus1AndSaysWhy(@TempDir Path dir) throws Exception {
        try (ServeProcess serve = ServeProcess.start(dir, "--tcp", "127.0.0.1:99999", "--anonymous")) {
            assertThat(serve.process().waitFor(STARTUP.toSeconds(), TimeUnit.SECONDS)).isTrue();

            assertThat(serve.process().exitValue()).isEqualTo(1);
            assertThat(serve.stderr()).contains("--tcp").contains("99999");
        }
    }
}
