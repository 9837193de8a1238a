package io.whispeer.core;

import java.lang.reflect.Type;
import java.util.Arrays;

import io.whispeer.api.CodecException;
import io.whispeer.api.TypeRef;
import io.whispeer.api.spi.Codec;
import io.whispeer.api.spi.CodecProvider;
import io.whispeer.api.spi.Settings;
import io.whispeer.api.spi.TypeSupport;
import io.whispeer.api.spi.WireIds;

/** The built-in {@code bytes} codec: a {@code byte[]} payload travels as it is. */
final class BytesCodecProvider implements CodecProvider, Codec {
    @Override
    public String name() {
        return "bytes";
    }

    @Override
    public int id() {
        return WireIds.CODEC_BYTES;
    }

    @Override
    public TypeSupport support(Type type) {
        return type == byte[].class ? TypeSupport.SPECIFIC : TypeSupport.UNSUPPORTED;
    }

    @Override
    public Codec create(Settings settings) {
        return this;
    }

    @Override
    public byte[] encode(Object value, TypeRef<?> type) {
        if (value instanceof byte[] bytes) {
            return bytes.clone();
        }
        throw new CodecException("The bytes codec encodes byte[] only, not " + value.getClass().getName());
    }

    @Override
    public <T> T decode(byte[] data, int offset, int length, TypeRef<T> type) {
        if (type.rawType() != byte[].class) {
            throw new CodecException("The payload was published as byte[] (codec 'bytes') and cannot be decoded as "
                    + type + "; subscribe with byte[].class");
        }
        @SuppressWarnings("unchecked")
        T copy = (T) Arrays.copyOfRange(data, offset, offset + length);
        return copy;
    }
}
