package io.whispeer.tck;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.whispeer.api.MessageAuthenticationException;
import io.whispeer.api.BrokerStats;
import io.whispeer.api.CodecException;
import io.whispeer.api.Envelope;
import io.whispeer.api.Headers;
import io.whispeer.api.MessageId;
import io.whispeer.api.QoS;
import io.whispeer.api.SubscriptionStats;
import io.whispeer.api.TopicFilter;
import io.whispeer.api.WhispeerException;
import io.whispeer.api.spi.Authorization;
import io.whispeer.api.spi.ClientInfo;
import io.whispeer.api.spi.DropReason;
import io.whispeer.api.spi.Plugin;
import io.whispeer.api.spi.PluginContext;
import io.whispeer.api.spi.PluginProvider;
import io.whispeer.api.spi.Settings;
import io.whispeer.api.spi.SubscriptionInfo;
import io.whispeer.api.spi.WireIds;

/**
 * The compatibility kit for {@link PluginProvider} and {@link Plugin}. Extend it and return the provider:
 * <pre>{@code
 * class MyPluginTest extends PluginCompatibilityKit {
 *     protected PluginProvider provider() { return new MyPluginProvider(); }
 * }
 * }</pre>
 *
 * <p>What it checks: the provider and plugin have names; the plugin is created from empty settings and starts with
 * a simple {@link PluginContext}; every hook accepts arbitrary envelopes (empty, large, sealed, compressed, with
 * headers and dictionary ids), clients (in-process, remote, authenticated or not) and subscriptions without throwing,
 * also from many threads at once; the authorization hooks always return a decision, and a denial has a reason;
 * {@code order()} is stable; and {@code close()} is idempotent.
 */
public abstract class PluginCompatibilityKit {
    private Plugin plugin;

    /** For subclasses. */
    protected PluginCompatibilityKit() {
    }

    /**
     * The provider under test.
     *
     * @return a new provider, as {@link java.util.ServiceLoader} would create it
     */
    protected abstract PluginProvider provider();

    /**
     * The settings the plugin is created and started with.
     *
     * @return empty settings, unless overridden
     */
    protected Settings settings() {
        return Settings.empty();
    }

    /**
     * The context the plugin is started with.
     *
     * @return a context with {@link #settings()} and zero counters, unless overridden
     */
    protected PluginContext context() {
        Settings settings = settings();
        return new PluginContext() {
            @Override
            public Settings settings() {
                return settings;
            }

            @Override
            public BrokerStats stats() {
                return new ZeroStats();
            }
        };
    }

    /**
     * The plugin under test, created once per test and started with {@link #context()}.
     *
     * @return the started plugin
     * @throws Exception when {@link Plugin#start} fails
     */
    protected final Plugin plugin() throws Exception {
        if (plugin == null) {
            plugin = provider().create(settings());
            assertThat(plugin).as("%s.create(settings)", provider().getClass().getName()).isNotNull();
            plugin.start(context());
        }
        return plugin;
    }

    /** Closes the plugin the test created. */
    @AfterEach
    public void closePlugin() {
        if (plugin != null) {
            plugin.close();
            plugin = null;
        }
    }

    /**
     * The provider and the plugin it creates have names that are not blank.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void providerAndPluginHaveNames() throws Exception {
        assertThat(provider().name()).as("provider name").isNotBlank();
        assertThat(plugin().name()).as("plugin name").isNotBlank();
    }

    /**
     * The plugin is created from empty settings and starts with a simple context.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void pluginIsCreatedFromEmptySettingsAndStarts() throws Exception {
        try (Plugin created = provider().create(Settings.empty())) {
            assertThat(created).as("create(Settings.empty())").isNotNull();
            created.start(context());
        }
    }

    /**
     * Every hook accepts every kind of envelope, subscription, drop reason and failure without throwing.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void everyHookAcceptsArbitraryEnvelopes() throws Exception {
        Plugin started = plugin();
        for (ClientInfo client : clients()) {
            started.onConnect(client);
        }
        for (SubscriptionInfo subscription : subscriptions()) {
            started.onSubscribe(subscription);
        }
        for (Envelope envelope : envelopes()) {
            started.onPublish(envelope);
            for (SubscriptionInfo subscription : subscriptions()) {
                started.onDeliver(envelope, subscription);
                for (DropReason reason : DropReason.values()) {
                    started.onDrop(envelope, subscription, reason);
                }
                for (WhispeerException failure : failures()) {
                    started.onReject(envelope, subscription, failure);
                }
            }
        }
        for (SubscriptionInfo subscription : subscriptions()) {
            started.onUnsubscribe(subscription);
        }
        for (ClientInfo client : clients()) {
            started.onDisconnect(client, Optional.empty());
            started.onDisconnect(client, Optional.of(new WhispeerException("connection reset")));
        }
    }

    /**
     * The authorization hooks answer every request with a decision, never {@code null}, and a denial carries a
     * reason the client can read.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void authorizationHooksAlwaysDecide() throws Exception {
        Plugin started = plugin();
        for (ClientInfo client : clients()) {
            for (Envelope envelope : envelopes()) {
                Authorization decision = started.authorizePublish(client, envelope);
                assertThat(decision).as("authorizePublish(%s, %s)", client.id(), envelope.topic()).isNotNull();
                decision.reason().ifPresent(reason -> assertThat(reason).as("reason of a denial").isNotBlank());
            }
            for (String filter : List.of("#", "sensors/+/temperature", "$sys/#", "a/b/c")) {
                Authorization decision = started.authorizeSubscribe(client, TopicFilter.parse(filter));
                assertThat(decision).as("authorizeSubscribe(%s, %s)", client.id(), filter).isNotNull();
                decision.reason().ifPresent(reason -> assertThat(reason).as("reason of a denial").isNotBlank());
            }
        }
    }

    /**
     * Hooks called from many threads at once do not throw.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void hooksWorkFromManyThreadsAtOnce() throws Exception {
        Plugin started = plugin();
        List<Envelope> envelopes = envelopes();
        List<SubscriptionInfo> subscriptions = subscriptions();
        Kits.concurrently(Kits.THREADS, thread -> {
            for (int i = 0; i < 500; i++) {
                Envelope envelope = envelopes.get((i + thread) % envelopes.size());
                SubscriptionInfo subscription = subscriptions.get(i % subscriptions.size());
                started.onPublish(envelope);
                started.onSubscribe(subscription);
                started.onDeliver(envelope, subscription);
                started.onDrop(envelope, subscription, DropReason.values()[i % DropReason.values().length]);
                started.onReject(envelope, subscription, failures().get(i % failures().size()));
                started.onUnsubscribe(subscription);
            }
        });
    }

    /**
     * {@code order()} gives the same answer every time, also across instances.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void orderIsStable() throws Exception {
        int order = plugin().order();
        assertThat(plugin().order()).as("order() called again").isEqualTo(order);
        try (Plugin other = provider().create(settings())) {
            assertThat(other.order()).as("order() of another instance").isEqualTo(order);
        }
    }

    /**
     * Closing the plugin twice is harmless.
     *
     * @throws Exception when the implementation under test fails unexpectedly
     */
    @Test
    public void closeIsIdempotent() throws Exception {
        Plugin created = provider().create(settings());
        created.start(context());
        created.close();
        created.close();
    }

