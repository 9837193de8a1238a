package io.whispeer.core;

import io.whispeer.api.Broker;
import io.whispeer.api.spi.BrokerConfig;
import io.whispeer.api.spi.BrokerProvider;

/** Provides the embedded broker to {@link io.whispeer.api.Whispeer}. Not meant to be used directly. */
public final class CoreBrokerProvider implements BrokerProvider {
    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public CoreBrokerProvider() {
    }

    @Override
    public String name() {
        return "core";
    }

    @Override
    public Broker create(BrokerConfig config) {
        return new CoreBroker(config, DiscoveredProviders.fromServiceLoader());
    }
}
