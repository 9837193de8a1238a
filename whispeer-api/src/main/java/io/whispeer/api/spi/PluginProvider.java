package io.whispeer.api.spi;

import java.util.Set;

/**
 * Provides a {@link Plugin} found on the module path or class path. Register with
 * {@code provides io.whispeer.api.spi.PluginProvider with ...}. Every found plugin runs, unless the setting
 * {@code whispeer.plugins.allow} is set: a comma-separated list of provider class names and plugin names. Class
 * names are checked before a provider is constructed, so a provider left out by class name is never constructed;
 * plugin names can only be compared after constructing the providers (which must be cheap), and only the allowed
 * ones are {@linkplain #create created}. An entry that matches no provider is reported as a warning. Plugins passed
 * to the builder always run.
 *
 * <p>A provider that cannot be loaded (its class is missing, is not a {@code PluginProvider}, or its constructor
 * throws) and a {@link #create} that throws fail the broker's build with a
 * {@link io.whispeer.api.ConfigurationException} naming the provider, its jar and the cause: a plugin may be an
 * authorisation or audit hook, so the broker never runs without a plugin the path says it has.
 */
public interface PluginProvider {
    /** {@return the plugin name, equal to the created plugin's {@link Plugin#name()}} */
    String name();

    /**
     * {@return the keys {@link #create} reads, relative to {@code whispeer.plugin.<name>.}, such as {@code file};
     * empty by default} Must be cheap and must not change.
     */
    default Set<String> settingKeys() {
        return Set.of();
    }

    /**
     * Creates the plugin.
     *
     * @param settings the plugin's own keys: the view {@link Settings#scoped(String) scoped} to
     *                 {@code whispeer.plugin.<name>.} with that prefix removed. Broker-wide settings are in
     *                 {@link PluginContext#settings()} when the plugin starts.
     * @return the plugin
     */
    Plugin create(Settings settings);
}
