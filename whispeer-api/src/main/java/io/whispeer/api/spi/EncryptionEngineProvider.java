package io.whispeer.api.spi;

/**
 * Provides an {@link EncryptionEngine}. Register with {@code provides io.whispeer.api.spi.EncryptionEngineProvider
 * with ...}.
 *
 * <p>Selection: the builder's {@code encryption(name, keyRing)} or the {@code whispeer.encryption} setting, else
 * the only present provider that {@link #isDefault() is a default}. Several such providers and no choice is an
 * error; so is a chosen name that no present provider has. There is never a silent fallback to no encryption once a
 * key ring is given.
 *
 * <p>An encryption provider that cannot be loaded (its class is missing or is not an
 * {@code EncryptionEngineProvider}, or its constructor throws) fails the build with a
 * {@link io.whispeer.api.ConfigurationException} naming it, its jar and the cause, even when another engine is
 * chosen: skipping it could silently change which cipher is used (from "several, choose one" to "the only one").
 */
public interface EncryptionEngineProvider extends EngineProvider {
    /**
     * {@return whether this engine is chosen when its jar is the only encryption jar present; a jar that provides
     * several engines marks exactly one as its default (whispeer-crypto-chacha: xchacha20-poly1305)}
     */
    default boolean isDefault() {
        return true;
    }

    /**
     * Creates an engine.
     *
     * @param settings the engine's own keys: {@code whispeer.encryption.<name>.*} with that prefix removed (see
     *                 {@link EngineProvider})
     * @return the engine, thread-safe
     */
    EncryptionEngine create(Settings settings);
}
