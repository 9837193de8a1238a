package io.whispeer.it;

import java.util.concurrent.atomic.AtomicInteger;

import io.whispeer.api.spi.Plugin;
import io.whispeer.api.spi.PluginProvider;
import io.whispeer.api.spi.Settings;

/** A discovered plugin (registered in META-INF/services) that counts how often its provider is constructed. */
public final class CountingPluginProvider implements PluginProvider {
    static final AtomicInteger CONSTRUCTED = new AtomicInteger();

    /** Counts the construction. */
    public CountingPluginProvider() {
        CONSTRUCTED.incrementAndGet();
    }

    @Override
    public String name() {
        return "counting";
    }

    @Override
    public Plugin create(Settings settings) {
        return () -> "counting";
    }
}
