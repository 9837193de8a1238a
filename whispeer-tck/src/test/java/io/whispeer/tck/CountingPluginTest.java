package io.whispeer.tck;

import io.whispeer.api.spi.PluginProvider;

class CountingPluginTest extends PluginCompatibilityKit {
    @Override
    protected PluginProvider provider() {
        return new CountingPluginProvider();
    }
}
