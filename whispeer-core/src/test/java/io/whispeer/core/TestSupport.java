package io.whispeer.core;

import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

import io.whispeer.api.BrokerBuilder;
import io.whispeer.api.CodecException;
import io.whispeer.api.TypeRef;
import io.whispeer.api.Whispeer;
import io.whispeer.api.spi.Codec;
import io.whispeer.api.spi.CodecProvider;
import io.whispeer.api.spi.CompressionEngineProvider;
import io.whispeer.api.spi.EncryptionEngineProvider;
import io.whispeer.api.spi.Plugin;
import io.whispeer.api.spi.Settings;
import io.whispeer.api.spi.TypeSupport;

/** Builds brokers for tests with explicit provider lists instead of ServiceLoader. */
final class TestSupport {
    private TestSupport() {
    }

    static CoreBroker broker(BrokerBuilder builder) {
        return broker(builder, List.of(), List.of());
    }

    static CoreBroker broker(BrokerBuilder builder, List<CompressionEngineProvider> compression, List<EncryptionEngineProvider> encryption) {
        return new CoreBroker(builder.toConfig(), new DiscoveredProviders(List.of(new TextCodecProvider()), compression,
                () -> encryption, settings -> List.<Plugin>of()));
    }

    static CoreBroker broker(BrokerBuilder builder, Function<Settings, List<Plugin>> plugins) {
        return new CoreBroker(builder.toConfig(), new DiscoveredProviders(List.of(new TextCodecProvider()), List.of(),
                List::of, plugins));
    }

    static BrokerBuilder builder() {
        return Whispeer.builder().property("whispeer.close-timeout", "2s");
    }

    /**
     * A third-party-style codec for tests: {@code String} as UTF-8 and {@code Integer} as four bytes, tagged with
     * one leading byte so that decoding the wrong type fails.
     */
    static final class TextCodecProvider implements CodecProvider, Codec {
        @Override
        public String name() {
            return "text";
        }

        @Override
        public int id() {
            return 70;
        }

        @Override
        public TypeSupport support(Type type) {
            return type == String.class || type == Integer.class ? TypeSupport.SPECIFIC : TypeSupport.UNSUPPORTED;
        }

        @Override
        public Codec create(Settings settings) {
            return this;
        }

        @Override
        public byte[] encode(Object value, TypeRef<?> type) {
            if (value instanceof String s) {
                byte[] text = s.getBytes(StandardCharsets.UTF_8);
                return ByteBuffer.allocate(1 + text.length).put((byte) 'S').put(text).array();
            }
            if (value instanceof Integer i) {
                return ByteBuffer.allocate(5).put((byte) 'I').putInt(i).array();
            }
            throw new CodecException("text codec cannot encode " + value.getClass().getName());
        }

        @Override
        public <T> T decode(byte[] data, int offset, int length, TypeRef<T> type) {
            Class<?> raw = type.rawType();
            if (length >= 1 && data[offset] == 'S' && raw.isAssignableFrom(String.class)) {
                return cast(new String(data, offset + 1, length - 1, StandardCharsets.UTF_8));
            }
            if (length == 5 && data[offset] == 'I' && raw.isAssignableFrom(Integer.class)) {
                return cast(ByteBuffer.wrap(data, offset + 1, 4).getInt());
            }
            throw new CodecException("text codec cannot decode " + length + " bytes as " + type);
        }

        @SuppressWarnings("unchecked")
        private static <T> T cast(Object value) {
            return (T) value;
        }
    }
}
