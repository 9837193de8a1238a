package io.whispeer.api.spi;

/**
 * Provides an {@link EncryptionEngine}. Register with {@code provides io.whispeer.api.spi.EncryptionEngineProvider
 * with ...}.
 *
 * <p>Selection: the builder's {@code encryption(name, keyRing)} or the {@code whispeer.encryption} setting, else
 * the only present provider that {@link #isDefault() is a default}. Several such providers and no choice is an
 * error; so is a chosen name that no present provider has. There is never a silent fallback to no encryption once a
 * key ring is given.
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
     * @param settings the broker's settings; an engine reads keys under {@code whispeer.encryption.<name>.}
     * @return the engine, thread-safe
     */
    EncryptionEngine create(Settings settings);
}
