package io.whispeer.compression.lz4;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.whispeer.api.ConfigurationException;
import io.whispeer.api.spi.CompressionEngine;
import io.whispeer.api.spi.CompressionEngineProvider;
import io.whispeer.api.spi.Settings;
import io.whispeer.api.spi.WireIds;

/**
 * Provides the lz4 compression engine, named {@code lz4}, with wire id {@value WireIds#COMPRESSION_LZ4} and rank 50
 * (below zstd's 100: with both present and none chosen, zstd is used).
 *
 * <p>Setting {@code whispeer.compression.lz4.level}: 0, the default, is LZ4's fast mode; 1 to 17 select LZ4 HC
 * (high compression) at that level, smaller and slower to compress, as fast to decompress. {@code create} receives
 * it scoped to {@code whispeer.compression.lz4.}, as {@code level}; broker-wide keys do not reach it.
 */
public final class Lz4CompressionProvider implements CompressionEngineProvider {
    /** The scope of this engine's settings. */
    static final String SCOPE = "whispeer.compression.lz4.";
    /** The key of the mode and level, relative to {@link #SCOPE}. */
    static final String LEVEL_KEY = "level";
    /** The setting of the mode and level as users write it. */
    static final String LEVEL = SCOPE + LEVEL_KEY;
    /** The fast mode. */
    static final int FAST = 0;
    /** The highest LZ4 HC level. */
    static final int MAX_LEVEL = 17;

    /** Creates the provider; cheap, as {@link java.util.ServiceLoader} requires: lz4's native code loads in {@link #create}. */
    public Lz4CompressionProvider() {
    }

    /** {@return {@code lz4}} */
    @Override
    public String name() {
        return "lz4";
    }

    /** {@return {@value WireIds#COMPRESSION_LZ4}} */
    @Override
    public int id() {
        return WireIds.COMPRESSION_LZ4;
    }

    /** {@return 50: below zstd (100), so zstd is the default when both are present} */
    @Override
    public int rank() {
        return 50;
    }

    /**
     * Creates an engine, on lz4's native library when it loads on this platform and on its pure-Java
     * implementation otherwise.
     *
     * @param settings the engine's scoped settings: reads {@code level} (written {@code whispeer.compression.lz4.level})
     * @return the engine, thread-safe; close it to free its native memory
     * @throws ConfigurationException when the level is not 0 to 17
     */
    @Override
    public CompressionEngine create(Settings settings) {
        Objects.requireNonNull(settings, "settings");
        return new Lz4CompressionEngine(name(), id(), level(settings));
    }

    /** {@return {@code level}, relative to {@code whispeer.compression.lz4.}} */
    @Override
    public Set<String> settingKeys() {
        return Set.of(LEVEL_KEY);
    }

    private static int level(Settings settings) {
        Optional<String> raw = settings.get(LEVEL_KEY);
        if (raw.isEmpty()) {
            return FAST;
        }
        try {
            int level = Integer.parseInt(raw.get().replace("_", ""));
            if (level >= FAST && level <= MAX_LEVEL) {
                return level;
            }
        } catch (NumberFormatException e) {
            // reported below, as an out-of-range level is
        }
        throw new ConfigurationException("Invalid " + settings.fullKey(LEVEL_KEY) + "='" + raw.get() + "': use 0 for the fast mode (the default) or 1 to "
                + MAX_LEVEL + " for high compression at that level.");
    }
}
