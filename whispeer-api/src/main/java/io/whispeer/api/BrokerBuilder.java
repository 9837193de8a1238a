package io.whispeer.api;

import java.net.URI;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

import io.whispeer.api.spi.BrokerConfig;
import io.whispeer.api.spi.MessageStore;
import io.whispeer.api.spi.Plugin;
import io.whispeer.api.spi.Settings;
import io.whispeer.api.spi.TopicDeclaration;

/**
 * Collects a broker's configuration; obtain one from {@link Whispeer#builder()}. Explicit choices here win over
 * {@code whispeer.*} system properties, which win over discovery. Not thread-safe.
 */
public final class BrokerBuilder {
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final List<TopicDeclaration> topics = new ArrayList<>();
    private final List<Plugin> plugins = new ArrayList<>();
    private final List<CompressionDictionary> dictionaries = new ArrayList<>();
    private String codec;
    private String compression;
    private String encryption;
    private KeyRing keyRing;
    private Executor executor;
    private InstantSource clock = InstantSource.system();
    private MessageStore store;
    private final List<URI> listeners = new ArrayList<>();

    BrokerBuilder() {
    }

    /**
     * Sets a setting, such as {@code whispeer.subscription.queue-capacity}.
     *
     * @param key   the key
     * @param value the value
     * @return this builder
     */
    public BrokerBuilder property(String key, String value) {
        properties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /**
     * Sets several settings.
     *
     * @param values keys to values
     * @return this builder
     */
    public BrokerBuilder properties(Map<String, String> values) {
        values.forEach(this::property);
        return this;
    }

    /**
     * Chooses the codec for types that more than one codec supports, as the {@code whispeer.codec} setting does.
     *
     * @param name a codec name, such as {@code json}
     * @return this builder
     */
    public BrokerBuilder codec(String name) {
        this.codec = Objects.requireNonNull(name, "name");
        return this;
    }

    /**
     * Chooses the default compression engine, as the {@code whispeer.compression} setting does.
     *
     * @param name an engine name, such as {@code zstd}, or {@code none}
     * @return this builder
     */
    public BrokerBuilder compression(String name) {
        this.compression = Objects.requireNonNull(name, "name");
        return this;
    }

    /**
     * Registers a compression dictionary, for compressing the topics whose policy names it and for decompressing
     * any message that carries its id. Publishers and subscribers must register the same dictionaries.
     *
     * @param dictionary a dictionary, typically trained with {@link Broker#trainDictionary} and loaded from a file
     * @return this builder
     */
    public BrokerBuilder dictionary(CompressionDictionary dictionary) {
        dictionaries.add(Objects.requireNonNull(dictionary, "dictionary"));
        return this;
    }

    /**
     * Seals every topic with the named engine and keys from the ring.
     *
     * @param name    an engine name, such as {@code xchacha20-poly1305}
     * @param keyRing where keys come from
     * @return this builder
     */
    public BrokerBuilder encryption(String name, KeyRing keyRing) {
        this.encryption = Objects.requireNonNull(name, "name");
        this.keyRing = Objects.requireNonNull(keyRing, "keyRing");
        return this;
    }

    /**
     * Seals every topic with keys from the ring, using the engine named by {@code whispeer.encryption} or the only
     * one present.
     *
     * @param keyRing where keys come from
     * @return this builder
     */
    public BrokerBuilder encryption(KeyRing keyRing) {
        this.keyRing = Objects.requireNonNull(keyRing, "keyRing");
        return this;
    }

    /**
     * Declares the message type of every topic a filter matches.
     *
     * @param filter a topic filter
     * @param type   the message type
     * @return this builder
     */
    public BrokerBuilder topic(String filter, Class<?> type) {
        return topic(filter, type, TopicPolicy.defaults());
    }

    /**
     * Declares the message type and policy of every topic a filter matches.
     *
     * @param filter a topic filter
     * @param type   the message type
     * @param policy the policy
     * @return this builder
     */
    public BrokerBuilder topic(String filter, Class<?> type, TopicPolicy policy) {
        topics.add(new TopicDeclaration(TopicFilter.parse(filter), Optional.of(type), Objects.requireNonNull(policy, "policy")));
        return this;
    }

    /**
     * Sets the policy of every topic a filter matches, without a type.
     *
     * @param filter a topic filter
     * @param policy the policy
     * @return this builder
     */
    public BrokerBuilder topic(String filter, TopicPolicy policy) {
        topics.add(new TopicDeclaration(TopicFilter.parse(filter), Optional.empty(), Objects.requireNonNull(policy, "policy")));
        return this;
    }

    /**
     * Adds a plugin instance; it runs in addition to the discovered ones.
     *
     * @param plugin the plugin
     * @return this builder
     */
    public BrokerBuilder plugin(Plugin plugin) {
        plugins.add(Objects.requireNonNull(plugin, "plugin"));
        return this;
    }

    /**
     * Runs subscription handlers on this executor instead of virtual threads (a subscription can still choose its
     * own). The broker does not shut it down.
     *
     * @param executor the executor
     * @return this builder
     */
    public BrokerBuilder executor(Executor executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
        return this;
    }

    /**
     * Persists every published message in a store: a publish completes once the store holds it durably, its
     * receipt carries the message's sequence in its topic, and subscriptions may ask for a replay
     * ({@link SubscribeOptions.Builder#replay(Replay)}). The broker closes the store when it closes. Without this
     * call, the {@code whispeer.store} setting names a store provider to discover.
     *
     * @param store the store
     * @return this builder
     */
    public BrokerBuilder store(MessageStore store) {
        this.store = Objects.requireNonNull(store, "store");
        return this;
    }

    /**
     * Sets the clock that stamps published messages ({@link Message#timestamp()}); the system clock by default.
     * Tests and simulations inject their own.
     *
     * @param clock the clock
     * @return this builder
     */
    public BrokerBuilder clock(InstantSource clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /**
     * Sets the default queue capacity of subscriptions ({@code whispeer.subscription.queue-capacity}).
     *
     * @param capacity messages
     * @return this builder
     */
    public BrokerBuilder queueCapacity(int capacity) {
        return property("whispeer.subscription.queue-capacity", Integer.toString(capacity));
    }

    /**
     * Sets the largest encoded payload ({@code whispeer.message.max-bytes}).
     *
     * @param bytes the limit
     * @return this builder
     */
    public BrokerBuilder maxMessageBytes(int bytes) {
        return property("whispeer.message.max-bytes", Integer.toString(bytes));
    }

    /**
     * Makes the broker a server: it listens at this address for remote clients ({@link Whispeer#connect}). Call it
     * once per listener; one broker serves all of them, so a TCP publisher reaches a WebSocket subscriber. The scheme
     * picks the transport jar ({@code tcp://}, {@code tls://}: {@code whispeer-transport-tcp}; {@code ws://},
     * {@code wss://}: {@code whispeer-transport-ws}), and {@code whispeer-server} must be present. Port 0 binds an
     * ephemeral port; {@link Broker#endpoints()} tells which. The default ports are 7420 (TCP) and 7421 (WebSocket).
     *
     * @param uri such as {@code tcp://0.0.0.0:7420} or {@code ws://0.0.0.0:7421/whispeer}
     * @return this builder
     * @throws IllegalArgumentException when it is not an absolute URI with a host
     */
    public BrokerBuilder transport(String uri) {
        URI parsed = URI.create(Objects.requireNonNull(uri, "uri"));
        if (parsed.getScheme() == null || parsed.getHost() == null) {
            throw new IllegalArgumentException("Listener address '" + uri + "' needs a scheme and a host, such as tcp://0.0.0.0:7420");
        }
        listeners.add(parsed);
        return this;
    }

    /** {@return the configuration collected so far, over the {@code whispeer.*} system properties} */
    public BrokerConfig toConfig() {
        Settings settings = Settings.fromSystemProperties().overriddenBy(Settings.of(properties));
        return new Config(settings, Optional.ofNullable(codec), Optional.ofNullable(compression), Optional.ofNullable(encryption),
                Optional.ofNullable(keyRing), List.copyOf(topics), List.copyOf(dictionaries), List.copyOf(plugins),
                Optional.ofNullable(executor), clock, Optional.ofNullable(store), List.copyOf(listeners));
    }

    /** The immutable snapshot {@link #toConfig()} returns. */
    private record Config(Settings settings, Optional<String> codec, Optional<String> compression, Optional<String> encryption,
                          Optional<KeyRing> keyRing, List<TopicDeclaration> topics, List<CompressionDictionary> dictionaries,
                          List<Plugin> plugins, Optional<Executor> executor, InstantSource clock, Optional<MessageStore> store,
                          List<URI> listeners)
            implements BrokerConfig {
        @Override
        public String toString() {
            return "BrokerConfig[settings=" + settings + ", codec=" + codec + ", compression=" + compression + ", encryption="
                    + encryption + ", keyRing=" + keyRing.map(k -> "<present>").orElse("<none>") + ", topics=" + topics.size()
                    + ", plugins=" + plugins.size() + ", store=" + store.map(s -> s.getClass().getSimpleName()).orElse("<none>") + ", listeners=" + listeners + "]";
        }
    }

    /**
     * Builds and starts the broker.
     *
     * @return the broker; close it when done
     * @throws ConfigurationException when {@code whispeer-core} is missing, a provider is missing or ambiguous, or
     *                                a setting is bad; the message says what to add or change
     */
    public Broker build() {
        return Whispeer.brokerProvider().create(toConfig());
    }
}
