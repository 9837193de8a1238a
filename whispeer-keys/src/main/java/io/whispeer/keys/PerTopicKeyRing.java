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
 * One key per topic filter: the most specific matching filter (fewest wildcards, then most levels) seals a topic.
 * A key opens only messages whose topic its filter matches, so a holder of one filter's key cannot forge messages
 * on topics of another. Immutable and thread-safe.
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
        for (Entry e : bySpecificity) {
            if (e.filter().matches(topic)) {
                return new SealingKey(e.keyId(), e.key());
            }
        }
        throw new EncryptionException("No key of this ring covers topic '" + topic + "'; add a key for a filter that matches it.");
    }

    @Override
    public Optional<SecretKey> key(String topic, int keyId) {
        Entry e = byId.get(keyId);
        return e != null && e.filter().matches(topic) ? Optional.of(e.key()) : Optional.empty();
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
