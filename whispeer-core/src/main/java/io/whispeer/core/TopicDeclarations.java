package io.whispeer.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import io.whispeer.api.CompressionDictionary;
import io.whispeer.api.ConfigurationException;
import io.whispeer.api.TopicFilter;
import io.whispeer.api.TopicPolicy;
import io.whispeer.api.TypeMismatchException;
import io.whispeer.api.TypeRef;
import io.whispeer.api.spi.Codec;
import io.whispeer.api.spi.CompressionEngine;
import io.whispeer.api.spi.TopicDeclaration;

/**
 * The declared topics: which type every matching topic carries and which policy applies. Declarations are fixed
 * when the broker is built, and conflicting ones (overlapping filters with unrelated types) are refused then.
 */
final class TopicDeclarations {
    private static final Comparator<TopicDeclaration> MOST_SPECIFIC_FIRST = Comparator
            .comparingInt((TopicDeclaration d) -> d.filter().wildcardCount())
            .thenComparing(d -> -d.filter().levels().size());

    private final List<TopicDeclaration> bySpecificity;
    private final CodecRegistry codecs;
    private final CompressionRegistry compression;
    private final int defaultMaxMessageBytes;
    private final PaddingMode defaultPadding;

    TopicDeclarations(List<TopicDeclaration> declarations, CodecRegistry codecs, CompressionRegistry compression, int defaultMaxMessageBytes,
                      PaddingMode defaultPadding) {
        this.codecs = codecs;
        this.compression = compression;
        this.defaultMaxMessageBytes = defaultMaxMessageBytes;
        this.defaultPadding = defaultPadding;
        for (int i = 0; i < declarations.size(); i++) {
            TopicDeclaration a = declarations.get(i);
            a.policy().codecName().ifPresent(codecs::byName);
            CompressionEngine engine = a.policy().compressionName()
                    .map(name -> compression.engine(name, a.policy().compressionLevel()))
                    .orElse(compression.defaultEngine());
            a.policy().dictionaryId().ifPresent(id -> {
                try {
                    compression.dictionary(engine, id);
                } catch (io.whispeer.api.CompressionException e) {
                    throw new ConfigurationException("Topic policy of '" + a.filter() + "' names " + e.getMessage(), e);
                }
            });
            for (int j = 0; j < i; j++) {
                TopicDeclaration b = declarations.get(j);
                if (a.type().isPresent() && b.type().isPresent() && a.filter().intersects(b.filter())
                        && !related(a.type().get(), b.type().get())) {
                    throw new ConfigurationException("Topic declarations conflict: '" + b.filter() + "' carries " + b.type().get().getName()
                            + " and '" + a.filter() + "' carries " + a.type().get().getName()
                            + ", but some topics match both filters. Declare narrower filters or compatible types.");
                }
            }
        }
        List<TopicDeclaration> sorted = new ArrayList<>(declarations);
        sorted.sort(MOST_SPECIFIC_FIRST);
        this.bySpecificity = List.copyOf(sorted);
    }

    private static boolean related(Class<?> a, Class<?> b) {
        return a.isAssignableFrom(b) || b.isAssignableFrom(a);
    }

    /** Resolves the declarations that apply to a concrete topic: for each setting, the most specific one wins. */
    ResolvedTopic resolve(String topic) {
        List<TopicDeclaration> typed = new ArrayList<>();
        Codec codec = null;
        String engineName = null;
        OptionalInt level = OptionalInt.empty();
        OptionalInt threshold = OptionalInt.empty();
        OptionalInt dictionaryId = OptionalInt.empty();
        OptionalInt maxBytes = OptionalInt.empty();
        Optional<Boolean> padding = Optional.empty();
        Optional<List<String>> allowedCiphers = Optional.empty();
        for (TopicDeclaration d : bySpecificity) {
            if (!d.filter().matches(topic)) {
                continue;
            }
            TopicPolicy p = d.policy();
            if (d.type().isPresent()) {
                typed.add(d);
            }
            if (codec == null && p.codecName().isPresent()) {
                codec = codecs.byName(p.codecName().get());
            }
            if (engineName == null && p.compressionName().isPresent()) {
                engineName = p.compressionName().get();
            }
            level = level.isPresent() ? level : p.compressionLevel();
            threshold = threshold.isPresent() ? threshold : p.compressionThreshold();
            dictionaryId = dictionaryId.isPresent() ? dictionaryId : p.dictionaryId();
            maxBytes = maxBytes.isPresent() ? maxBytes : p.maxMessageBytes();
            padding = padding.isPresent() ? padding : p.padding();
            allowedCiphers = allowedCiphers.isPresent() ? allowedCiphers : p.allowedCiphers();
        }
        CompressionEngine engine = engineName == null && level.isEmpty() ? compression.defaultEngine()
                : compression.engine(engineName != null ? engineName : compression.defaultEngine().name(), level);
        Optional<CompressionDictionary> dictionary = dictionaryId.isPresent() && engine.id() != NoCompression.ID
                ? Optional.of(compression.dictionary(engine, dictionaryId.getAsInt())) : Optional.empty();
        return new ResolvedTopic(topic, typed, Optional.ofNullable(codec), engine, threshold.orElse(compression.defaultThreshold()),
                dictionary, maxBytes.orElse(defaultMaxMessageBytes),
                padding.map(on -> on ? PaddingMode.ON : PaddingMode.OFF).orElse(defaultPadding), allowedCiphers.orElse(List.of()));
    }

