package io.whispeer.codec.json;

import java.lang.reflect.Type;
import java.util.Objects;
import java.util.Set;

import io.whispeer.api.spi.Codec;
import io.whispeer.api.spi.CodecProvider;
import io.whispeer.api.spi.Settings;
import io.whispeer.api.spi.TypeSupport;
import io.whispeer.api.spi.WireIds;

/**
 * Provides the JSON codec, named {@code json}, with wire id {@value WireIds#CODEC_JSON}.
 *
 * <p>{@link #support(Type)} answers {@link TypeSupport#GENERIC} for every type except {@code byte[]} (sent as is by
 * the built-in bytes codec) and Protobuf messages (recognized by name, without loading Protobuf; they need
 * {@code whispeer-codec-protobuf}), and types that contain them, which are {@link TypeSupport#UNSUPPORTED}.
 */
public final class JsonCodecProvider implements CodecProvider {
    /** Creates the provider; cheap, as {@link java.util.ServiceLoader} requires. */
    public JsonCodecProvider() {
    }

    /** {@return {@code json}} */
    @Override
    public String name() {
        return "json";
    }

    /** {@return {@value WireIds#CODEC_JSON}} */
    @Override
    public int id() {
        return WireIds.CODEC_JSON;
    }

    /**
     * How well JSON handles a type.
     *
     * @param type the payload type
     * @return {@link TypeSupport#UNSUPPORTED} for {@code byte[]}, Protobuf messages and types that contain them,
     *         {@link TypeSupport#GENERIC} for everything else
     */
    @Override
    public TypeSupport support(Type type) {
        Objects.requireNonNull(type, "type");
        return JsonTypes.refusal(type).isPresent() ? TypeSupport.UNSUPPORTED : TypeSupport.GENERIC;
    }

    /** {@return {@code fail-on-unknown-properties}, relative to {@code whispeer.codec.json.}} */
    @Override
    public Set<String> settingKeys() {
        return Set.of(JsonCodec.FAIL_ON_UNKNOWN_PROPERTIES_KEY);
    }

    /**
     * Creates the codec.
     *
     * @param settings the codec's scoped settings ({@code whispeer.codec.json.} removed; broker-wide keys do not
     *                 reach it): reads {@code fail-on-unknown-properties} ({@code true} or {@code false}, default
     *                 {@code false}), written {@code whispeer.codec.json.fail-on-unknown-properties}
     * @return the codec, thread-safe
     * @throws io.whispeer.api.ConfigurationException when the setting is neither {@code true} nor {@code false}
     */
    @Override
    public Codec create(Settings settings) {
        Objects.requireNonNull(settings, "settings");
        return new JsonCodec(this, settings.getBoolean(JsonCodec.FAIL_ON_UNKNOWN_PROPERTIES_KEY, false));
    }

    /** {@return the name and id} */
    @Override
    public String toString() {
        return "JsonCodecProvider[json, id " + id() + "]";
    }
}
