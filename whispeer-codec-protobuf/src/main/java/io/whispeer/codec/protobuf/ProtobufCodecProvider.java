package io.whispeer.codec.protobuf;

import java.lang.reflect.Type;
import java.util.Objects;

import io.whispeer.api.spi.Codec;
import io.whispeer.api.spi.CodecProvider;
import io.whispeer.api.spi.Settings;
import io.whispeer.api.spi.TypeSupport;
import io.whispeer.api.spi.WireIds;

/**
 * Provides the Protobuf codec, named {@code protobuf}, with wire id {@value WireIds#CODEC_PROTOBUF}.
 *
 * <p>{@link #support(Type)} answers {@link TypeSupport#SPECIFIC} for generated message classes (concrete
 * subclasses of {@code com.google.protobuf.MessageLite} with a static {@code getDefaultInstance()}, which includes
 * every {@code com.google.protobuf.Message}) and {@link TypeSupport#UNSUPPORTED} for everything else.
 */
public final class ProtobufCodecProvider implements CodecProvider {
    /** Creates the provider; cheap, as {@link java.util.ServiceLoader} requires. */
    public ProtobufCodecProvider() {
    }

    /** {@return {@code protobuf}} */
    @Override
    public String name() {
        return "protobuf";
    }

    /** {@return {@value WireIds#CODEC_PROTOBUF}} */
    @Override
    public int id() {
        return WireIds.CODEC_PROTOBUF;
    }

    /**
     * How well Protobuf handles a type.
     *
     * @param type the payload type
     * @return {@link TypeSupport#SPECIFIC} for generated message classes, {@link TypeSupport#UNSUPPORTED} otherwise
     */
    @Override
    public TypeSupport support(Type type) {
        Objects.requireNonNull(type, "type");
        return type instanceof Class<?> c && ProtobufCodec.isMessageClass(c) ? TypeSupport.SPECIFIC : TypeSupport.UNSUPPORTED;
    }

    /**
     * Creates the codec.
     *
     * @param settings not read: the codec has no settings
     * @return the codec, thread-safe
     */
    @Override
    public Codec create(Settings settings) {
        Objects.requireNonNull(settings, "settings");
        return new ProtobufCodec(this);
    }

    /** {@return the name and id} */
    @Override
    public String toString() {
        return "ProtobufCodecProvider[protobuf, id " + id() + "]";
    }
}
