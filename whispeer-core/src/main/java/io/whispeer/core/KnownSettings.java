package io.whispeer.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.whispeer.api.ConfigurationException;
import io.whispeer.api.TopicRules;
import io.whispeer.api.Whispeer;
import io.whispeer.api.spi.BrokerConfig;
import io.whispeer.api.spi.Settings;

/**
 * The {@code whispeer.*} keys this broker understands, and the report of those it does not.
 *
 * <p>Known keys come from two places: {@link #CORE}, every key the core itself reads (add a key there when the core
 * reads a new one), and the keys each present provider declares in its {@code settingKeys()}, relative to its scope
 * {@code whispeer.<spi>.<name>.}. Keys under {@link #CHECKED_ELSEWHERE} belong to components that check them where
 * they are loaded (plugins in {@link PluginRegistry}, transports in the server).
 *
 * <p>An unknown key is a WARNING, logged once per key and JVM through the {@code io.whispeer.core} logger, because
 * {@code whispeer.*} system properties may hold keys of other whispeer components in the same JVM; with
 * {@code whispeer.settings.strict=true} every unknown key fails the build with a {@link ConfigurationException}.
 * Either way the report names the closest known key (by edit distance) when one is close.
 */
final class KnownSettings {
    /** Makes unknown keys an error instead of a warning. */
    static final String STRICT_SETTING = "whispeer.settings.strict";
    static final String CODEC_SCOPE = "whispeer.codec.";
    static final String COMPRESSION_SCOPE = "whispeer.compression.";
    static final String ENCRYPTION_SCOPE = "whispeer.encryption.";
    static final String PLUGIN_SCOPE = "whispeer.plugin.";
    static final String TRANSPORT_SCOPE = "whispeer.transport.";
    static final String SERVER_SCOPE = "whispeer.server.";
    static final String CLIENT_SCOPE = "whispeer.client.";

    /** Every key whispeer-core reads itself. Add new core (and router) settings here. */
    static final List<String> CORE = List.of(
            Whispeer.BROKER_SETTING,
            STRICT_SETTING,
            TopicRules.MAX_BYTES_SETTING,
            TopicRules.MAX_LEVELS_SETTING,
            BrokerLimits.MAX_MESSAGE_BYTES,
            BrokerLimits.MAX_HEADER_BYTES,
            BrokerLimits.QUEUE_CAPACITY,
            BrokerLimits.BLOCK_TIMEOUT,
            BrokerLimits.CLOSE_TIMEOUT,
            BrokerLimits.ROUTE_CACHE_ENTRIES,
            BrokerLimits.MAX_TRACKED_TOPICS,
            CodecRegistry.CODEC_SETTING,
            CompressionRegistry.COMPRESSION_SETTING,
            CompressionRegistry.THRESHOLD_SETTING,
            EncryptionRegistry.ENCRYPTION_SETTING,
            TopicDeclarations.PaddingMode.SETTING,
            PluginRegistry.ALLOW_SETTING,
            StoreRegistry.STORE_SETTING);

    /** Prefixes whose keys are checked by the component that loads them, not by {@link #check}. */
    static final List<String> CHECKED_ELSEWHERE = List.of(PLUGIN_SCOPE, TRANSPORT_SCOPE, SERVER_SCOPE, CLIENT_SCOPE,
            StoreRegistry.STORE_SCOPE);

    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private KnownSettings() {
    }

    /** {@return the scope of a provider: {@code whispeer.<spi>.<name>.}} */
    static String scope(String spiScope, String name) {
        return spiScope + name + ".";
    }

    /** {@return the full keys a provider declares, under its scope} */
    static <P> List<String> declared(String spiScope, Collection<P> providers, Function<P, String> name, Function<P, Set<String>> keys) {
        List<String> all = new ArrayList<>();
        for (P p : providers) {
            for (String key : keys.apply(p)) {
                all.add(scope(spiScope, name.apply(p)) + key);
            }
        }
        return all;
    }