    /**
     * Checks that a subscription's type can receive every declared type its filter overlaps.
     *
     * @throws TypeMismatchException naming both types and the declaring filter
     */
    void checkSubscription(TopicFilter filter, TypeRef<?> type) {
        Class<?> raw = type.rawType();
        if (raw == byte[].class) {
            return; // byte[] subscribers receive the encoded bytes of any type
        }
        for (TopicDeclaration d : bySpecificity) {
            if (d.type().isPresent() && d.filter().intersects(filter) && !raw.isAssignableFrom(d.type().get())) {
                throw new TypeMismatchException("Cannot subscribe to '" + filter + "' as " + type + ": topics matching '" + d.filter()
                        + "' carry " + d.type().get().getName() + ". Subscribe with " + d.type().get().getSimpleName()
                        + ".class (or byte[].class for the encoded bytes), or use a filter that does not overlap '" + d.filter() + "'.");
            }
        }
    }

    /**
     * When sealed payloads are padded: {@code whispeer.padding} or {@code TopicPolicy.withPadding}. Unsealed payloads
     * (no key ring) are never padded: their length is in the clear anyway.
     */
    enum PaddingMode {
        /** Pad every sealed payload (the default; {@code auto} means this too). */
        ON,
        /** Never pad: an explicit choice that reveals the exact length of every payload. */
        OFF;

        static final String SETTING = "whispeer.padding";

        boolean applies() {
            return this == ON;
        }

        static PaddingMode from(io.whispeer.api.spi.Settings settings) {
            String value = settings.get(SETTING, "on");
            return switch (value) {
                // auto used to pad compressed payloads only, which left the exact length of small messages
                // visible; it is kept as a name for the default so that existing configurations keep working.
                case "on", "auto" -> ON;
                case "off" -> OFF;
                default -> throw new ConfigurationException("Invalid " + SETTING + "='" + value
                        + "': use on (pad every sealed payload, the default; auto means the same) or off.");
            };
        }
    }

    /**
     * What applies to one concrete topic.
     *
     * @param topic       the topic
     * @param typed       the declarations with a type that match it
     * @param codec       the codec a policy chose, when one did
     * @param compression the compression engine
     * @param compressionThreshold    encoded payloads smaller than this are not compressed
     * @param dictionary  the compression dictionary, when the policy names one
     * @param maxMessageBytes the largest encoded payload, also the bound on decompression
     * @param padding     whether sealed payloads are padded to a length bucket
     * @param allowedCiphers cipher names opened besides the configured one ({@code TopicPolicy.withAllowedCiphers})
     */
    record ResolvedTopic(String topic, List<TopicDeclaration> typed, Optional<Codec> codec, CompressionEngine compression,
                         int compressionThreshold, Optional<CompressionDictionary> dictionary, int maxMessageBytes,
                         PaddingMode padding, List<String> allowedCiphers) {
        /**
         * Checks a payload against the declared types.
         *
         * @throws TypeMismatchException naming both types
         */
        void checkPayload(Object payload) {
            for (TopicDeclaration d : typed) {
                Class<?> declared = d.type().orElseThrow();
                if (!declared.isInstance(payload)) {
                    throw new TypeMismatchException("Topic '" + topic + "' carries " + declared.getName() + " (declared by '" + d.filter()
                            + "'), but publish was given " + payload.getClass().getName() + ". Publish a " + declared.getSimpleName()
                            + ", or publish to a topic declared for " + payload.getClass().getSimpleName() + ".");
                }
            }
        }
    }
}
