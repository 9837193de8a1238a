package io.whispeer.codec.json;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.PropertyBindingException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.whispeer.api.CodecException;
import io.whispeer.api.TypeRef;
import io.whispeer.api.spi.Codec;

/**
 * The JSON codec on one configured Jackson {@link ObjectMapper}. Thread-safe; readers are cached per type.
 *
 * <p>Error messages are built from what Jackson knows about the <em>types</em> (target type, known property names,
 * line and column) and never from its exception messages, which may quote the input.
 */
final class JsonCodec implements Codec {
    /** The setting that makes unknown properties an error. */
    static final String FAIL_ON_UNKNOWN_PROPERTIES = "whispeer.codec.json.fail-on-unknown-properties";
    /** {@link #FAIL_ON_UNKNOWN_PROPERTIES} relative to the codec's scope {@code whispeer.codec.json.}. */
    static final String FAIL_ON_UNKNOWN_PROPERTIES_KEY = "fail-on-unknown-properties";

    private static final Module JACKSON = ObjectMapper.class.getModule();

    private final JsonCodecProvider provider;
    private final boolean failOnUnknownProperties;
    private final ObjectMapper mapper;
    private final ObjectWriter writer;
    private final Map<Type, ObjectReader> readers = new ConcurrentHashMap<>();

