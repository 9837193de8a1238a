package io.whispeer.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.whispeer.api.CodecException;
import io.whispeer.api.ConfigurationException;
import io.whispeer.api.spi.Codec;
import io.whispeer.api.spi.CodecProvider;
import io.whispeer.api.spi.Settings;
import io.whispeer.api.spi.TypeSupport;

/**
 * The codecs present: the built-in {@code bytes} codec plus every {@link CodecProvider} found. Picks the codec for
 * a payload type (strongest {@link TypeSupport}; ties broken by the preferred codec, else an error) and finds the
 * codec of an envelope by id.
 */
final class CodecRegistry {
    static final String CODEC_SETTING = "whispeer.codec";
    private static final Function<CodecProvider, String> NAME = CodecProvider::name;

    private final List<CodecProvider> providers;
    private final Map<String, Codec> byName = new ConcurrentHashMap<>();
    private final Codec[] byId = new Codec[256];
    private final Optional<String> preferred;
    /** The codec per payload class, computed once per class (a ClassValue is faster than a map keyed by Class). */
    private final ClassValue<Codec> byType = new ClassValue<>() {
        @Override
        protected Codec computeValue(Class<?> type) {
            return select(type);
        }
    };

    CodecRegistry(List<CodecProvider> found, Settings settings, Optional<String> preferred) {
        List<CodecProvider> all = new ArrayList<>();
        all.add(new BytesCodecProvider());
        all.addAll(found);
        Providers.validate(KnownProvider.CODEC, all, NAME, CodecProvider::id);
        this.providers = List.copyOf(all);
        this.preferred = preferred.or(() -> settings.get(CODEC_SETTING));
        for (CodecProvider provider : all) {
            Codec codec = provider.create(settings.scoped(KnownSettings.scope(KnownSettings.CODEC_SCOPE, provider.name())));
            byName.put(provider.name(), codec);
            byId[provider.id()] = codec;
        }
        this.preferred.ifPresent(this::byName);
    }

    /**
     * {@return the codecs found on the module path and class path} A codec provider that cannot be loaded is
     * skipped with a WARNING that names it, its jar and the cause: a missing codec shows up as a clear error when
     * a type needs it, and it does not change how anything is sealed.
     */
    static List<CodecProvider> discover() {
        return Providers.loadAll(ServiceLoader.load(CodecProvider.class), CodecProvider.class,
                Providers.skipWithWarning(KnownProvider.CODEC));
    }

    /** {@return every codec provider present, the built-in {@code bytes} first} */
    List<CodecProvider> providers() {
        return providers;
    }

    /**
     * The codec with a name.
     *
     * @throws ConfigurationException naming the artifact to add when it is not present
     */
    Codec byName(String name) {
        Codec codec = byName.get(name);
        if (codec == null) {
            throw new ConfigurationException("Codec '" + name + "' was chosen, but no codec of that name is on the module path or class path; "
                    + KnownProvider.whatToAdd(KnownProvider.CODEC, name) + ". Found: " + Providers.describeAll(providers, NAME) + ".");
        }
        return codec;
    }

    /** {@return the codec with a wire id, when present} */
    Optional<Codec> byId(int id) {
        return Optional.ofNullable(byId[id]);
    }

    /**
     * The codec for values of a class.
     *
     * @throws CodecException when no codec or several equally strong codecs support it
     */
    Codec forType(Class<?> type) {
        return byType.get(type);
    }

    private Codec select(Class<?> type) {
        List<CodecProvider> supporting = providers.stream().filter(p -> p.support(type) != TypeSupport.UNSUPPORTED).toList();
        if (supporting.isEmpty()) {
            throw new CodecException("No codec can encode " + type.getName() + ": add io.whispeer:whispeer-codec-json for records and"
                    + " POJOs, or io.whispeer:whispeer-codec-protobuf for Protobuf messages. Found: " + Providers.describeAll(providers, NAME) + ".");
        }
        List<CodecProvider> best = Providers.best(supporting, p -> p.support(type).ordinal());
        if (best.size() == 1) {
            return byName.get(best.get(0).name());
        }
        if (preferred.isPresent()) {
            for (CodecProvider p : best) {
                if (p.name().equals(preferred.get())) {
                    return byName.get(p.name());
                }
            }
        }
        throw new CodecException("Several codecs support " + type.getName() + " equally: "
                + best.stream().map(p -> Providers.describe(p, NAME)).collect(Collectors.joining(", "))
                + ". Choose one with " + CODEC_SETTING + "=<name>, Whispeer.builder().codec(name) or TopicPolicy.codec(name).");
    }
}
