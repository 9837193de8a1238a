package io.whispeer.core;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import io.whispeer.api.spi.CodecProvider;
import io.whispeer.api.spi.CompressionEngineProvider;
import io.whispeer.api.spi.EncryptionEngineProvider;
import io.whispeer.api.spi.Plugin;
import io.whispeer.api.spi.Settings;

/**
 * The providers a broker is built from: normally found by {@code ServiceLoader}; tests hand in their own lists to
 * check selection rules without changing the class path.
 *
 * @param codecs      codec providers
 * @param compression compression providers
 * @param encryption  encryption providers, looked up only when a key ring is given
 * @param plugins     plugins for the settings
 */
record DiscoveredProviders(List<CodecProvider> codecs, List<CompressionEngineProvider> compression,
                           Supplier<List<EncryptionEngineProvider>> encryption, Function<Settings, List<Plugin>> plugins) {
    /** {@return the providers on the module path and class path; encryption is looked up at most once, when first asked} */
    static DiscoveredProviders fromServiceLoader() {
        return new DiscoveredProviders(CodecRegistry.discover(), CompressionRegistry.discover(), once(EncryptionRegistry::discover),
                PluginRegistry::discover);
    }

    private static <T> Supplier<T> once(Supplier<T> supplier) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }
}
