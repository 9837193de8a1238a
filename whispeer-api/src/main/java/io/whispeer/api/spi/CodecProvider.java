package io.whispeer.api.spi;

import java.lang.reflect.Type;

/**
 * Provides a {@link Codec}. Register with {@code provides io.whispeer.api.spi.CodecProvider with ...}.
 *
 * <p>Selection: a topic's {@code TopicPolicy.codec}, else the {@code whispeer.codec} setting, else the codec with
 * the strongest {@link TypeSupport} for the payload type; two codecs tied at the strongest level are an error that
 * names both. Decoding always uses the codec whose id is in the envelope.
 *
 * <p>A codec provider that cannot be loaded (its class is missing or is not a {@code CodecProvider}, or its
 * constructor throws) is skipped with a WARNING naming it, its jar and the cause: payload types it would have
 * encoded then fail with the usual "no codec" error, and envelopes it encoded with "not present on this side".
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
     * @param settings the codec's own keys: {@code whispeer.codec.<name>.*} with that prefix removed (see
     *                 {@link EngineProvider})
     * @return the codec, thread-safe
     */
    Codec create(Settings settings);
}