    /** {@return envelopes of every shape a broker may show a plugin} */
    protected List<Envelope> envelopes() {
        List<Envelope> envelopes = new ArrayList<>();
        Instant now = Instant.parse("2025-01-01T00:00:00Z");
        envelopes.add(Envelope.builder().topic("t").id(MessageId.generate()).timestamp(now).payload(new byte[0]).build());
        envelopes.add(Envelope.builder().topic("sensors/kitchen/temperature").id(MessageId.generate()).timestamp(now)
                .headers(Headers.of("content-type", "reading", "trace", "00-abc-01"))
                .codecId(WireIds.CODEC_JSON).compressionId(WireIds.COMPRESSION_ZSTD).cipherId(WireIds.CIPHER_XCHACHA20_POLY1305)
                .flags(Envelope.FLAG_COMPRESSED | Envelope.FLAG_PADDED).keyId(-1).nonce(Kits.randomBytes(24, 1))
                .payload(Kits.randomBytes(1000, 2)).build());
        envelopes.add(Envelope.builder().topic("a/b/c/d/e/f/g/h").id(new MessageId(0, 0)).timestampMillis(0)
                .codecId(255).compressionId(255).cipherId(255).dictionaryId(-1).nonce(new byte[255])
                .payload(ByteBuffer.wrap(Kits.randomBytes(1 << 20, 3))).build());
        envelopes.add(Envelope.builder().topic("ünïcödé/トピック/\uD83D\uDE00").id(new MessageId(-1, -1)).timestampMillis(Long.MAX_VALUE / 2)
                .codecId(WireIds.THIRD_PARTY_MIN).payload(ByteBuffer.allocateDirect(16)).build());
        return envelopes;
    }

    private static List<SubscriptionInfo> subscriptions() {
        return List.of(new Subscriber("s1", "s1", false, "sensors/kitchen/#", "com.example.Reading", QoS.AT_MOST_ONCE, LOCAL),
                new Subscriber("durable/kitchen", "kitchen", true, "+/+/+", "java.util.List<com.example.Reading>", QoS.AT_LEAST_ONCE, REMOTE),
                new Subscriber("s3", "s3", false, "#", "envelope", QoS.EXACTLY_ONCE, REMOTE));
    }

    /** {@return clients of every shape a broker may show a plugin} */
    private static List<ClientInfo> clients() {
        return List.of(LOCAL, REMOTE, new Client("c-" + "x".repeat(200), Optional.empty(), "ws", Optional.empty(), Instant.EPOCH));
    }

    private static final ClientInfo LOCAL = new Client("in-process", Optional.empty(), ClientInfo.IN_PROCESS, Optional.empty(),
            Instant.parse("2025-01-01T00:00:00Z"));
    private static final ClientInfo REMOTE = new Client("c42", Optional.of("alice"), "tcp",
            Optional.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 40_000)), Instant.parse("2025-01-01T00:00:01Z"));

    /** A client for the hooks. */
    private record Client(String id, Optional<String> principal, String transport, Optional<InetSocketAddress> remoteAddress,
                          Instant connectedAt) implements ClientInfo {
    }

    /** A subscription for the hooks. */
    private record Subscriber(String id, String name, boolean durable, String filter, String payloadType, QoS qos, ClientInfo client)
            implements SubscriptionInfo {
    }

    /** The stats of a broker that has done nothing yet. */
    private record ZeroStats() implements BrokerStats {
        @Override
        public long topics() {
            return 0;
        }

        @Override
        public long published() {
            return 0;
        }

        @Override
        public long delivered() {
            return 0;
        }

        @Override
        public long dropped() {
            return 0;
        }

        @Override
        public long rejected() {
            return 0;
        }

        @Override
        public long handlerErrors() {
            return 0;
        }

        @Override
        public long pluginErrors() {
            return 0;
        }

        @Override
        public long denied() {
            return 0;
        }

        @Override
        public List<SubscriptionStats> subscriptions() {
            return List.of();
        }
    }

    private static List<WhispeerException> failures() {
        return List.of(new MessageAuthenticationException("Envelope did not authenticate"),
                new CodecException("Cannot decode as com.example.Reading"), new WhispeerException("other"));
    }
}