    JsonCodec(JsonCodecProvider provider, boolean failOnUnknownProperties) {
        this.provider = provider;
        this.failOnUnknownProperties = failOnUnknownProperties;
        JsonFactory factory = JsonFactory.builder()
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .build();
        this.mapper = JsonMapper.builder(factory)
                .addModule(new JavaTimeModule())
                .addModule(new Jdk8Module())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .enable(SerializationFeature.WRITE_DATES_WITH_ZONE_ID)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, failOnUnknownProperties)
                .build();
        this.writer = mapper.writer();
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
        Objects.requireNonNull(type, "type");
        refuseUnsupported(type.type(), type, "encode");
        Class<?> raw = type.rawType();
        if (!raw.isPrimitive() && !raw.isInstance(value)) {
            throw new CodecException("Cannot encode a " + value.getClass().getName() + " as JSON for declared type " + type
                    + ": the value is not an instance of it");
        }
        refuseUnsupported(value.getClass(), type, "encode");
        try {
            return writer.writeValueAsBytes(value);
        } catch (JacksonException e) {
            throw new CodecException("Cannot encode " + value.getClass().getName() + " as JSON (declared type " + type + "): "
                    + encodeProblem(e) + location(e) + moduleHint(type, e) + '.');
        } catch (RuntimeException e) {
            throw new CodecException("Cannot encode " + value.getClass().getName() + " as JSON (declared type " + type
                    + "): Jackson failed with " + e.getClass().getName() + moduleHint(type, e) + '.');
        }
    }

    @Override
    public <T> T decode(byte[] data, int offset, int length, TypeRef<T> type) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(type, "type");
        Objects.checkFromIndexSize(offset, length, data.length);
        refuseUnsupported(type.type(), type, "decode");
        T value;
        try {
            value = reader(type.type()).readValue(data, offset, length);
        } catch (JacksonException e) {
            throw new CodecException("Cannot decode JSON as " + type + ": " + decodeProblem(type, e) + location(e)
                    + moduleHint(type, e) + '.');
        } catch (IOException | RuntimeException e) {
            throw new CodecException("Cannot decode JSON as " + type + ": Jackson failed with " + e.getClass().getName()
                    + moduleHint(type, e) + '.');
        }
        if (value == null) {
            throw new CodecException("Cannot decode JSON as " + type + ": the JSON is null, and whispeer payloads are never null.");
        }
        return value;
    }

    private ObjectReader reader(Type type) {
        ObjectReader reader = readers.get(type);
        if (reader == null) {
            JavaType javaType = mapper.getTypeFactory().constructType(type);
            reader = readers.computeIfAbsent(type, t -> mapper.readerFor(javaType));
        }
        return reader;
    }

    private static void refuseUnsupported(Type type, TypeRef<?> declared, String what) {
        Optional<String> refusal = JsonTypes.refusal(type);
        if (refusal.isPresent()) {
            throw new CodecException("The JSON codec does not " + what + " " + declared + ": " + refusal.get() + '.');
        }
    }

    private String decodeProblem(TypeRef<?> type, JacksonException e) {
        return switch (e) {
            case JsonMappingException x when x.getCause() instanceof StreamReadException inner -> decodeProblem(type, inner) + path(x, false);
            case JsonEOFException x -> "the JSON ends too early (truncated input)";
            case StreamConstraintsException x -> "the JSON exceeds a Jackson limit: " + x.getOriginalMessage();
            case InputCoercionException x -> "a number is out of range for " + typeName(x.getTargetType());
            case StreamReadException x -> "the input is not valid JSON";
            case PropertyBindingException x -> "an object has a property that " + x.getReferringClass().getName()
                    + " does not have" + path(x, true) + " (its properties: " + x.getKnownPropertyIds() + "); unknown properties are "
                    + "refused because " + FAIL_ON_UNKNOWN_PROPERTIES + "=" + failOnUnknownProperties;
            case InvalidFormatException x -> "a value has the wrong format for " + typeName(x.getTargetType()) + path(x, false);
            case InvalidNullException x -> "a null where " + typeName(x.getTargetType()) + " allows none" + path(x, false);
            case InvalidTypeIdException x -> "a missing or unknown type id for " + typeName(x.getBaseType()) + path(x, false);
            case MismatchedInputException x -> "the JSON does not have the shape of "
                    + (x.getTargetType() != null ? typeName(x.getTargetType()) : type.toString()) + path(x, false);
            case ValueInstantiationException x -> "the constructor or factory of " + typeName(x.getType())
                    + " rejected the values" + (x.getCause() != null ? " (" + x.getCause().getClass().getName() + ")" : "")
                    + path(x, false);
            case InvalidDefinitionException x -> "Jackson cannot map " + typeName(x.getType()) + ": " + x.getOriginalMessage();
            case JsonMappingException x -> "the JSON does not match the type" + path(x, false);
            default -> "Jackson failed with " + e.getClass().getName();
        };
    }

    private String encodeProblem(JacksonException e) {
        return switch (e) {
            case InvalidDefinitionException x -> "Jackson cannot map " + typeName(x.getType()) + ": " + x.getOriginalMessage();
            case StreamConstraintsException x -> "the value exceeds a Jackson limit: " + x.getOriginalMessage();
            case JsonMappingException x -> "serializing failed"
                    + (x.getCause() != null ? " with " + x.getCause().getClass().getName() : "") + path(x, false);
            default -> "Jackson failed with " + e.getClass().getName();
        };
    }

    /**
     * Where in the value the problem is, such as {@code $.readings[3].value}. Property names appear only when the
     * owning type declares them; map keys and unknown names (input, possibly payload) show as {@code ?}.
     */
    private String path(JsonMappingException e, boolean dropLast) {
        List<JsonMappingException.Reference> references = e.getPath();
        int count = dropLast ? references.size() - 1 : references.size();
        if (count <= 0) {
            return "";
        }
        StringBuilder path = new StringBuilder(" at $");
        for (int i = 0; i < count; i++) {
            JsonMappingException.Reference reference = references.get(i);
            if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
                continue;
            }
            String name = reference.getFieldName();
            Object from = reference.getFrom();
            Class<?> owner = from instanceof Class<?> c ? c : from == null ? null : from.getClass();
            path.append('.').append(name != null && owner != null && declaredProperties(owner).contains(name) ? name : "?");
        }
        return path.toString();
    }

    private Set<String> declaredProperties(Class<?> owner) {
        if (Map.class.isAssignableFrom(owner) || Collection.class.isAssignableFrom(owner) || JsonNode.class.isAssignableFrom(owner)
                || owner.getName().startsWith("java.")) {
            return Set.of();
        }
        Set<String> names = new HashSet<>();
        try {
            JavaType javaType = mapper.constructType(owner);
            for (BeanPropertyDefinition property : mapper.getDeserializationConfig().introspect(javaType).findProperties()) {
                names.add(property.getName());
            }
            for (BeanPropertyDefinition property : mapper.getSerializationConfig().introspect(javaType).findProperties()) {
                names.add(property.getName());
            }
        } catch (RuntimeException e) {
            return Set.of();
        }
        return names;
    }

    private static String location(JacksonException e) {
        JsonLocation location = e.getLocation();
        if (location == null || location.getLineNr() <= 0) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /**
     * Says which {@code opens} is missing when Jackson could not map a type (not when the input was bad) and the
     * type's package, in a named application module, is closed to Jackson.
     */
    private static String moduleHint(TypeRef<?> type, Exception e) {
        if (e instanceof JacksonException && !(e instanceof InvalidDefinitionException)) {
            return "";
        }
        Class<?> raw = type.rawType();
        if (e instanceof InvalidDefinitionException x && x.getType() != null) {
            raw = x.getType().getRawClass();
        }
        while (raw.isArray()) {
            raw = raw.getComponentType();
        }
        Module module = raw.getModule();
        if (!module.isNamed() || raw.isPrimitive() || module.getName().startsWith("java.") || module.getName().startsWith("jdk.")
                || module.isOpen(raw.getPackageName(), JACKSON)) {
            return "";
        }
        return "; module " + module.getName() + " does not open package " + raw.getPackageName()
                + " to Jackson: add 'opens " + raw.getPackageName() + " to com.fasterxml.jackson.databind;' to its module-info.java";
    }

    private static String typeName(JavaType type) {
        return type == null ? "the target type" : type.toCanonical();
    }

    private static String typeName(Class<?> type) {
        return type == null ? "the target type" : type.getTypeName();
    }
}
