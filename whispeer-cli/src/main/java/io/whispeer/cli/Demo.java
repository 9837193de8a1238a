package io.whispeer.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.whispeer.api.Broker;
import io.whispeer.api.ClientOptions;
import io.whispeer.api.Envelope;
import io.whispeer.api.KeyRing;
import io.whispeer.api.Message;
import io.whispeer.api.MessageId;
import io.whispeer.api.PublishReceipt;
import io.whispeer.api.RemotePubSub;
import io.whispeer.api.Subscription;
import io.whispeer.api.TransportException;
import io.whispeer.api.Whispeer;
import io.whispeer.api.spi.Plugin;
import io.whispeer.keys.KeyRings;

/**
 * The demo: a server on loopback (no keys), a publisher connected over TCP and a subscriber over WebSocket sharing a
 * freshly generated key ring. Each message is printed twice, side by side: the value the subscriber decoded, and the
 * sealed envelope the server routed, in hex.
 */
final class Demo {
    static final String TOPICS = "demo/rooms/+";
    static final String CIPHER = "xchacha20-poly1305";
    static final List<Reading> READINGS = List.of(
            new Reading("kitchen", 21.5, "kettle on"),
            new Reading("hall", 18.0, "door left open"),
            new Reading("study", 20.25, "quiet, reading"));
    private static final int VALUE_WIDTH = 56;
    private static final int HEX_BYTES = 20;

    /**
     * One message as both sides saw it.
     *
     * @param topic    the topic
     * @param received what the subscriber decoded
     * @param sealed   the sealed envelope bytes the server's plugin saw
     */
    record Row(String topic, Reading received, byte[] sealed) {
    }

    private Demo() {
    }

    /**
     * Runs the demo.
     *
     * @param out     where it prints
     * @param timeout how long each step may take
     * @return the rows it printed
     * @throws TransportException when a message does not arrive in time
     */
    static List<Row> run(PrintWriter out, Duration timeout) {
        ServerView serverView = new ServerView();
        try (Broker server = Whispeer.builder()
                .transport("tcp://127.0.0.1:0")
                .transport("ws://127.0.0.1:0/whispeer")
                .property("whispeer.server.auth.anonymous", "true")
                .plugin(serverView)
                .build()) {
            URI tcp = endpoint(server, "tcp");
            URI ws = endpoint(server, "ws");
            byte[] master = new byte[KeyRings.KEY_BYTES];
            new SecureRandom().nextBytes(master);
            KeyRing ring = KeyRings.derived(1, master);
            ClientOptions options = ClientOptions.builder()
                    .codec("json")
                    .compression("zstd")
                    .encryption(CIPHER, ring)
                    .topic(TOPICS, Reading.class)
                    .connectTimeout(timeout)
                    .build();
            out.println("whispeer demo: a server with no keys, on " + tcp + " and " + ws);
            out.println("  publisher:  remote client over " + tcp);
            out.println("  subscriber: remote client over " + ws);
            out.println("  both: codec json, compression zstd, cipher " + CIPHER + ", one key ring generated now and never sent to the server");
            out.println();
            Map<MessageId, CompletableFuture<Message<Reading>>> received = new ConcurrentHashMap<>();
            List<Row> rows = new ArrayList<>();
            try (RemotePubSub subscriber = Whispeer.connect(ws.toString(), options);
                 RemotePubSub publisher = Whispeer.connect(tcp.toString(), options)) {
                Subscription subscription = subscriber.subscribe(TOPICS, Reading.class,
                        message -> received.computeIfAbsent(message.id(), id -> new CompletableFuture<>()).complete(message));
                out.println(pad("subscriber received (decoded)", VALUE_WIDTH) + " | server saw (sealed envelope, hex)");
                out.println("-".repeat(VALUE_WIDTH) + "-+-" + "-".repeat(2 * HEX_BYTES + 16));
                for (Reading reading : READINGS) {
                    String topic = "demo/rooms/" + reading.room();
                    PublishReceipt receipt = await(publisher.publish(topic, reading), timeout, "the server's acknowledgement of " + topic);
                    Message<Reading> message = await(received.computeIfAbsent(receipt.id(), id -> new CompletableFuture<>()), timeout,
                            "the subscriber's copy of " + topic);
                    byte[] sealed = await(serverView.sealed(receipt.id()), timeout, "the server's view of " + topic);
                    rows.add(new Row(topic, message.payload(), sealed));
                    out.println(pad(String.valueOf(message.payload()), VALUE_WIDTH) + " | " + hex(sealed));
                }
                subscription.close();
            }
            out.println();
            out.println("Each envelope starts with a clear header (57 = 'W', version, flags, codec, compression and cipher ids, key id;");
            out.println("see docs/ENVELOPE.md), then the nonce and the ciphertext with its tag.");
            boolean leaked = rows.stream().anyMatch(row -> contains(row.sealed(), row.received().note().getBytes(StandardCharsets.UTF_8))
                    || contains(row.sealed(), row.received().room().getBytes(StandardCharsets.UTF_8)));
            out.println("The server routed " + rows.size() + " envelopes; it holds no key, and its bytes "
                    + (leaked ? "CONTAIN plaintext: this is a bug." : "contain none of the plaintext."));
            out.flush();
            return List.copyOf(rows);
        }
    }

    private static URI endpoint(Broker broker, String scheme) {
        return broker.endpoints().stream().filter(uri -> uri.getScheme().equals(scheme)).findFirst()
                .orElseThrow(() -> new IllegalStateException("The demo server has no " + scheme + " endpoint; it listens on " + broker.endpoints()));
    }

    private static <T> T await(CompletableFuture<T> future, Duration timeout, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new TransportException("The demo waited " + timeout.toMillis() + " ms for " + what + " in vain; is the machine overloaded?", e);
        } catch (ExecutionException e) {
            throw new TransportException("The demo could not get " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException("The demo was interrupted while waiting for " + what, e);
        }
    }

    static String hex(byte[] sealed) {
        HexFormat hex = HexFormat.of();
        String shown = hex.formatHex(sealed, 0, Math.min(HEX_BYTES, sealed.length));
        return shown + (sealed.length > HEX_BYTES ? "..." : "") + " (" + sealed.length + " bytes)";
    }

    private static String pad(String text, int width) {
        return text.length() > width ? text.substring(0, width - 3) + "..." : text + " ".repeat(width - text.length());
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** The server's side: a plugin that keeps the sealed bytes of every envelope the server accepted for routing. */
    static final class ServerView implements Plugin {
        private final Map<MessageId, CompletableFuture<byte[]>> sealed = new ConcurrentHashMap<>();

        @Override
        public String name() {
            return "demo-server-view";
        }

        @Override
        public void onPublish(Envelope envelope) {
            sealed(envelope.id()).complete(envelope.toBytes());
        }

        CompletableFuture<byte[]> sealed(MessageId id) {
            return sealed.computeIfAbsent(id, key -> new CompletableFuture<>());
        }
    }
}
