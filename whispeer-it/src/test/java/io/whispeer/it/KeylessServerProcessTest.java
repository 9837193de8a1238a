package io.whispeer.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.whispeer.api.ClientOptions;
import io.whispeer.api.KeyRing;
import io.whispeer.api.RemotePubSub;
import io.whispeer.api.Whispeer;
import io.whispeer.keys.KeyRings;

/**
 * The server runs in its own JVM with no encryption engine, key source or Tink on its module path (only the API, the
 * core, the protocol, the server, the transports and their libraries), while two clients in this JVM exchange
 * XChaCha20-sealed messages through it: the server routes what it could never open.
 */
class KeylessServerProcessTest {
    /** The jars the server's module path gets: nothing that seals, opens or holds a key. */
    private static final Pattern SERVER_JARS = Pattern.compile(
            ".*/(whispeer-(api|core|protocol|server|transport-tcp|transport-ws)/target/classes|(whispeer-(api|core|protocol|server|transport-tcp|transport-ws)|netty-[a-z0-9-]+|protobuf-java|bcprov-jdk18on)-[^/]*\\.jar)$");

    record Note(String text) {
    }

    @Test
    void clientsExchangeSealedMessagesThroughAServerWithoutAnyCryptoJar() throws Exception {
        List<String> path = Arrays.stream(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")).split(File.pathSeparator)).toList();
        String modulePath = path.stream().filter(p -> SERVER_JARS.matcher(p.replace(File.separatorChar, '/')).matches())
                .collect(Collectors.joining(File.pathSeparator));
        assertThat(modulePath).doesNotContain("crypto-chacha").doesNotContain("crypto-aesgcm").doesNotContain("whispeer-keys").doesNotContain("tink");
        // The child's class path is a directory with KeylessServerMain alone: this module's test classes also declare test
        // cipher providers (META-INF/services), which must not reach the server.
        Path mainOnly = Files.createTempDirectory("keyless-server");
        String classFile = KeylessServerMain.class.getName().replace('.', '/') + ".class";
        Path target = mainOnly.resolve(classFile);
        Files.createDirectories(target.getParent());
        try (InputStream in = KeylessServerMain.class.getClassLoader().getResourceAsStream(classFile)) {
            Files.copy(in, target);
        }
        String testClasses = mainOnly.toString();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED,io.netty.common", "--module-path", modulePath, "--add-modules", "ALL-MODULE-PATH",
                "-cp", testClasses, KeylessServerMain.class.getName(), "tcp://127.0.0.1:0"));
        Process server = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
            CompletableFuture.runAsync(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
                    out.lines().forEach(lines::add);
                } catch (java.io.IOException e) {
                    lines.add("<output closed: " + e + ">");
                }
            });
            String endpoint = null;
            StringBuilder seen = new StringBuilder();
            while (endpoint == null) {
                String line = lines.poll(30, TimeUnit.SECONDS);
                assertThat(line).as("the server's output so far:\n" + seen).isNotNull();
                seen.append(line).append('\n');
                if (line.startsWith("encryption engines present: ")) {
                    assertThat(line).isEqualTo("encryption engines present: 0");
                } else if (line.startsWith("listening ")) {
                    endpoint = line.substring("listening ".length());
                }
            }
            assertThat(seen.toString()).contains("encryption engines present: 0");

            KeyRing ring = KeyRings.global(7, KeyRings.generateKey());
            ClientOptions options = ClientOptions.builder().encryption("xchacha20-poly1305", ring).topic("notes", Note.class).build();
            try (RemotePubSub subscriber = Whispeer.connect(endpoint, options); RemotePubSub publisher = Whispeer.connect(endpoint, options)) {
                CompletableFuture<Note> received = new CompletableFuture<>();
                subscriber.subscribe("notes", Note.class, m -> received.complete(m.payload()));
                publisher.publish("notes", new Note("sealed by the client, routed by a server without keys")).get(10, TimeUnit.SECONDS);

                assertThat(received.get(10, TimeUnit.SECONDS).text()).isEqualTo("sealed by the client, routed by a server without keys");
            }
        } finally {
            server.getOutputStream().close();
            if (!server.waitFor(15, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
        assertThat(server.exitValue()).isZero();
    }
}
