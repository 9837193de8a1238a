package io.whispeer.api.spi;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import io.whispeer.api.ConfigurationException;

/**
 * Immutable string settings handed to the broker and, {@linkplain #scoped(String) scoped}, to every provider's
 * {@code create}. Keys are dotted names such as {@code whispeer.subscription.queue-capacity}. The typed getters
 * fail with a {@link ConfigurationException} that names the key as the user wrote it (the {@linkplain #fullKey full
 * key}, also in a scoped view), the bad value and what is allowed.
 *
 * <p>A scoped view holds the keys under a prefix with the prefix removed: the zstd engine receives
 * {@code settings.scoped("whispeer.compression.zstd.")} and reads {@code level}, which the user wrote as
 * {@code whispeer.compression.zstd.level}.
 */
public final class Settings {
    private static final Settings EMPTY = new Settings(Collections.emptySortedMap(), "", Map.of());
    private final Map<String, String> values;
    /** What the keys of this view are written under: empty, or the prefix of a scoped view. */
    private final String prefix;
    /** Keys whose full key is not {@code prefix + key} (merged from another scope): key to full key. */
    private final Map<String, String> fullKeys;

    private Settings(Map<String, String> values, String prefix, Map<String, String> fullKeys) {
        this.values = values;
        this.prefix = prefix;
        this.fullKeys = fullKeys;
    }

    /** {@return no settings} */
    public static Settings empty() {
        return EMPTY;
    }

