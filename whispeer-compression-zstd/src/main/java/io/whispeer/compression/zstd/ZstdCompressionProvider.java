package io.whispeer.compression.zstd;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.whispeer.api.ConfigurationException;
import io.whispeer.api.spi.CompressionEngine;
import io.whispeer.api.spi.CompressionEngineProvider;
import io.whispeer.api.spi.Settings;
import io.whispeer.api.spi.WireIds;

/**
 * Provides the zstd compression engine, named {@code zstd}, with wire id {@value WireIds#COMPRESSION_ZSTD} and rank
 * 100: it is the default when it is present and no engine is chosen.
 *
 * <p>Settings ({@code create} receives them scoped to {@code whispeer.compression.zstd.}, as {@code level} and
 * {@code max-window-log}; broker-wide keys do not reach it, the largest decompressed size comes with each
 * {@code decompress} call):
 * <ul>
 *   <li>{@code whispeer.compression.zstd.level}: 1 to 22 (higher is smaller and slower) or a fast level from -1 to
 *       -7 (faster, larger); default 1. On JSON messages of about 1 KiB level 1 compresses as well as level 3, zstd's
 *       own default, in less time.</li>
 *   <li>{@code whispeer.compression.zstd.max-window-log}: 10 to 27, default 23. A frame that needs a window over
 *       {@code 2^max-window-log} bytes is refused before zstd allocates it, and the engine compresses with windows
 *       no larger, so engines with the same setting always read each other's output. 23 (8 MiB) is what levels 1
 *       to 19 use at most; only levels 20 to 22 compress large messages with a window capped to it.</li>
 * </ul>
 */
public final class ZstdCompressionProvider implements CompressionEngineProvider {
    /** The scope of this engine's settings. */
    static final String SCOPE = "whispeer.compression.zstd.";
    /** The key of the compression level, relative to {@link #SCOPE}. */
    static final String LEVEL_KEY = "level";
    /** The key of the largest window log accepted and used, relative to {@link #SCOPE}. */
    static final String MAX_WINDOW_LOG_KEY = "max-window-log";
    /** The setting of the compression level as users write it. */
    static final String LEVEL = SCOPE + LEVEL_KEY;
    /** The setting of the largest window log as users write it. */
    static final String MAX_WINDOW_LOG = SCOPE + MAX_WINDOW_LOG_KEY;
    /** The default level: the best ratio per microsecond on small JSON messages. */
    static final int DEFAULT_LEVEL = 1;
    static final int MIN_LEVEL = -7;
    static final int MAX_LEVEL = 22;
    /** The default window limit: 8 MiB, the largest window that levels 1 to 19 use. */
    static final int DEFAULT_MAX_WINDOW_LOG = 23;
    /** zstd's smallest window log. */
    static final int MIN_WINDOW_LOG = 10;
    /** zstd's own default decoder limit; larger windows need explicit opt-in in zstd too. */
    static final int MAX_WINDOW_LOG_LIMIT = 27;

    /** Creates the provider; cheap, as {@link java.util.ServiceLoader} requires: zstd's native code loads in {@link #create}. */
    public ZstdCompressionProvider() {
    }

    /** {@return {@code zstd}} */
    @Override
    public String name() {
        return "zstd";
    }

    /** {@return {@value WireIds#COMPRESSION_ZSTD}} */
    @Override
    public int id() {
        return WireIds.COMPRESSION_ZSTD;
    }

    /** {@return 100: zstd is preferred over lz4 (50) when both are present} */
    @Override
    public int rank() {
        return 100;
    }

    /** {@return {@code level} and {@code max-window-log}, relative to {@code whispeer.compression.zstd.}} */
    @Override
    public Set<String> settingKeys() {
        return Set.of(LEVEL_KEY, MAX_WINDOW_LOG_KEY);
    }

    private static int level(Settings settings) {
        Optional<String> raw = settings.get(LEVEL_KEY);
        if (raw.isEmpty()) {
            return DEFAULT_LEVEL;
        }
        try {
            int level = Integer.parseInt(raw.get().replace("_", ""));
            if (level != 0 && level >= MIN_LEVEL && level <= MAX_LEVEL) {
                return level;
            }
        } catch (NumberFormatException e) {
            // reported below, as an out-of-range level is
        }
        throw new ConfigurationException("Invalid " + settings.fullKey(LEVEL_KEY) + "='" + raw.get() + "': use a level from 1 to " + MAX_LEVEL
                + " (higher is smaller and slower) or a fast level from -1 to " + MIN_LEVEL + "; the default is " + DEFAULT_LEVEL + ".");
    }

    /**
     * Creates an engine and loads zstd's native library.
     *
     * @param settings the engine's scoped settings: reads {@code level} and {@code max-window-log} (written
     *                 {@code whispeer.compression.zstd.level} and {@code whispeer.compression.zstd.max-window-log})
     * @return the engine, thread-safe; close it to free its native memory
     * @throws ConfigurationException when a setting is out of range, or zstd-jni has no native library for this
     *                                platform
     */
    @Override
    public CompressionEngine create(Settings settings) {
        Objects.requireNonNull(settings, "settings");
        int level = level(settings);
        int maxWindowLog = settings.getInt(MAX_WINDOW_LOG_KEY, DEFAULT_MAX_WINDOW_LOG, MIN_WINDOW_LOG, MAX_WINDOW_LOG_LIMIT);
        try {
            return new ZstdCompressionEngine(name(), id(), level, maxWindowLog);
        } catch (LinkageError e) {
            throw new ConfigurationException("The zstd compression engine cannot load zstd-jni's native library on "
                    + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + " (" + e + "); use another engine"
                    + " such as whispeer.compression=lz4, or none", e);
        }
    }
}
