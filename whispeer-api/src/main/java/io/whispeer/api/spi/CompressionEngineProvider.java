package io.whispeer.api.spi;

/**
 * Provides a {@link CompressionEngine}. Register with {@code provides io.whispeer.api.spi.CompressionEngineProvider
 * with ...}.
 *
 * <p>Selection: a topic's {@code TopicPolicy.compression}, else the builder's {@code compression(name)} or the
 * {@code whispeer.compression} setting, else the present provider with the highest {@link #rank()}, else the
 * built-in {@code none}. A name that no present provider has is an error naming the artifact to add.
 */
public interface CompressionEngineProvider extends EngineProvider {
    /** {@return the preference when several engines are present and none is chosen; higher wins, ties are an error} */
    default int rank() {
        return 0;
    }

    /**
     * Creates an engine.
     *
     * @param settings the broker's settings; an engine reads keys under {@code whispeer.compression.<name>.}: at
     *                 least {@code whispeer.compression.<name>.level} when it has levels (per-topic levels create
     *                 one engine per level with that key set)
     * @return the engine, thread-safe
     */
    CompressionEngine create(Settings settings);
}
