package io.whispeer.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.whispeer.api.CompressionException;
import io.whispeer.api.ConfigurationException;
import io.whispeer.api.spi.CompressionEngine;
import io.whispeer.api.spi.CompressionEngineProvider;
import io.whispeer.api.spi.Settings;

/**
 * The compression engines present: the built-in {@code none} plus every {@link CompressionEngineProvider} found.
 * Engines are created on first use and closed with the registry.
 */
final class CompressionRegistry implements AutoCloseable {
    static final String COMPRESSION_SETTING = "whispeer.compression";
    private static final Function<CompressionEngineProvider, String> NAME = CompressionEngineProvider::name;

    private final List<CompressionEngineProvider> providers;
    private final Settings settings;
    private final Map<String, CompressionEngine> engines = new ConcurrentHashMap<>();
    private final CompressionEngine defaultEngine;

    CompressionRegistry(List<CompressionEngineProvider> found, Settings settings, Optional<String> chosen) {
        List<CompressionEngineProvider> all = new ArrayList<>();
        all.add(new NoCompression());
        all.addAll(found);
        Providers.validate(KnownProvider.COMPRESSION, all, NAME, CompressionEngineProvider::id);
        this.providers = List.copyOf(all);
        this.settings = settings;
        Optional<String> explicit = chosen.or(() -> settings.get(COMPRESSION_SETTING));
        this.defaultEngine = byName(explicit.orElseGet(() -> discoveredDefault(found)));
    }

    /** {@return the compression engines found on the module path and class path} */
    static List<CompressionEngineProvider> discover() {
        List<CompressionEngineProvider> found = new ArrayList<>();
        ServiceLoader.load(CompressionEngineProvider.class).forEach(found::add);
        return found;
    }

    private static String discoveredDefault(List<CompressionEngineProvider> found) {
        if (found.isEmpty()) {
            return NoCompression.NAME;
        }
        List<CompressionEngineProvider> best = Providers.best(found, CompressionEngineProvider::rank);
        if (best.size() > 1) {
            throw new ConfigurationException("Several compression engines are present with the same rank: "
                    + best.stream().map(p -> Providers.describe(p, NAME)).collect(Collectors.joining(", "))
                    + ". Choose one with " + COMPRESSION_SETTING + "=<name> or Whispeer.builder().compression(name).");
        }
        return best.get(0).name();
    }

    /** {@return the engine used where no topic policy names one} */
    CompressionEngine defaultEngine() {
        return defaultEngine;
    }

    /**
     * The engine with a name, created on first use.
     *
     * @throws ConfigurationException naming the artifact to add when it is not present
     */
    CompressionEngine byName(String name) {
        CompressionEngine engine = engines.get(name);
        if (engine != null) {
            return engine;
        }
        CompressionEngineProvider provider = providers.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new ConfigurationException(COMPRESSION_SETTING + "=" + name + ", but no compression engine of that"
                        + " name is on the module path or class path; " + KnownProvider.whatToAdd(KnownProvider.COMPRESSION, name)
                        + ". Found: " + Providers.describeAll(providers, NAME) + "."));
        return engines.computeIfAbsent(name, n -> provider.create(settings));
    }

    /**
     * The engine for an envelope's compression id.
     *
     * @throws CompressionException naming the artifact to add when it is not present
     */
    CompressionEngine byId(int id) {
        for (CompressionEngineProvider p : providers) {
            if (p.id() == id) {
                return byName(p.name());
            }
        }
        String known = KnownProvider.byId(KnownProvider.COMPRESSION, id)
                .map(k -> " (" + k.name() + "; " + KnownProvider.whatToAdd(KnownProvider.COMPRESSION, k.name()) + ")").orElse("");
        throw new CompressionException("The message was compressed with engine id " + id + known
                + ", which is not present on this side. Found: " + Providers.describeAll(providers, NAME) + ".");
    }

    @Override
    public void close() {
        engines.values().forEach(CompressionEngine::close);
        engines.clear();
    }
}
