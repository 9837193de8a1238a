package io.whispeer.tck;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.whispeer.api.CodecException;
import io.whispeer.api.TypeRef;
import io.whispeer.api.spi.Codec;
import io.whispeer.api.spi.CodecProvider;
import io.whispeer.api.spi.Settings;
import io.whispeer.api.spi.TypeSupport;

/**
 * The TCK's reference codec: {@link String}, {@link Reading} and {@code List<String>} in a length-prefixed binary
 * format written with {@link DataOutputStream}. The first byte names the type, so bytes of one type are refused
 * as another; every string is strict UTF-8; trailing bytes are refused.
 */
final class ReferenceCodecProvider implements CodecProvider {
    static final Type LIST_OF_STRINGS = new TypeRef<List<String>>() { }.type();

    private static final int STRING = 1;
    private static final int READING = 2;
    private static final int LIST = 3;

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public int id() {
        return 200;
    }

    @Override
    public TypeSupport support(Type type) {
        return tagOf(type) > 0 ? TypeSupport.GENERIC : TypeSupport.UNSUPPORTED;
    }

    @Override
    public Codec create(Settings settings) {
        return new ReferenceCodec();
    }

    private static int tagOf(Type type) {
        if (type == String.class) {
            return STRING;
        }
        if (type == Reading.class) {
            return READING;
        }
        return LIST_OF_STRINGS.equals(type) ? LIST : 0;
    }

    private final class ReferenceCodec implements Codec {
        @Override
        public String name() {
            return ReferenceCodecProvider.this.name();
        }

        @Override
        public int id() {
            return ReferenceCodecProvider.this.id();
        }

        @Override
        public byte[] encode(Object value, TypeRef<?> type) {
            int tag = tagOf(type.type());
            if (tag == 0) {
                throw new CodecException("The reference codec does not encode " + type);
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeByte(tag);
                switch (value) {
                    case String s when tag == STRING -> writeString(out, s);
                    case Reading r when tag == READING -> {
                        out.writeBoolean(r.sensor() != null);
                        if (r.sensor() != null) {
                            writeString(out, r.sensor());
                        }
                        out.writeDouble(r.value());
                        writeStrings(out, r.tags());
                    }
                    case List<?> list when tag == LIST -> writeStrings(out, list);
                    default -> throw new CodecException("A " + value.getClass().getName() + " is not a " + type);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }

        @Override
        public <T> T decode(byte[] data, int offset, int length, TypeRef<T> type) {
            int tag = tagOf(type.type());
            if (tag == 0) {
                throw new CodecException("The reference codec does not decode " + type);
            }
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(data, offset, length));
            try {
                int actual = in.readUnsignedByte();
                if (actual != tag) {
                    throw new CodecException("Cannot decode " + type + ": the bytes hold type tag " + actual + ", not " + tag);
                }
                Object value = switch (tag) {
                    case STRING -> readString(in, length);
                    case READING -> new Reading(in.readBoolean() ? readString(in, length) : null, in.readDouble(), readStrings(in, length));
                    default -> readStrings(in, length);
                };
                if (in.available() > 0) {
                    throw new CodecException("Cannot decode " + type + ": " + in.available() + " bytes follow the value");
                }
                @SuppressWarnings("unchecked")
                T result = (T) value;
                return result;
            } catch (EOFException e) {
                throw new CodecException("Cannot decode " + type + ": the bytes end too early");
            } catch (IOException e) {
                throw new CodecException("Cannot decode " + type + ": " + e.getClass().getSimpleName());
            }
        }

        private static void writeString(DataOutputStream out, String s) throws IOException {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            out.writeInt(utf8.length);
            out.write(utf8);
        }

        private static void writeStrings(DataOutputStream out, List<?> strings) throws IOException {
            out.writeInt(strings.size());
            for (Object s : strings) {
                if (!(s instanceof String text)) {
                    throw new CodecException("The reference codec encodes lists of strings only");
                }
                writeString(out, text);
            }
        }

        private static String readString(DataInputStream in, int limit) throws IOException {
            int size = in.readInt();
            if (size < 0 || size > limit) {
                throw new CodecException("Cannot decode a string of " + size + " bytes from " + limit + " bytes");
            }
            byte[] utf8 = in.readNBytes(size);
            if (utf8.length < size) {
                throw new EOFException();
            }
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(utf8)).toString();
            } catch (CharacterCodingException e) {
                throw new CodecException("Cannot decode a string: it is not UTF-8");
            }
        }

        private static List<String> readStrings(DataInputStream in, int limit) throws IOException {
            int count = in.readInt();
            if (count < 0 || count > limit) {
                throw new CodecException("Cannot decode a list of " + count + " strings from " + limit + " bytes");
            }
            List<String> strings = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                strings.add(readString(in, limit));
            }
            return List.copyOf(strings);
        }
    }
}
