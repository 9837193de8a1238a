package io.whispeer.api;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Immutable user headers of a message: string keys to string values, kept sorted by key so that their encoding
 * (and the digest bound into the envelope's authenticated data) is canonical.
 *
 * <p>Keys and values must be well-formed Unicode: an unpaired surrogate has no UTF-8 encoding, so two different
 * headers would reach the authenticated data as the same bytes; it is refused, as in topics.
 *
 * <p>Headers travel beside the sealed payload: the broker can read them, and cannot change them without the
 * subscriber noticing. Put nothing secret in a header. {@link #toString()} shows keys only.
 */
public final class Headers {
    private static final Headers EMPTY = new Headers(Collections.emptySortedMap());
    private final SortedMap<String, String> entries;

    private Headers(SortedMap<String, String> entries) {
        this.entries = entries;
    }

    /** {@return no headers} */
    public static Headers empty() {
        return EMPTY;
    }

    /**
     * One header.
     *
     * @param key   the key: not empty, no control characters
     * @param value the value: no control characters other than tab
     * @return the headers
     */
    public static Headers of(String key, String value) {
        return builder().put(key, value).build();
    }

    /**
     * Two headers.
     *
     * @param k1 first key
     * @param v1 first value
     * @param k2 second key
     * @param v2 second value
     * @return the headers
     */
    public static Headers of(String k1, String v1, String k2, String v2) {
        return builder().put(k1, v1).put(k2, v2).build();
    }

    /**
     * Copies a map.
     *
     * @param map keys to values
     * @return the headers
     */
    public static Headers of(Map<String, String> map) {
        Builder builder = builder();
        map.forEach(builder::put);
        return builder.build();
    }

    /** {@return a builder for headers} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The value of a header.
     *
     * @param key the key
     * @return its value, or empty
     */
    public Optional<String> get(String key) {
        return Optional.ofNullable(entries.get(Objects.requireNonNull(key, "key")));
    }

    /** {@return the headers as an unmodifiable map sorted by key} */
    public SortedMap<String, String> asMap() {
        return Collections.unmodifiableSortedMap(entries);
    }

    /** {@return the number of headers} */
    public int size() {
        return entries.size();
    }

    /** {@return {@code true} when there are no headers} */
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** {@return the size of the keys and values in UTF-8 bytes; this is what the header size limit counts} */
    public int encodedSize() {
        int size = 0;
        for (Map.Entry<String, String> e : entries.entrySet()) {
            size += e.getKey().getBytes(StandardCharsets.UTF_8).length + e.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        return size;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Headers other && other.entries.equals(entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    /** {@return the header keys; values are left out so that logs do not carry user data} */
    @Override
    public String toString() {
        return "Headers" + entries.keySet();
    }

    /** Collects headers; a later {@code put} of the same key replaces the value. */
    public static final class Builder {
        private final TreeMap<String, String> entries = new TreeMap<>();

        private Builder() {
        }

        /**
         * Adds a header.
         *
         * @param key   the key: not empty, no control characters, well-formed Unicode (no unpaired surrogate)
         * @param value the value: no control characters other than tab, well-formed Unicode (no unpaired surrogate)
         * @return this builder
         * @throws IllegalArgumentException when the key or value breaks a rule; the message names the header and the
         *                                  index of the offending character
         */
        public Builder put(String key, String value) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            if (key.isEmpty()) {
                throw new IllegalArgumentException("Invalid header key: it is empty");
            }
            check("key '" + printable(key) + "'", key, false);
            check("value of header '" + printable(key) + "'", value, true);
            entries.put(key, value);
            return this;
        }

        /** {@return the headers} */
        public Headers build() {
            return entries.isEmpty() ? EMPTY : new Headers(Collections.unmodifiableSortedMap(new TreeMap<>(entries)));
        }

        private static void check(String what, String text, boolean allowTab) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (Character.isISOControl(c) && !(allowTab && c == '\t')) {
                    throw new IllegalArgumentException(String.format(
                            "Invalid header %s: control character U+%04X at index %d", what, (int) c, i));
                }
                if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else if (Character.isSurrogate(c)) {
                    // UTF-8 cannot encode it (Java writes '?'), so two different headers would authenticate alike.
                    throw new IllegalArgumentException(String.format("Invalid header %s: unpaired surrogate U+%04X at index %d;"
                            + " headers must be well-formed Unicode", what, (int) c, i));
                }
            }
        }

        private static String printable(String text) {
            StringBuilder out = new StringBuilder(text.length());
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    out.append(c).append(text.charAt(++i));
                } else if (Character.isSurrogate(c) || Character.isISOControl(c)) {
                    out.append(String.format("\\u%04X", (int) c));
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }
    }
}
