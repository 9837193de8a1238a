package io.whispeer.api;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.Objects;

/**
 * A payload type, including generic ones. For a plain class use {@link #of(Class)}; for a generic type subclass it
 * anonymously: {@code new TypeRef<List<Reading>>() {}}.
 *
 * @param <T> the payload type
 */
public abstract class TypeRef<T> {
    private final Type type;

    /**
     * Captures the type argument of an anonymous subclass.
     *
     * @throws IllegalArgumentException when the subclass does not give a concrete type argument
     */
    protected TypeRef() {
        Type superclass = getClass().getGenericSuperclass();
        if (!(superclass instanceof ParameterizedType parameterized)) {
            throw new IllegalArgumentException("TypeRef needs a type argument: write new TypeRef<List<Reading>>() {}");
        }
        this.type = parameterized.getActualTypeArguments()[0];
        checkConcrete(type);
    }

    private TypeRef(Type type) {
        this.type = type;
    }

    /**
     * The type of a class.
     *
     * @param type the class
     * @param <T>  the payload type
     * @return the type reference
     */
    public static <T> TypeRef<T> of(Class<T> type) {
        Objects.requireNonNull(type, "type");
        return new TypeRef<>(type) { };
    }

    /** {@return the full, possibly generic, type} */
    public final Type type() {
        return type;
    }

    /** {@return the erased class of the type} */
    public final Class<?> rawType() {
        return rawType(type);
    }

    /**
     * The erased class of a type.
     *
     * @param type a class, parameterized type or generic array type
     * @return its erasure
     */
    public static Class<?> rawType(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        if (type instanceof GenericArrayType g) {
            return rawType(g.getGenericComponentType()).arrayType();
        }
        throw new IllegalArgumentException("Type " + type.getTypeName() + " has no single class; use a concrete type");
    }

    private static void checkConcrete(Type type) {
        if (type instanceof TypeVariable<?> || type instanceof WildcardType) {
            throw new IllegalArgumentException("TypeRef type " + type.getTypeName()
                    + " is not concrete; write the full type, such as new TypeRef<List<Reading>>() {}");
        }
        if (type instanceof ParameterizedType p) {
            for (Type argument : p.getActualTypeArguments()) {
                if (!(argument instanceof WildcardType)) {
                    checkConcrete(argument);
                }
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TypeRef<?> other && other.type.equals(type);
    }

    @Override
    public int hashCode() {
        return type.hashCode();
    }

    @Override
    public String toString() {
        return type.getTypeName();
    }
}
