package io.whispeer.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;

import io.whispeer.api.spi.Plugin;
import io.whispeer.api.spi.PluginProvider;
import io.whispeer.api.spi.Settings;

/** Finds plugins; an allow-list, when set, is checked before a provider class is instantiated. */
final class PluginRegistry {
    static final String ALLOW_SETTING = "whispeer.plugins.allow";

    private PluginRegistry() {
    }

    /** {@return the plugins of every allowed provider on the module path and class path} */
    static List<Plugin> discover(Settings settings) {
        Optional<Set<String>> allowed = settings.get(ALLOW_SETTING)
                .map(list -> Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet()));
        List<Plugin> plugins = new ArrayList<>();
        for (ServiceLoader.Provider<PluginProvider> provider : ServiceLoader.load(PluginProvider.class).stream().toList()) {
            String type = provider.type().getName();
            if (allowed.isPresent() && !allowed.get().contains(type)) {
                CoreBroker.LOG.log(System.Logger.Level.DEBUG, "Plugin provider " + type + " is not in " + ALLOW_SETTING + "; not loaded");
                continue;
            }
            plugins.add(provider.get().create(settings));
        }
        return plugins;
    }
}
