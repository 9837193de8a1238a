package io.whispeer.api.spi;

import io.whispeer.api.BrokerStats;

/** What a plugin may use from the broker that runs it. */
public interface PluginContext {
    /**
     * {@return all of the broker's settings, for broker-wide keys such as {@code whispeer.message.max-bytes}; a
     * discovered plugin's own keys ({@code whispeer.plugin.<name>.}) reach it scoped through
     * {@link PluginProvider#create}}
     */
    Settings settings();

    /** {@return a snapshot of the broker's counters} */
    BrokerStats stats();
}
