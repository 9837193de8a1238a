package io.whispeer.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.whispeer.api.CompressionDictionary;
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
    static final String THRESHOLD_SETTING = "whispeer.compression.threshold";
    /** The key, relative to an engine's scope, of its level: set for per-topic levels. */
    static final String LEVEL = "level";
    /**
     * Encoded payloads below this many bytes are not compressed. Measured (docs/benchmarks.md): zstd level 1 without a
     * dictionary saves 20 % of 256-byte JSON for 3.7 us, 45 % of 512-byte JSON for 5.0 us, nothing below 128 bytes.
     * Topics with a dictionary should set a low threshold in their policy: they compress small messages 2.5-3x in ~1 us.
     */
    static final int DEFAULT_THRESHOLD = 512;
    private static final Function<CompressionEngineProvider, String> NAME = CompressionEngineProvider::name;

    private final List<CompressionEngineProvider> providers;
    private final Settings settings;
    private final Map<String, CompressionEngine> engines = new ConcurrentHashMap<>();
    private final CompressionEngine defaultEngine;
    private final boolean explicitlyChosen;
    private final int defaultThreshold;
    private final Map<String, CompressionDictionary> dictionaries = new HashMap<>();

    CompressionRegistry(List<CompressionEngineProvider> found, Settings settings, Optional<String> chosen,
                        List<CompressionDictionary> dictionaries) {
        List<CompressionEngineProvider> all = new ArrayList<>();
        all.add(new NoCompression());
        all.addAll(found);
        Providers.validate(KnownProvider.COMPRESSION, all, NAME, CompressionEngineProvider::id);
        this.providers = List.copyOf(all);
        this.settings = settings;
        Optional<String> explicit = chosen.or(() -> settings.get(COMPRESSION_SETTING));
        this.explicitlyChosen = explicit.isPresent();
        this.defaultEngine = byName(explicit.orElseGet(() -> discoveredDefault(found)));
        this.defaultThreshold = settings.getInt(THRESHOLD_SETTING, DEFAULT_THRESHOLD, 0, Integer.MAX_VALUE);
        for (CompressionDictionary dictionary : dictionaries) {
            CompressionEngine engine = byName(dictionary.engine());
            if (!engine.supportsDictionaries()) {
                throw new ConfigurationException("Dictionary " + Integer.toUnsignedString(dictionary.id()) + " is for engine '"
                        + dictionary.engine() + "', which does not support dictionaries.");
            }
            CompressionDictionary previous = this.dictionaries.putIfAbsent(key(engine.id(), dictionary.id()), dictionary);
            if (previous != null && !previous.equals(dictionary)) {
                throw new ConfigurationException("Two different " + dictionary.engine() + " dictionaries have id "
                        + Integer.toUnsignedString(dictionary.id()) + "; ids must identify one dictionary.");
            }
        }
    }

    private static String key(int engineId, int dictionaryId) {
        return engineId + "/" + Integer.toUnsignedString(dictionaryId);
    }

    /** {@return the threshold below which payloads are not compressed, unless a topic policy sets its own} */
    int defaultThreshold() {
        return defaultThreshold;
    }

    /**
     * The dictionary with an id for an engine.
     *
     * @throws CompressionException naming the id when it is not registered on this side
     */
    CompressionDictionary dictionary(CompressionEngine engine, int id) {
        CompressionDictionary dictionary = dictionaries.get(key(engine.id(), id));
        if (dictionary == null) {
            throw new CompressionException("Compression dictionary " + Integer.toUnsignedString(id) + " for engine '" + engine.name()
                    + "' is not registered on this side; register the same dictionary the publisher uses with"
                    + " Whispeer.builder().dictionary(...).");
        }
        return dictionary;
    }

    /**
     * {@return the compression engines found on the module path and class path} A provider that cannot be loaded
     * is skipped with a WARNING that names it, its jar and the cause: envelopes always name their engine, so a
     * receiver never guesses, and choosing the skipped engine by name is the usual "not present" error.
     */
    static List<CompressionEngineProvider> discover() {
        return Providers.loadAll(ServiceLoader.load(CompressionEngineProvider.class), CompressionEngineProvider.class,
                Providers.skipWithWarning(KnownProvider.COMPRESSION));
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

    /**
     * {@return how the default engine was chosen, for the build-time log line: its name, origin and rank, and the
     * ranks of the others present} A third-party engine that outranks zstd shows up here.
     */
    String describeDefault() {
        CompressionEngineProvider chosen = providers.stream().filter(p -> p.name().equals(defaultEngine.name())).findFirst().orElseThrow();
        String others = providers.stream().filter(p -> p != chosen)
                .map(p -> p.name() + " " + (p.rank() == Integer.MIN_VALUE ? "lowest" : Integer.toString(p.rank())))
                .collect(Collectors.joining(", "));
        return Providers.describe(chosen, NAME) + " [" + (explicitlyChosen ? "chosen by name" : "rank "
                + (chosen.rank() == Integer.MIN_VALUE ? "lowest" : Integer.toString(chosen.rank())) + ", the highest present")
                + (others.isEmpty() ? "" : "; others: " + others) + "]";
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
        return engine(name, OptionalInt.empty());
    }

    /**
     * The engine with a name at a level (the engine's default level when empty), created on first use.
     *
     * @throws ConfigurationException naming the artifact to add when it is not present, or the engine's own error
     *                                for a level it does not accept
     */
    CompressionEngine engine(String name, OptionalInt level) {
        String key = level.isPresent() ? name + "@" + level.getAsInt() : name;
        CompressionEngine engine = engines.get(key);
        if (engine != null) {
            return engine;
        }
        CompressionEngineProvider provider = providers.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new ConfigurationException(COMPRESSION_SETTING + "=" + name + ", but no compression engine of that"
                        + " name is on the module path or class path; " + KnownProvider.whatToAdd(KnownProvider.COMPRESSION, name)
                        + ". Found: " + Providers.describeAll(providers, NAME) + "."));
        String scope = KnownSettings.scope(KnownSettings.COMPRESSION_SCOPE, name);
        Settings engineSettings = (level.isEmpty() ? settings
                : settings.overriddenBy(Settings.of(Map.of(scope + LEVEL, Integer.toString(level.getAsInt()))))).scoped(scope);
        return engines.computeIfAbsent(key, k -> provider.create(engineSettings));
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