    /**
     * Checks every {@code whispeer.*} key of a broker's settings against the core's keys and those of the codec,
     * compression and (with a key ring) encryption providers present. Without a key ring no encryption engine is
     * loaded, so keys under {@code whispeer.encryption.<name>.} are not checked.
     *
     * @throws ConfigurationException in strict mode, listing every unknown key
     */
    static void check(BrokerConfig config, DiscoveredProviders discovered) {
        Settings settings = config.settings();
        List<String> known = new ArrayList<>(CORE);
        known.addAll(declared(CODEC_SCOPE, discovered.codecs(), p -> p.name(), p -> p.settingKeys()));
        known.addAll(declared(COMPRESSION_SCOPE, discovered.compression(), p -> p.name(), p -> p.settingKeys()));
        boolean encryptionChecked = config.keyRing().isPresent();
        if (encryptionChecked) {
            known.addAll(declared(ENCRYPTION_SCOPE, discovered.encryption().get(), p -> p.name(), p -> p.settingKeys()));
        }
        List<String> unknown = new ArrayList<>();
        for (String key : settings.asMap().keySet()) {
            if (!key.startsWith("whispeer.") || known.contains(key) || CHECKED_ELSEWHERE.stream().anyMatch(key::startsWith)
                    || !encryptionChecked && key.startsWith(ENCRYPTION_SCOPE)) {
                continue;
            }
            unknown.add(key);
        }
        report(settings, unknown, known, key -> absentProvider(key, discovered, encryptionChecked));
    }

    /** A hint for a key under the scope of a built-in provider that is not present. */
    private static Optional<String> absentProvider(String key, DiscoveredProviders discovered, boolean encryptionChecked) {
        for (String[] spi : new String[][] {{CODEC_SCOPE, KnownProvider.CODEC}, {COMPRESSION_SCOPE, KnownProvider.COMPRESSION},
                {ENCRYPTION_SCOPE, KnownProvider.ENCRYPTION}}) {
            if (!key.startsWith(spi[0])) {
                continue;
            }
            String rest = key.substring(spi[0].length());
            int dot = rest.indexOf('.');
            if (dot < 0) {
                return Optional.empty();
            }
            String name = rest.substring(0, dot);
            List<String> present = spi[1].equals(KnownProvider.CODEC) ? discovered.codecs().stream().map(p -> p.name()).toList()
                    : spi[1].equals(KnownProvider.COMPRESSION) ? discovered.compression().stream().map(p -> p.name()).toList()
                    : encryptionChecked ? discovered.encryption().get().stream().map(p -> p.name()).toList() : List.of();
            if (!present.contains(name) && KnownProvider.byName(spi[1], name).isPresent()) {
                return Optional.of("no " + spi[1] + " engine '" + name + "' is present to read it; " + KnownProvider.whatToAdd(spi[1], name));
            }
            return Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * Reports unknown keys: a WARNING once per key, or, when {@value #STRICT_SETTING} is {@code true}, one
     * {@link ConfigurationException} listing them all.
     *
     * @param settings the settings the keys are in (full keys)
     * @param unknown  the unknown full keys
     * @param known    the known full keys, for "did you mean"
     * @param hint     a more specific explanation for a key, when there is one
     */
    static void report(Settings settings, List<String> unknown, Collection<String> known, Function<String, Optional<String>> hint) {
        if (unknown.isEmpty()) {
            return;
        }
        Map<String, String> lines = new TreeMap<>();
        for (String key : unknown) {
            String value = settings.get(key).map(v -> secret(key) ? "(hidden)" : v).orElse("");
            String why = hint.apply(key).orElseGet(() -> closest(key, known)
                    .map(k -> "did you mean " + k + "?")
                    .orElse("neither whispeer-core nor a provider present reads it (see the Settings table in the README)."));
            lines.put(key, "Unknown setting " + key + "=" + value + "; " + why);
        }
        if (settings.getBoolean(STRICT_SETTING, false)) {
            throw new ConfigurationException(String.join(" ", lines.values()) + " Fix or remove " + (lines.size() == 1 ? "it" : "them")
                    + ", or set " + STRICT_SETTING + "=false to log unknown settings instead of failing.");
        }
        lines.forEach((key, line) -> {
            if (WARNED.add(key)) {
                CoreBroker.LOG.log(System.Logger.Level.WARNING, line + " (Set " + STRICT_SETTING + "=true to make unknown settings an error.)");
            }
        });
    }

    /** Values of keys that look like credentials are not repeated in messages. */
    private static boolean secret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("pass") || k.contains("secret") || k.contains("token") || k.contains("credential");
    }

    /** {@return the known key closest to {@code key}, when it is close enough to be a typo} */
    static Optional<String> closest(String key, Collection<String> known) {
        return Settings.closest(key, known);
    }
}
