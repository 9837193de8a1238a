package io.whispeer.core;

import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Function;

import io.whispeer.api.ConfigurationException;
import io.whispeer.api.spi.BrokerConfig;
import io.whispeer.api.spi.MessageStore;
import io.whispeer.api.spi.MessageStoreProvider;

/**
 * Finds the broker's message store: the one given to the builder, else the provider named by {@code whispeer.store}
 * (created with the settings under {@code whispeer.store.<name>.}), else none. A store is never picked because it
 * happens to be present: persistence changes what a publish acknowledges, so it is always chosen explicitly.
 */
final class StoreRegistry {
    static final String STORE_SETTING = "whispeer.store";
    static final String STORE_SCOPE = "whispeer.store.";
    private static final Function<MessageStoreProvider, String> NAME = MessageStoreProvider::name;

    private StoreRegistry() {
    }

    /**
     * The store the configuration asks for.
     *
     * @throws ConfigurationException when {@code whispeer.store} names a provider that is not present
     */
    static Optional<MessageStore> select(BrokerConfig config) {
        if (config.store().isPresent()) {
            return config.store();
        }
        Optional<String> name = config.settings().get(STORE_SETTING);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        List<MessageStoreProvider> found = ServiceLoader.load(MessageStoreProvider.class).stream().map(ServiceLoader.Provider::get).toList();
        MessageStoreProvider provider = found.stream().filter(p -> p.name().equals(name.get())).findFirst()
                .orElseThrow(() -> new ConfigurationException(STORE_SETTING + "=" + name.get() + ", but no message store of that name is on"
                        + " the module path or class path; add the jar that provides it. Found: " + Providers.describeAll(found, NAME) + "."));
        return Optional.of(provider.create(config.settings().scoped(STORE_SCOPE + name.get() + "."), config.clock()));
    }
}
