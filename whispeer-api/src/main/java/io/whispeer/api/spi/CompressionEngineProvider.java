package io.whispeer.api.spi;

/**
 * Provides a {@link CompressionEngine}. Register with {@code provides io.whispeer.api.spi.CompressionEngineProvider
 * with ...}.
 *
 * <p>Selection: a topic's {@code TopicPolicy.compression}, else the builder's {@code compression(name)} or the
 * {@code whispeer.compression} setting, else the present provider with the highest {@link #rank()}, else the
 * built-in {@code none}. A name that no present provider has is an error naming the artifact to add.
 *
 * <p>A compression provider that cannot be loaded (its class is missing or is not a
 * {@code CompressionEngineProvider}, or its constructor throws) is skipped with a WARNING naming it, its jar and the
 * cause; choosing it by name is then the "not present" error above.
 */
public interface CompressionEngineProvider extends EngineProvider {
    /**
     * The preference when several engines are present and none is chosen by name. Ranks compare as plain
     * {@code int}s: the highest wins, and two engines sharing the highest rank make {@code build()} fail until one
     * is chosen. The built-in {@code none} has rank {@link Integer#MIN_VALUE}, so any engine present beats it; lz4
     * has 50 and zstd 100, so zstd is the default when both are present. A third-party engine above 100 becomes the
     * default for every topic without a choice of its own: the broker's build-time log line (INFO,
     * {@code io.whispeer.core}) names the engine it chose, its rank and the others' ranks. Rank an engine above
     * 100 only when it should replace zstd by its mere presence.
     *
     * @return the rank; 0 unless overridden
     */
    default int rank() {
        return 0;
    }

    /**
     * Creates an engine.
     *
     * @param settings the engine's own keys: {@code whispeer.compression.<name>.*} with that prefix removed (see
     *                 {@link EngineProvider}); at least {@code level} when it has levels (per-topic levels create
     *                 one engine per level with that key set)
     * @return the engine, thread-safe
     */
    CompressionEngine create(Settings settings);
}
