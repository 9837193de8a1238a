package io.whispeer.bench.e2e;

import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

import io.whispeer.api.ClientOptions;
import io.whispeer.api.KeyRing;
import io.whispeer.api.OverflowPolicy;
import io.whispeer.api.PubSub;
import io.whispeer.api.PublishReceipt;
import io.whispeer.api.RemotePubSub;
import io.whispeer.api.SubscribeOptions;
import io.whispeer.api.Whispeer;
import io.whispeer.keys.KeyRings;

/**
 * whispeer over TCP or WebSocket: {@link WhispeerServerMain} in a child JVM, and one {@link Whispeer#connect} client
 * per publisher and per subscriber connection, publishing {@code byte[]} with compression off. Sealed runs give every
 * client the same key ring ({@code KeyRings.global(1, generateKey())}) with xchacha20-poly1305 or aes-256-gcm, and
 * turn padding off, so that every system carries the same payload sizes (the envelope adds the nonce, the tag and the
 * key id); the clients seal and open, the server routes ciphertext.
 * Subscriptions use {@link OverflowPolicy#BLOCK}, so nothing is dropped and a slow subscriber slows the publisher.
 */
final class WhispeerAdapter implements SystemAdapter {
    private static final int QUEUE_CAPACITY = 4096;
    private final String scheme;
    private final Sealing sealing;
    private final String brokerCpus;
    private final KeyRing keyRing = KeyRings.global(1, KeyRings.generateKey());
    private final java.util.Map<String, String> clientSettings;
    private ChildJvm child;
    private String endpoint;

    /** Whether and how the clients seal: the name's suffix and the encryption engine's name. */
    enum Sealing {
        /** Plaintext envelopes. */
        PLAIN("", ""),
        /** xchacha20-poly1305. */
        XCHACHA("-xchacha", "xchacha20-poly1305"),
        /** aes-256-gcm. */
        AESGCM("-aesgcm", "aes-256-gcm");

        private final String suffix;
        private final String engine;

        Sealing(String suffix, String engine) {
            this.suffix = suffix;
            this.engine = engine;
        }

        /** {@return the system name's suffix, such as {@code -xchacha}; empty for plaintext} */
        String suffix() {
            return suffix;
        }
    }

    /**
     * @param scheme {@code tcp} or {@code ws}
     * @param sealing whether and how the clients seal
     */
    WhispeerAdapter(String scheme, Sealing sealing, String brokerCpus, java.util.Map<String, String> clientSettings) {
        this.scheme = scheme;
        this.sealing = sealing;
        this.brokerCpus = brokerCpus;
        this.clientSettings = java.util.Map.copyOf(clientSettings);
    }

    @Override
    public String name() {
        return "whispeer-" + scheme + sealing.suffix();
    }

    @Override
    public void start() throws Exception {
        child = ChildJvm.start(WhispeerServerMain.class.getName(), brokerCpus, List.of());
        endpoint = child.ready().stream().filter(uri -> uri.startsWith(scheme + "://")).findFirst()
                .orElseThrow(() -> new IllegalStateException("The server printed no " + scheme + ":// endpoint: " + child.ready()));
    }

    private RemotePubSub connect() {
        ClientOptions.Builder options = ClientOptions.builder().compression("none").properties(clientSettings);
        if (sealing != Sealing.PLAIN) {
            options.encryption(sealing.engine, keyRing).property("whispeer.padding", "off");
        }
        return Whispeer.connect(endpoint, options.build());
    }

    @Override
    public Publisher publisher(String topic) {
        RemotePubSub client = connect();
        return publisher(name(), client, topic, client::close);
    }

    /**
     * {@return a publisher through whispeer's typed API, counting failed receipts}
     *
     * @param system the row label, for the first failure's message
     * @param pubSub a remote client or an embedded broker
     * @param close  what closing the publisher closes
     */
    static Publisher publisher(String system, PubSub pubSub, String topic, Runnable close) {
        AtomicLong failures = new AtomicLong();
        BiConsumer<PublishReceipt, Throwable> onDone = (receipt, error) -> {
            if (error != null && failures.getAndIncrement() == 0) {
                System.err.println(system + ": first failed publish: " + error);
            }
        };
        // the client flushes once per burst by itself; an embedded broker buffers nothing
        return Publisher.of(payload -> pubSub.publish(topic, payload).whenComplete(onDone), failures::get, close::run);
    }

    @Override
    public AutoCloseable subscribe(String topic, Receiver receiver) {
        RemotePubSub client = connect();
        try {
            client.subscribe(topic, byte[].class, message -> receiver.onMessage(message.payload()),
                    SubscribeOptions.builder().overflowPolicy(OverflowPolicy.BLOCK).queueCapacity(QUEUE_CAPACITY).build());
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        return client::close;
    }

    @Override
    public OptionalLong brokerPid() {
        return child == null ? OptionalLong.empty() : OptionalLong.of(child.pid());
    }

    @Override
    public void close() {
        if (child != null) {
            child.close();
        }
    }
}
