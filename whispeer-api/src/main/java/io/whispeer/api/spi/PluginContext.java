package io.whispeer.api.spi;

import io.whispeer.api.BrokerStats;

/** What a plugin may use from the broker that runs it. */
public interface PluginContext {
    /** {@return the broker's settings; a plugin reads keys under {@code whispeer.plugin.<name>.}} */
    Settings settings();

    /** {@return a snapshot of the broker's counters} */
    BrokerStats stats();
}
