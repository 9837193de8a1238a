package io.whispeer.codec.protobuf;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Objects;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;

import io.whispeer.api.CodecException;
import io.whispeer.api.TypeRef;
import io.whispeer.api.spi.Codec;

/**
 * Encodes messages with {@link MessageLite#toByteArray()} and decodes them with the parser of their type, looked up
 * once per class. Thread-safe: parsers are.
 */
final class ProtobufCodec implements Codec {
    /** Whether a class is a generated message class: concrete, a {@link MessageLite}, with a static getDefaultInstance(). */
    private static final ClassValue<Boolean> MESSAGE_CLASS = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            if (!MessageLite.class.isAssignableFrom(type) || type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
                return false;
            }
            try {
                Method method = type.getMethod("getDefaultInstance");
                return Modifier.isStatic(method.getModifiers()) && method.getReturnType() == type;
            } catch (NoSuchMethodException e) {
                return false;
            }
        }
    };

    /** The parser of each message class; a failed lookup is not cached and is retried. */
    private static final ClassValue<Parser<?>> PARSERS = new ClassValue<>() {
        @Override
        protected Parser<?> computeValue(Class<?> type) {
            try {
                MessageLite defaultInstance = (MessageLite) type.getMethod("getDefaultInstance").invoke(null);
                return defaultInstance.getParserForType();
            } catch (IllegalAccessException e) {
                throw new CodecException("Cannot use the Protobuf parser of " + type.getName() + ": " + accessHint(type));
            } catch (NoSuchMethodException | InvocationTargetException | RuntimeException e) {
                throw new CodecException("Cannot use the Protobuf parser of " + type.getName() + ": its static getDefaultInstance() failed ("
                        + (e instanceof InvocationTargetException i && i.getCause() != null ? i.getCause() : e).getClass().getName() + ")");
            }
        }
    };

    private final ProtobufCodecProvider provider;

    ProtobufCodec(ProtobufCodecProvider provider) {
        this.provider = provider;
    }

    static boolean isMessageClass(Class<?> type) {
        return MESSAGE_CLASS.get(type);
    }

    @Override
    public String name() {
        return provider.name();
    }

    @Override
    public int id() {
        return provider.id();
    }

    @Override
    public byte[] encode(Object value, TypeRef<?> type) {
        Objects.requireNonNull(value, "value");
        Class<?> messageClass = messageClass(type, "encode");
        if (!messageClass.isInstance(value)) {
            throw new CodecException("Cannot encode a " + value.getClass().getName() + " as Protobuf " + messageClass.getName()
                    + ": the value is not an instance of it");
        }
        try {
            return ((MessageLite) value).toByteArray();
        } catch (RuntimeException e) {
            throw new CodecException("Cannot encode Protobuf " + messageClass.getName() + ": " + e.getClass().getName());
        }
    }

    @Override
    public <T> T decode(byte[] data, int offset, int length, TypeRef<T> type) {
        Objects.requireNonNull(data, "data");
        Objects.checkFromIndexSize(offset, length, data.length);
        Class<?> messageClass = messageClass(type, "decode");
        Object message;
        try {
            message = PARSERS.get(messageClass).parseFrom(data, offset, length);
        } catch (InvalidProtocolBufferException e) {
            /* Protobuf's messages are fixed texts and field names, never payload; the exception itself is not
               attached because it holds the partly parsed message. */
            throw new CodecException("Cannot decode Protobuf " + messageClass.getName() + " from " + length + " bytes: " + e.getMessage());
        } catch (CodecException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CodecException("Cannot decode Protobuf " + messageClass.getName() + " from " + length + " bytes: the parser failed with "
                    + e.getClass().getName());
        }
        @SuppressWarnings("unchecked")
        T value = (T) messageClass.cast(message);
        return value;
    }

    private static Class<?> messageClass(TypeRef<?> type, String what) {
        Objects.requireNonNull(type, "type");
        if (type.type() instanceof Class<?> c && isMessageClass(c)) {
            return c;
        }
        throw new CodecException("The Protobuf codec does not " + what + " " + type + ": it handles generated Protobuf message "
                + "classes only. Records and POJOs are encoded by whispeer-codec-json; choose the codec per topic or let "
                + "whispeer choose by type.");
    }

    private static String accessHint(Class<?> type) {
        Module module = type.getModule();
        String pkg = type.getPackageName();
        if (module.isNamed() && !module.isExported(pkg, ProtobufCodec.class.getModule())) {
            return "module " + module.getName() + " does not export package " + pkg + " to io.whispeer.codec.protobuf; add 'exports "
                    + pkg + " to io.whispeer.codec.protobuf;' to its module-info.java";
        }
        return "its static getDefaultInstance() is not accessible";
    }
}
