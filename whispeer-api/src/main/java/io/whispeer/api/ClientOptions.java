package io.whispeer.api;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

import io.whispeer.api.spi.BrokerConfig;

/**
 * How a remote client ({@link Whispeer#connect(String, ClientOptions)}) works: the typed layer's configuration (codec,
 * compression, key ring, topic types, exactly as for an embedded broker, because sealing and opening happen in the
 * client), the credentials, and the client's settings ({@code whispeer.client.*}, {@code whispeer.transport.*} for
 * TLS trust and frame limits). Immutable; build one with {@link #builder()}.
 *
 * <pre>{@code
 * RemotePubSub client = Whispeer.connect("tls://broker.example:7420", ClientOptions.builder()
 *         .encryption(KeyFiles.load(keyFile))
 *         .topic("sensor/+/temperature", Temperature.class)
 *         .credentials(Credentials.token(System.getenv("WHISPEER_TOKEN")))
 *         .property("whispeer.transport.tcp.tls.trust", "/etc/whispeer/ca.pem")
 *         .build());
 * }</pre>
 */
public final class ClientOptions {
    private final BrokerConfig typed;
    private final Optional<Credentials> credentials;
    private final Optional<String> clientId;

    private ClientOptions(Builder builder) {
        this.typed = builder.typed.toConfig();
        this.credentials = Optional.ofNullable(builder.credentials);
        this.clientId = Optional.ofNullable(builder.clientId);
    }

    /** {@return a builder with nothing chosen} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the options of a client that connects anonymously, with everything discovered} */
    public static ClientOptions defaults() {
        return builder().build();
    }

    /** {@return the typed layer's configuration and the settings, as an embedded broker would get them} */
    public BrokerConfig typed() {
        return typed;
    }

    /** {@return the credentials; none means anonymous} */
    public Optional<Credentials> credentials() {
        return credentials;
    }

    /** {@return the client id announced to the server; none lets the server name the client} */
    public Optional<String> clientId() {
        return clientId;
    }

    @Override
    public String toString() {
        return "ClientOptions[typed=" + typed + ", credentials=" + credentials.map(Object::toString).orElse("<anonymous>")
                + ", clientId=" + clientId.orElse("<server-assigned>") + "]";
    }

    /** Collects a client's options. Not thread-safe. */
    public static final class Builder {
        private final BrokerBuilder typed = new BrokerBuilder();
        private Credentials credentials;
        private String clientId;

        private Builder() {
        }

        /**
         * Sets a setting, such as {@code whispeer.client.reconnect.max-delay} or {@code whispeer.transport.tcp.tls.trust}.
         *
         * @param key   the key
         * @param value the value
         * @return this builder
         */
        public Builder property(String key, String value) {
            typed.property(key, value);
            return this;
        }

        /**
         * Sets several settings.
         *
         * @param values keys to values
         * @return this builder
         */
        public Builder properties(Map<String, String> values) {
            typed.properties(values);
            return this;
        }

        /**
         * Chooses the codec, as {@link BrokerBuilder#codec(String)} does.
         *
         * @param name a codec name, such as {@code json}
         * @return this builder
         */
        public Builder codec(String name) {
            typed.codec(name);
            return this;
        }

        /**
         * Chooses the default compression engine, as {@link BrokerBuilder#compression(String)} does.
         *
         * @param name an engine name, such as {@code zstd}, or {@code none}
         * @return this builder
         */
        public Builder compression(String name) {
            typed.compression(name);
            return this;
        }

        /**
         * Adds a compression dictionary, as {@link BrokerBuilder#dictionary(CompressionDictionary)} does.
         *
         * @param dictionary the dictionary
         * @return this builder
         */
        public Builder dictionary(CompressionDictionary dictionary) {
            typed.dictionary(dictionary);
            return this;
        }

        /**
         * Seals and opens with this engine and key ring, in the client.
         *
         * @param name    an engine name, such as {@code xchacha20-poly1305}
         * @param keyRing where keys come from
         * @return this builder
         */
        public Builder encryption(String name, KeyRing keyRing) {
            typed.encryption(name, keyRing);
            return this;
        }

        /**
         * Seals and opens with the discovered engine and this key ring, in the client.
         *
         * @param keyRing where keys come from
         * @return this builder
         */
        public Builder encryption(KeyRing keyRing) {
            typed.encryption(keyRing);
            return this;
        }

        /**
         * Declares a topic's message type, as {@link BrokerBuilder#topic(String, Class)} does.
         *
         * @param filter a topic filter
         * @param type   the message type
         * @return this builder
         */
        public Builder topic(String filter, Class<?> type) {
            typed.topic(filter, type);
            return this;
        }

        /**
         * Declares a topic's message type and policy, as {@link BrokerBuilder#topic(String, Class, TopicPolicy)} does.
         *
         * @param filter a topic filter
         * @param type   the message type
         * @param policy the policy
         * @return this builder
         */
        public Builder topic(String filter, Class<?> type, TopicPolicy policy) {
            typed.topic(filter, type, policy);
            return this;
        }

        /**
         * Declares a topic's policy, as {@link BrokerBuilder#topic(String, TopicPolicy)} does.
         *
         * @param filter a topic filter
         * @param policy the policy
         * @return this builder
         */
        public Builder topic(String filter, TopicPolicy policy) {
            typed.topic(filter, policy);
            return this;
        }

        /**
         * Runs subscription handlers on this executor instead of one virtual thread per subscription burst.
         *
         * @param executor the executor
         * @return this builder
         */
        public Builder executor(Executor executor) {
            typed.executor(executor);
            return this;
        }

        /**
         * Stamps messages with this clock.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(InstantSource clock) {
            typed.clock(clock);
            return this;
        }

        /**
         * Sets the client-side queue capacity of subscriptions ({@code whispeer.subscription.queue-capacity}).
         *
         * @param capacity messages
         * @return this builder
         */
        public Builder queueCapacity(int capacity) {
            typed.queueCapacity(capacity);
            return this;
        }

        /**
         * Authenticates with these credentials; without, the client connects anonymously, which the server allows
         * only when configured to.
         *
         * @param credentials a token or a username and password
         * @return this builder
         */
        public Builder credentials(Credentials credentials) {
            this.credentials = Objects.requireNonNull(credentials, "credentials");
            return this;
        }

        /**
         * Names the client in the server's logs and stats.
         *
         * @param clientId the id, not empty
         * @return this builder
         */
        public Builder clientId(String clientId) {
            if (Objects.requireNonNull(clientId, "clientId").isEmpty()) {
                throw new IllegalArgumentException("The client id is empty; leave it unset to let the server name the client");
            }
            this.clientId = clientId;
            return this;
        }

        /**
         * Bounds the first connection attempt ({@code whispeer.client.connect-timeout}, 10 s by default).
         *
         * @param timeout the timeout
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            return property("whispeer.client.connect-timeout", timeout.toMillis() + "ms");
        }

        /** {@return the options} */
        public ClientOptions build() {
            return new ClientOptions(this);
        }
    }
}
