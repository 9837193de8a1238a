package io.whispeer.codec.json;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.Optional;

/** Which types the JSON codec refuses, and why. */
final class JsonTypes {
    private static final String MESSAGE_LITE = "com.google.protobuf.MessageLite";
    private static final String MESSAGE_LITE_OR_BUILDER = "com.google.protobuf.MessageLiteOrBuilder";

    /** Whether a class is a Protobuf message or builder, found by the names of its supertypes. */
    private static final ClassValue<Boolean> PROTOBUF = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return isProtobuf(type);
        }
    };

    private JsonTypes() {
    }

    /**
     * Why JSON does not encode a type.
     *
     * @param type a payload type
     * @return the reason and what to use instead, or empty when JSON supports the type
     */
    static Optional<String> refusal(Type type) {
        if (type instanceof Class<?> c) {
            if (c == byte[].class) {
                return Optional.of("byte[] payloads are sent as they are by the built-in bytes codec (codec 'bytes'); "
                        + "JSON would turn them into Base64 text");
            }
            if (c.isArray()) {
                return refusal(c.getComponentType());
            }
            if (PROTOBUF.get(c)) {
                return Optional.of(c.getName() + " is a Protobuf message: add io.whispeer:whispeer-codec-protobuf (versions "
                        + "come from whispeer-bom) and whispeer encodes it with Protobuf");
            }
            return Optional.empty();
        }
        if (type instanceof ParameterizedType p) {
            Optional<String> raw = refusal(p.getRawType());
            if (raw.isPresent()) {
                return raw;
            }
            for (Type argument : p.getActualTypeArguments()) {
                Optional<String> inner = refusal(argument);
                if (inner.isPresent()) {
                    return inner;
                }
            }
            return Optional.empty();
        }
        if (type instanceof GenericArrayType g) {
            return refusal(g.getGenericComponentType());
        }
        if (type instanceof WildcardType w) {
            for (Type bound : w.getUpperBounds()) {
                Optional<String> inner = refusal(bound);
                if (inner.isPresent()) {
                    return inner;
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isProtobuf(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            String name = c.getName();
            if (name.equals(MESSAGE_LITE) || name.equals(MESSAGE_LITE_OR_BUILDER)) {
                return true;
            }
            for (Class<?> implemented : c.getInterfaces()) {
                if (PROTOBUF.get(implemented)) {
                    return true;
                }
            }
        }
        return false;
    }
}
