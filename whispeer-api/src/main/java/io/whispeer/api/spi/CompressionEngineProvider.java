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
    /** {@return the preference when several engines are present and none is chosen; higher wins, ties are an error} */
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
