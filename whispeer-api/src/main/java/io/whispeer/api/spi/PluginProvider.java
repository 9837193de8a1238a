package io.whispeer.api.spi;

/**
 * Provides a {@link Plugin} found on the module path or class path. Register with
 * {@code provides io.whispeer.api.spi.PluginProvider with ...}. Every found plugin runs, unless the setting
 * {@code whispeer.plugins.allow} lists provider class names, in which case only those are instantiated (the list
 * is checked before a provider is constructed). Plugins passed to the builder always run.
 */
public interface PluginProvider {
    /** {@return the plugin name} */
    String name();

    /**
     * Creates the plugin.
     *
     * @param settings the broker's settings
     * @return the plugin
     */
    Plugin create(Settings settings);
}
