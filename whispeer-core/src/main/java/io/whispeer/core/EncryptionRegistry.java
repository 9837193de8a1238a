package io.whispeer.core;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.whispeer.api.ConfigurationException;
import io.whispeer.api.EncryptionException;
import io.whispeer.api.spi.EncryptionEngine;
import io.whispeer.api.spi.EncryptionEngineProvider;
import io.whispeer.api.spi.Settings;

/**
 * The encryption engines present. Selection for sealing: the explicit name, else the only engine present; none or
 * several without a choice is an error, never a guess and never a fallback to plaintext.
 */
final class EncryptionRegistry implements AutoCloseable {
    static final String ENCRYPTION_SETTING = "whispeer.encryption";
    private static final Function<EncryptionEngineProvider, String> NAME = EncryptionEngineProvider::name;

    private final List<EncryptionEngineProvider> providers;
    private final Settings settings;
    private final Map<String, EncryptionEngine> engines = new ConcurrentHashMap<>();
    private final EncryptionEngine sealing;
    private final BoundCiphers bound;

    EncryptionRegistry(List<EncryptionEngineProvider> found, Settings settings, Optional<String> chosen) {
        Providers.validate(KnownProvider.ENCRYPTION, found, NAME, EncryptionEngineProvider::id);
        this.providers = List.copyOf(found);
        this.settings = settings;
        Optional<String> explicit = chosen.or(() -> settings.get(ENCRYPTION_SETTING));
        List<EncryptionEngineProvider> defaults = found.stream().filter(EncryptionEngineProvider::isDefault).toList();
        if (explicit.isPresent()) {
            this.sealing = byName(explicit.get());
        } else if (defaults.size() == 1) {
            this.sealing = byName(defaults.get(0).name());
        } else if (found.isEmpty()) {
            throw new ConfigurationException("A key ring was given, but no encryption engine is on the module path or class path;"
                    + " add io.whispeer:whispeer-crypto-chacha or io.whispeer:whispeer-crypto-aesgcm (versions come from whispeer-bom).");
        } else {
            throw new ConfigurationException("Several encryption engines are present and none was chosen: "
                    + Providers.describeAll(providers, NAME) + ". Choose one with " + ENCRYPTION_SETTING
                    + "=<name> or Whispeer.builder().encryption(name, keyRing); whispeer never picks a cipher for you.");
        }
        this.bound = new BoundCiphers(sealing);
    }

    /**
     * {@return the encryption engines found on the module path and class path}
     *
     * @throws ConfigurationException when a provider cannot be loaded, naming it, its jar and the cause: skipping
     *                                it could silently change which cipher is chosen ("several, choose one" would
     *                                become "the only one"), so it fails even when another engine is chosen
     */
    static List<EncryptionEngineProvider> discover() {
        return Providers.loadAll(ServiceLoader.load(EncryptionEngineProvider.class), EncryptionEngineProvider.class,
                Providers.failBuild(KnownProvider.ENCRYPTION, "whispeer does not skip a broken encryption provider: that could"
                        + " change which cipher is chosen."));
    }

    /** {@return the engine that seals new messages} */
    EncryptionEngine sealing() {
        return sealing;
    }

    /** {@return the keys bound to engines: one sealing object per key, a bounded cache for opening} */
    BoundCiphers bound() {
        return bound;
    }

    private EncryptionEngine byName(String name) {
        EncryptionEngine engine = engines.get(name);
        if (engine != null) {
            return engine;
        }
        EncryptionEngineProvider provider = providers.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new ConfigurationException(ENCRYPTION_SETTING + "=" + name + ", but no encryption engine of that"
                        + " name is on the module path or class path; " + KnownProvider.whatToAdd(KnownProvider.ENCRYPTION, name)
                        + ". Found: " + Providers.describeAll(providers, NAME) + "."));
        return engines.computeIfAbsent(name, n -> provider.create(settings.scoped(KnownSettings.scope(KnownSettings.ENCRYPTION_SCOPE, n))));
    }

    /**
     * The engine for an envelope's cipher id.
     *
     * @throws EncryptionException naming the artifact to add when it is not present
     */
    EncryptionEngine byId(int id) {
        for (EncryptionEngineProvider p : providers) {
            if (p.id() == id) {
                return byName(p.name());
            }
        }
        String known = KnownProvider.byId(KnownProvider.ENCRYPTION, id)
                .map(k -> " (" + k.name() + "; " + KnownProvider.whatToAdd(KnownProvider.ENCRYPTION, k.name()) + ")").orElse("");
        throw new EncryptionException("The message was sealed with cipher id " + id + known
                + ", which is not present on this side. Found: " + Providers.describeAll(providers, NAME) + ".");
    }

    @Override
    public void close() {
        bound.close();
        engines.values().forEach(EncryptionEngine::close);
        engines.clear();
    }
}
