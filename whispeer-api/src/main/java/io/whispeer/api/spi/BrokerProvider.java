package io.whispeer.api.spi;

import io.whispeer.api.Broker;

/**
 * Creates brokers; {@code whispeer-core} provides the one implementation. {@link io.whispeer.api.Whispeer} finds
 * it with {@link java.util.ServiceLoader}, so applications compile against {@code whispeer-api} alone.
 */
public interface BrokerProvider {
    /** {@return the implementation name, such as {@code core}} */
    String name();

    /**
     * Builds a broker: discovers and selects codecs, engines and plugins, starts plugins.
     *
     * @param config what the builder collected
     * @return the running broker
     * @throws io.whispeer.api.ConfigurationException when a provider is missing or ambiguous, or a setting is bad
     */
    Broker create(BrokerConfig config);
}
