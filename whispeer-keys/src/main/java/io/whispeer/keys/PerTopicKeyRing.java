package io.whispeer.keys;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.crypto.SecretKey;

import io.whispeer.api.EncryptionException;
import io.whispeer.api.KeyRing;
import io.whispeer.api.SealingKey;
import io.whispeer.api.TopicFilter;

/**
 * One key per topic filter: the most specific matching filter (fewest wildcards, then most levels, then the filter
 * added first) seals a topic.
 *
 * <h2>Opening: only the key sealing would choose</h2>
 * Filters may overlap ({@code sensor/#} and {@code sensor/secret}). A key opens a message only when its filter is the
 * one that would seal the message's topic, the most specific match, so opening and sealing always agree on one key
 * per topic. A holder of only the {@code sensor/#} key can seal a message for {@code sensor/secret} under its own
 * key id, but a full ring refuses it as an unknown key for that topic (the broker counts it as rejected), because
 * {@code sensor/secret} is sealed with its own key. Overlapping filters are therefore allowed: the more specific
 * filter carves its topics out of the broader one, for sealing and for opening alike. Every party must build the
 * ring with the same filters, or they disagree on which key a topic uses; ties between equally specific filters
 * (such as {@code a/+/c} and {@code a/b/+}) go to the filter added first.
 *
 * <p>Immutable and thread-safe.
 */
public final class PerTopicKeyRing implements KeyRing {
    private record Entry(TopicFilter filter, int keyId, SecretKey key) {
    }

    private final List<Entry> bySpecificity;
    private final Map<Integer, Entry> byId;

    private PerTopicKeyRing(List<Entry> entries) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingInt((Entry e) -> e.filter().wildcardCount()).thenComparing(e -> -e.filter().levels().size()));
        this.bySpecificity = List.copyOf(sorted);
        Map<Integer, Entry> ids = new HashMap<>();
        for (Entry e : entries) {
            if (ids.putIfAbsent(e.keyId(), e) != null) {
                throw new IllegalArgumentException("Key id " + Integer.toUnsignedString(e.keyId()) + " is used for two filters; each key needs its own id");
            }
        }
        this.byId = Map.copyOf(ids);
    }

    static Builder builder() {
        return new Builder();
    }

    @Override
    public SealingKey sealingKey(String topic) {
        Entry e = mostSpecific(topic);
        if (e == null) {
            throw new EncryptionException("No key of this ring covers topic '" + topic + "'; add a key for a filter that matches it.");
        }
        return new SealingKey(e.keyId(), e.key());
    }

    /**
     * {@inheritDoc}
     *
     * <p>Only the key that {@link #sealingKey} chooses for the topic opens it; a key of a broader, overlapping filter
     * does not (see the class description).
     */
    @Override
    public Optional<SecretKey> key(String topic, int keyId) {
        Entry e = byId.get(keyId);
        return e != null && mostSpecific(topic) == e ? Optional.of(e.key()) : Optional.empty();
    }

    private Entry mostSpecific(String topic) {
        for (Entry e : bySpecificity) {
            if (e.filter().matches(topic)) {
                return e;
            }
        }
        return null;
    }

    /** {@return filters and key ids; never key material} */
    @Override
    public String toString() {
        return "PerTopicKeyRing" + bySpecificity.stream().map(e -> e.filter() + "=" + Integer.toUnsignedString(e.keyId())).toList();
    }

    /** Collects the filters and their keys. */
    public static final class Builder {
        private final List<Entry> entries = new ArrayList<>();

        private Builder() {
        }

        /**
         * Adds a key for the topics a filter matches.
         *
         * @param filter a topic filter
         * @param keyId  the key id written into envelopes; unique in the ring
         * @param key    a 32-byte key
         * @return this builder
         */
        public Builder key(String filter, int keyId, SecretKey key) {
            entries.add(new Entry(TopicFilter.parse(filter), keyId, KeyRings.checkKey(key)));
            return this;
        }

        /** {@return the ring} */
        public PerTopicKeyRing build() {
            return new PerTopicKeyRing(entries);
        }
    }
}
