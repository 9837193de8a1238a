package io.whispeer.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.whispeer.api.ConfigurationException;
import io.whispeer.api.TopicFilter;
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

    TopicDeclarations(List<TopicDeclaration> declarations, CodecRegistry codecs, CompressionRegistry compression) {
        this.codecs = codecs;
        this.compression = compression;
        for (int i = 0; i < declarations.size(); i++) {
            TopicDeclaration a = declarations.get(i);
            a.policy().codecName().ifPresent(codecs::byName);
            a.policy().compressionName().ifPresent(compression::byName);
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

    /** Resolves the declarations that apply to a concrete topic. */
    ResolvedTopic resolve(String topic) {
        List<TopicDeclaration> typed = new ArrayList<>();
        Codec codec = null;
        CompressionEngine engine = null;
        for (TopicDeclaration d : bySpecificity) {
            if (!d.filter().matches(topic)) {
                continue;
            }
            if (d.type().isPresent()) {
                typed.add(d);
            }
            if (codec == null && d.policy().codecName().isPresent()) {
                codec = codecs.byName(d.policy().codecName().get());
            }
            if (engine == null && d.policy().compressionName().isPresent()) {
                engine = compression.byName(d.policy().compressionName().get());
            }
        }
        return new ResolvedTopic(topic, typed, Optional.ofNullable(codec), engine != null ? engine : compression.defaultEngine());
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
     * What applies to one concrete topic.
     *
     * @param topic       the topic
     * @param typed       the declarations with a type that match it
     * @param codec       the codec a policy chose, when one did
     * @param compression the compression engine
     */
    record ResolvedTopic(String topic, List<TopicDeclaration> typed, Optional<Codec> codec, CompressionEngine compression) {
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
