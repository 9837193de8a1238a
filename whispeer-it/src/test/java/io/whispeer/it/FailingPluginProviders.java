package io.whispeer.it;

import java.util.Set;

import io.whispeer.api.spi.Plugin;
import io.whispeer.api.spi.PluginProvider;
import io.whispeer.api.spi.Settings;

/** Plugin providers that fail, registered only on a temporary class path by {@link PluginDiscoveryTest}. */
final class FailingPluginProviders {
    private FailingPluginProviders() {
    }

    /** Its {@code create} throws. */
    public static final class FailsToCreate implements PluginProvider {
        /** Cheap. */
        public FailsToCreate() {
        }

        @Override
        public String name() {
            return "audit";
        }

        @Override
        public Set<String> settingKeys() {
            return Set.of("file");
        }

        @Override
        public Plugin create(Settings settings) {
            throw new IllegalStateException("cannot open " + settings.fullKey("file") + "=" + settings.get("file", "(unset)"));
        }
    }

    /** Its constructor throws. */
    public static final class FailsToConstruct implements PluginProvider {
        /** Throws. */
        public FailsToConstruct() {
            throw new IllegalStateException("static setup failed");
        }

        @Override
        public String name() {
            return "never";
        }

        @Override
        public Plugin create(Settings settings) {
            return () -> "never";
        }
    }
}
