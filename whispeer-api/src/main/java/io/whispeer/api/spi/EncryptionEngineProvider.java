package io.whispeer.api.spi;

/**
 * Provides an {@link EncryptionEngine}. Register with {@code provides io.whispeer.api.spi.EncryptionEngineProvider
 * with ...}.
 *
 * <p>Selection: the builder's {@code encryption(name, keyRing)} or the {@code whispeer.encryption} setting, else
 * the only present provider. Several present providers and no choice is an error; so is a chosen name that no
 * present provider has. There is never a silent fallback to no encryption once a key ring is given.
 */
public interface EncryptionEngineProvider extends EngineProvider {
    /**
     * Creates an engine.
     *
     * @param settings the broker's settings; an engine reads keys under {@code whispeer.encryption.<name>.}
     * @return the engine, thread-safe
     */
    EncryptionEngine create(Settings settings);
}
