package io.whispeer.it.junit;

import io.whispeer.api.spi.Plugin;
import io.whispeer.api.spi.PluginProvider;
import io.whispeer.api.spi.Settings;
import io.whispeer.tck.PluginCompatibilityKit;

/** The plugin kit over a plugin that does nothing, run under this module's JUnit version. */
class NoOpPluginKitTest extends PluginCompatibilityKit {
    @Override
    protected PluginProvider provider() {
        return new PluginProvider() {
            @Override
            public String name() {
                return "no-op";
            }

            @Override
            public Plugin create(Settings settings) {
                return () -> "no-op";
            }
        };
    }
}
