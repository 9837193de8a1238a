package io.whispeer.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;

import io.whispeer.api.ConfigurationException;
import io.whispeer.api.spi.Plugin;
import io.whispeer.api.spi.PluginProvider;
import io.whispeer.api.spi.Settings;

/**
 * Finds plugins. The allow-list {@value #ALLOW_SETTING}, when set, holds provider class names (entries with a dot),
 * matched before a provider is constructed, and plugin names (entries without a dot), which need the providers not
 * matched by class to be constructed to read their names; only allowed providers' plugins are created. An entry that
 * matches nothing is a WARNING.
 *
 * <p>Plugins fail loudly: a provider that cannot be loaded, and a {@code create} that throws, fail the build with a
 * {@link ConfigurationException} naming the provider class, the plugin, its artifact and version and the cause. A
 * plugin may be an audit or authorisation hook; the broker must not run without one the path says it has.
 *
 * <p>Keys under {@code whispeer.plugin.} are checked here against the keys the loaded providers declare (see
 * {@link KnownSettings}); each plugin is created with its own scoped view.
 */
final class PluginRegistry {
    static final String ALLOW_SETTING = "whispeer.plugins.allow";

    private PluginRegistry() {
    }

    /** {@return the plugins of every allowed provider on the module path and class path} */
    static List<Plugin> discover(Settings settings) {
        Optional<Set<String>> allowed = settings.get(ALLOW_SETTING).map(list -> Arrays.stream(list.split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toCollection(LinkedHashSet::new)));
        List<ServiceLoader.Provider<PluginProvider>> listed = Providers.list(ServiceLoader.load(PluginProvider.class), PluginProvider.class,
                Providers.failBuild("plugin", "whispeer does not run without a plugin that is on the path."));
        List<PluginProvider> chosen = choose(listed, allowed);
        checkKeys(settings, chosen);
        List<Plugin> plugins = new ArrayList<>();
        for (PluginProvider provider : chosen) {
            try {
                Plugin plugin = provider.create(settings.scoped(KnownSettings.scope(KnownSettings.PLUGIN_SCOPE, provider.name())));
                if (plugin == null) {
                    throw new IllegalStateException("create returned null");
                }
                plugins.add(plugin);
            } catch (RuntimeException | LinkageError e) {
                closeQuietly(plugins);
                throw new ConfigurationException("The plugin provider " + provider.getClass().getName() + " (plugin '" + provider.name()
                        + "', " + Providers.origin(provider.getClass()) + ") failed to create its plugin: " + e
                        + ". Fix its settings under " + KnownSettings.scope(KnownSettings.PLUGIN_SCOPE, provider.name())
                        + ", or leave it out with " + ALLOW_SETTING + ".", e);
            }
        }
        return plugins;
    }

    /** Applies the allow-list: class names first, without constructing; then plugin names. */
    private static List<PluginProvider> choose(List<ServiceLoader.Provider<PluginProvider>> listed, Optional<Set<String>> allowed) {
        List<PluginProvider> chosen = new ArrayList<>();
        Set<String> classEntries = allowed.map(a -> a.stream().filter(e -> e.contains(".")).collect(Collectors.toSet())).orElse(Set.of());
        Set<String> nameEntries = allowed.map(a -> a.stream().filter(e -> !e.contains(".")).collect(Collectors.toSet())).orElse(Set.of());
        Set<String> matched = new LinkedHashSet<>();
        List<String> found = new ArrayList<>();
        for (ServiceLoader.Provider<PluginProvider> provider : listed) {
            String type = provider.type().getName();
            boolean byClass = allowed.isEmpty() || classEntries.contains(type);
            if (!byClass && nameEntries.isEmpty()) {
                found.add(type);
                CoreBroker.LOG.log(System.Logger.Level.DEBUG, "Plugin provider " + type + " is not in " + ALLOW_SETTING + "; not constructed");
                continue;
            }
            PluginProvider instance = Providers.instantiate(provider, PluginProvider.class,
                    Providers.failBuild("plugin", "whispeer does not run without a plugin that is on the path."))
                    .orElseThrow();
            found.add(type + " (" + instance.name() + ")");
            if (byClass || nameEntries.contains(instance.name())) {
                matched.add(byClass ? type : instance.name());
                chosen.add(instance);
            } else {
                CoreBroker.LOG.log(System.Logger.Level.DEBUG, "Plugin '" + instance.name() + "' (" + type + ") is not in " + ALLOW_SETTING
                        + "; not created");
            }
        }
        allowed.ifPresent(entries -> entries.stream().filter(e -> !matched.contains(e)).forEach(entry -> CoreBroker.LOG.log(
                System.Logger.Level.WARNING, ALLOW_SETTING + " lists '" + entry + "', which matches no plugin "
                        + (entry.contains(".") ? "provider class" : "name") + " found. Found: "
                        + (found.isEmpty() ? "none" : String.join(", ", found)) + ". Entries are provider class names or plugin names.")));
        return chosen;
    }

    /** Reports keys under {@code whispeer.plugin.} that no created plugin declares. */
    private static void checkKeys(Settings settings, List<PluginProvider> chosen) {
        List<String> known = KnownSettings.declared(KnownSettings.PLUGIN_SCOPE, chosen, PluginProvider::name, PluginProvider::settingKeys);
        Set<String> names = chosen.stream().map(PluginProvider::name).collect(Collectors.toSet());
        List<String> unknown = settings.asMap().keySet().stream()
                .filter(k -> k.startsWith(KnownSettings.PLUGIN_SCOPE) && !known.contains(k)).toList();
        KnownSettings.report(settings, unknown, known, key -> {
            String rest = key.substring(KnownSettings.PLUGIN_SCOPE.length());
            int dot = rest.indexOf('.');
            String name = dot < 0 ? rest : rest.substring(0, dot);
            return names.contains(name) || KnownSettings.closest(key, known).isPresent() ? Optional.empty()
                    : Optional.of("no plugin named '" + name + "' is loaded (loaded: " + (names.isEmpty() ? "none" : String.join(", ", names.stream().sorted().toList()))
                    + "); check " + ALLOW_SETTING + " and the plugin's jar.");
        });
    }

    private static void closeQuietly(List<Plugin> plugins) {
        for (Plugin plugin : plugins) {
            try {
                plugin.close();
            } catch (Exception e) {
                CoreBroker.LOG.log(System.Logger.Level.WARNING, "Plugin '" + plugin.name() + "' failed to close after another plugin failed", e);
            }
        }
    }
}