    /**
     * Copies a map.
     *
     * @param values keys to values
     * @return the settings
     */
    public static Settings of(Map<String, String> values) {
        TreeMap<String, String> copy = new TreeMap<>();
        values.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "key"), Objects.requireNonNull(v, "value of " + k)));
        return new Settings(Collections.unmodifiableSortedMap(copy), "", Map.of());
    }

    /**
     * The {@code whispeer.*} system properties.
     *
     * @return the settings
     */
    public static Settings fromSystemProperties() {
        TreeMap<String, String> copy = new TreeMap<>();
        System.getProperties().forEach((k, v) -> {
            if (k instanceof String key && v instanceof String value && key.startsWith("whispeer.")) {
                copy.put(key, value);
            }
        });
        return new Settings(Collections.unmodifiableSortedMap(copy), "", Map.of());
    }

    /**
     * The settings under a prefix, with the prefix removed from their keys: {@code scoped("whispeer.compression.zstd.")}
     * of {@code {whispeer.compression.zstd.level=3, whispeer.compression=zstd}} is {@code {level=3}}. Errors of the
     * view's getters and {@link #fullKey(String)} still name {@code whispeer.compression.zstd.level}. A view of a view
     * scopes further.
     *
     * @param prefix the prefix, which must end with {@code .} and must not be only {@code .}
     * @return the view, holding only the keys that start with {@code prefix} and are longer than it
     * @throws IllegalArgumentException when the prefix does not end with {@code .}
     */
    public Settings scoped(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        if (!prefix.endsWith(".") || prefix.length() < 2) {
            throw new IllegalArgumentException("A settings scope must end with '.', such as whispeer.compression.zstd., not '" + prefix + "'");
        }
        String scopePrefix = this.prefix + prefix;
        TreeMap<String, String> scoped = new TreeMap<>();
        Map<String, String> full = new HashMap<>();
        values.forEach((key, value) -> {
            if (key.startsWith(prefix) && key.length() > prefix.length()) {
                String relative = key.substring(prefix.length());
                scoped.put(relative, value);
                if (fullKeys.containsKey(key)) {
                    full.put(relative, fullKeys.get(key));
                }
            }
        });
        return new Settings(Collections.unmodifiableSortedMap(scoped), scopePrefix, Map.copyOf(full));
    }

    /**
     * The key as the user wrote it: in a {@linkplain #scoped(String) scoped view} the scope's prefix followed by
     * the key, otherwise the key itself. Providers use it in their own error messages.
     *
     * @param key a key of these settings, present or not
     * @return the full key
     */
    public String fullKey(String key) {
        Objects.requireNonNull(key, "key");
        String full = fullKeys.get(key);
        return full != null ? full : prefix + key;
    }

    /**
     * These settings with {@code overrides} taking precedence. The result is a view with this view's prefix; keys
     * taken from {@code overrides} keep their own {@linkplain #fullKey full keys}.
     *
     * @param overrides settings that win
     * @return the merged settings
     */
    public Settings overriddenBy(Settings overrides) {
        Objects.requireNonNull(overrides, "overrides");
        TreeMap<String, String> merged = new TreeMap<>(values);
        merged.putAll(overrides.values);
        Map<String, String> full = new HashMap<>(fullKeys);
        overrides.values.keySet().forEach(key -> {
            String written = overrides.fullKey(key);
            if (written.equals(prefix + key)) {
                full.remove(key);
            } else {
                full.put(key, written);
            }
        });
        return new Settings(Collections.unmodifiableSortedMap(merged), prefix, Map.copyOf(full));
    }

    /**
     * A value.
     *
     * @param key the key
     * @return the value, or empty
     */
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(Objects.requireNonNull(key, "key"))).map(String::trim);
    }

    /**
     * A value with a default.
     *
     * @param key          the key
     * @param defaultValue used when the key is absent
     * @return the value
     */
    public String get(String key, String defaultValue) {
        return get(key).orElse(defaultValue);
    }

    /**
     * An integer in a range.
     *
     * @param key          the key
     * @param defaultValue used when the key is absent
     * @param min          smallest allowed value
     * @param max          largest allowed value
     * @return the value
     * @throws ConfigurationException when the value is not an integer in range
     */
    public int getInt(String key, int defaultValue, int min, int max) {
        return (int) getLong(key, defaultValue, min, max);
    }

    /**
     * A long in a range.
     *
     * @param key          the key
     * @param defaultValue used when the key is absent
     * @param min          smallest allowed value
     * @param max          largest allowed value
     * @return the value
     * @throws ConfigurationException when the value is not an integer in range
     */
    public long getLong(String key, long defaultValue, long min, long max) {
        Optional<String> raw = get(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        long value;
        try {
            value = Long.parseLong(raw.get().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new ConfigurationException("Invalid " + fullKey(key) + "='" + raw.get() + "': not an integer. Use a number between "
                    + min + " and " + max + ".");
        }
        return checkRange(key, raw.get(), value, min, max);
    }

    /**
     * A size in bytes, written as a number with an optional unit: {@code 512}, {@code 64KiB}, {@code 16MiB},
     * {@code 1GiB} (also {@code k}, {@code m}, {@code g}, all powers of 1024).
     *
     * @param key          the key
     * @param defaultValue used when the key is absent
     * @param min          smallest allowed value
     * @param max          largest allowed value
     * @return the value in bytes
     * @throws ConfigurationException when the value is not a size in range
     */
    public long getBytes(String key, long defaultValue, long min, long max) {
        Optional<String> raw = get(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        String text = raw.get().toLowerCase(Locale.ROOT).replace("_", "").replace(" ", "");
        long unit = 1;
        for (String[] suffix : new String[][] {{"gib", "3"}, {"mib", "2"}, {"kib", "1"}, {"gb", "3"}, {"mb", "2"}, {"kb", "1"},
                {"g", "3"}, {"m", "2"}, {"k", "1"}, {"b", "0"}}) {
            if (text.endsWith(suffix[0])) {
                unit = 1L << (10 * Integer.parseInt(suffix[1]));
                text = text.substring(0, text.length() - suffix[0].length());
                break;
            }
        }
        long value;
        try {
            value = Math.multiplyExact(Long.parseLong(text), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new ConfigurationException("Invalid " + fullKey(key) + "='" + raw.get() + "': not a size. Use bytes or a unit, such as 65536 or 64KiB.");
        }
        return checkRange(key, raw.get(), value, min, max);
    }

    /**
     * A duration, written as ISO-8601 ({@code PT10S}) or as a number with a unit: {@code 250ms}, {@code 10s},
     * {@code 5m}, {@code 1h}.
     *
     * @param key          the key
     * @param defaultValue used when the key is absent
     * @return the value
     * @throws ConfigurationException when the value is not a positive duration
     */
    public Duration getDuration(String key, Duration defaultValue) {
        Optional<String> raw = get(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        String text = raw.get().toLowerCase(Locale.ROOT);
        Duration value;
        try {
            if (text.startsWith("p")) {
                value = Duration.parse(raw.get().toUpperCase(Locale.ROOT));
            } else if (text.endsWith("ms")) {
                value = Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            } else if (text.endsWith("s")) {
                value = Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
            } else if (text.endsWith("m")) {
                value = Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
            } else if (text.endsWith("h")) {
                value = Duration.ofHours(Long.parseLong(text.substring(0, text.length() - 1)));
            } else {
                throw new NumberFormatException(text);
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new ConfigurationException("Invalid " + fullKey(key) + "='" + raw.get() + "': not a duration. Use a number with ms, s, m or h, such as 10s.");
        }
        if (value.isNegative() || value.isZero()) {
            throw new ConfigurationException("Invalid " + fullKey(key) + "='" + raw.get() + "': the duration must be positive.");
        }
        return value;
    }

    /**
     * A boolean: {@code true} or {@code false}.
     *
     * @param key          the key
     * @param defaultValue used when the key is absent
     * @return the value
     * @throws ConfigurationException when the value is neither
     */
    public boolean getBoolean(String key, boolean defaultValue) {
        Optional<String> raw = get(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        return switch (raw.get().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigurationException("Invalid " + fullKey(key) + "='" + raw.get() + "': use true or false.");
        };
    }

    /** {@return all settings, sorted by key; in a scoped view the keys are relative to the scope} */
    public Map<String, String> asMap() {
        return values;
    }

    private long checkRange(String key, String raw, long value, long min, long max) {
        if (value < min || value > max) {
            throw new ConfigurationException("Invalid " + fullKey(key) + "='" + raw + "': it must be between " + min + " and " + max + ".");
        }
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Settings other && other.values.equals(values) && other.prefix.equals(prefix) && other.fullKeys.equals(fullKeys);
    }

    @Override
    public int hashCode() {
        return values.hashCode() * 31 + prefix.hashCode();
    }

    /** {@return the keys only: values may hold credentials} */
    @Override
    public String toString() {
        return "Settings" + values.keySet().stream().map(this::fullKey).toList();
    }

    /**
     * Finds the likely intended word for a misspelt one, for "did you mean" hints in error messages: the candidate
     * with the fewest single-character edits (Levenshtein distance) from {@code word}, ties broken alphabetically,
     * when at most {@code max(2, word.length() / 6)} edits apart.
     *
     * @param word       the word as written, such as an unknown setting key
     * @param candidates the words that would have been accepted
     * @return the closest candidate, or empty when none is close enough to be a typo
     */
    public static Optional<String> closest(String word, Collection<String> candidates) {
        Objects.requireNonNull(word, "word");
        int allowed = Math.max(2, word.length() / 6);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = editDistance(word, candidate);
            if (d < bestDistance || (d == bestDistance && candidate.compareTo(best) < 0)) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best != null && bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /**
     * {@return the Levenshtein distance between two strings: the fewest single-character insertions, deletions and
     * substitutions that turn one into the other}
     *
     * @param a one string
     * @param b the other
     */
    public static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
