package io.whispeer.api.spi;

import java.lang.reflect.Type;

/**
 * Provides a {@link Codec}. Register with {@code provides io.whispeer.api.spi.CodecProvider with ...}.
 *
 * <p>Selection: a topic's {@code TopicPolicy.codec}, else the {@code whispeer.codec} setting, else the codec with
 * the strongest {@link TypeSupport} for the payload type; two codecs tied at the strongest level are an error that
 * names both. Decoding always uses the codec whose id is in the envelope.
 */
public interface CodecProvider extends EngineProvider {
    /**
     * How well the codec handles a type. Must be cheap and must not load the codec's dependencies eagerly beyond
     * what a type check needs.
     *
     * @param type the payload type
     * @return the level of support
     */
    TypeSupport support(Type type);

    /**
     * Creates the codec.
     *
     * @param settings the broker's settings; a codec reads keys under {@code whispeer.codec.<name>.}
     * @return the codec, thread-safe
     */
    Codec create(Settings settings);
}
