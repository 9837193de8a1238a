package io.whispeer.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A validated topic filter, and the validation of concrete topics.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>Levels are separated by {@code /}; no level may be empty (no leading, trailing or doubled {@code /}).</li>
 *   <li>{@code +} and {@code *} match exactly one level. {@code #} and {@code >} match zero or more trailing
 *       levels and must be the last level, so {@code a/#} matches {@code a}, {@code a/b} and {@code a/b/c}.</li>
 *   <li>A wildcard is always a whole level: {@code a+} and {@code a/b#} are rejected.</li>
 *   <li>Topics that are published to are concrete: they contain none of {@code + * # >}.</li>
 *   <li>Control characters (U+0000..U+001F, U+007F..U+009F) and unpaired surrogates are rejected.</li>
 *   <li>Topics whose first level starts with {@code $} are reserved for the broker: a wildcard in the first
 *       level of a filter does not match them (as in MQTT), a literal {@code $SYS/...} filter does.</li>
 *   <li>Length and level count are bounded by {@link TopicRules}.</li>
 * </ul>
 * Instances are immutable and compare by their text.
 */
public final class TopicFilter {
    private final String text;
    private final String[] levels;
    private final int wildcards;

    private TopicFilter(String text, String[] levels) {
        this.text = text;
        this.levels = levels;
        int count = 0;
        for (String level : levels) {
            if (isWildcard(level)) {
                count++;
            }
        }
        this.wildcards = count;
    }

    /**
     * Parses a filter with the default {@link TopicRules}.
     *
     * @param filter the filter text, for example {@code sensor/+/temperature}
     * @return the validated filter
     * @throws InvalidTopicException when the filter breaks a rule; the message says which and how to fix it
     */
    public static TopicFilter parse(String filter) {
        return parse(filter, TopicRules.DEFAULT);
    }

    /**
     * Parses a filter.
     *
     * @param filter the filter text
     * @param rules  the size limits to enforce
     * @return the validated filter
     * @throws InvalidTopicException when the filter breaks a rule
     */
    public static TopicFilter parse(String filter, TopicRules rules) {
        String[] levels = split(filter, rules, "topic filter");
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (isMultiLevelWildcard(level) && i != levels.length - 1) {
                throw new InvalidTopicException("Invalid topic filter '" + filter + "': '" + level
                        + "' matches all remaining levels, so it must be the last level (found at level " + (i + 1)
                        + " of " + levels.length + "). Move it to the end or use '+' for a single level.");
            }
            if (!isWildcard(level)) {
                int at = indexOfWildcardChar(level);
                if (at >= 0) {
                    throw new InvalidTopicException("Invalid topic filter '" + filter + "': level '" + level
                            + "' mixes the wildcard '" + level.charAt(at) + "' with other characters. A wildcard"
                            + " must be a whole level, such as 'a/+/c' or 'a/#'.");
                }
            }
        }
        return new TopicFilter(filter, levels);
    }

    /**
     * Checks a concrete topic (one that is published to) with the default {@link TopicRules}.
     *
     * @param topic the topic
     * @return {@code topic}, for chaining
     * @throws InvalidTopicException when the topic breaks a rule or contains a wildcard
     */
    public static String checkTopic(String topic) {
        return checkTopic(topic, TopicRules.DEFAULT);
    }

    /**
     * Checks a concrete topic (one that is published to).
     *
     * @param topic the topic
     * @param rules the size limits to enforce
     * @return {@code topic}, for chaining
     * @throws InvalidTopicException when the topic breaks a rule or contains a wildcard
     */
    public static String checkTopic(String topic, TopicRules rules) {
        String[] levels = split(topic, rules, "topic");
        for (int i = 0; i < levels.length; i++) {
            int at = indexOfWildcardChar(levels[i]);
            if (at >= 0) {
                throw new InvalidTopicException("Invalid topic '" + topic + "': level " + (i + 1) + " ('"
                        + levels[i] + "') contains the wildcard character '" + levels[i].charAt(at)
                        + "'. Topics that are published to must be concrete; wildcards belong in subscriptions.");
            }
        }
        return topic;
    }

    /**
     * Tells whether a level is a wildcard ({@code + * # >}).
     *
     * @param level one level of a filter
     * @return {@code true} for a single- or multi-level wildcard
     */
    public static boolean isWildcard(String level) {
        return isSingleLevelWildcard(level) || isMultiLevelWildcard(level);
    }

    /**
     * Tells whether a level matches exactly one level ({@code +} or {@code *}).
     *
     * @param level one level of a filter
     * @return {@code true} for {@code +} and {@code *}
     */
    public static boolean isSingleLevelWildcard(String level) {
        return level.equals("+") || level.equals("*");
    }

    /**
     * Tells whether a level matches all remaining levels ({@code #} or {@code >}).
     *
     * @param level one level of a filter
     * @return {@code true} for {@code #} and {@code >}
     */
    public static boolean isMultiLevelWildcard(String level) {
        return level.equals("#") || level.equals(">");
    }

    /** {@return the filter as it was written} */
    public String text() {
        return text;
    }

    /** {@return the levels of the filter, in order} */
    public List<String> levels() {
        return List.of(levels);
    }

    /** {@return {@code true} when the filter has at least one wildcard level} */
    public boolean isWildcard() {
        return wildcards > 0;
    }

    /** {@return how many levels are wildcards; fewer means more specific} */
    public int wildcardCount() {
        return wildcards;
    }

    /**
     * Tells whether a concrete topic matches this filter. The topic is not validated here.
     *
     * @param topic a concrete topic
     * @return {@code true} when the filter matches
     */
    public boolean matches(String topic) {
        Objects.requireNonNull(topic, "topic");
        if (topic.startsWith("$") && levels.length > 0 && isWildcard(levels[0])) {
            return false;
        }
        int start = 0;
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (isMultiLevelWildcard(level)) {
                return true;
            }
            if (start > topic.length()) {
                return false; // the topic ran out of levels
            }
            int end = topic.indexOf('/', start);
            if (end < 0) {
                end = topic.length();
            }
            if (!isSingleLevelWildcard(level) && !(end - start == level.length() && topic.startsWith(level, start))) {
                return false;
            }
            start = end + 1;
        }
        return start > topic.length();
    }

    /**
     * Tells whether some concrete topic matches both this filter and another one.
     *
     * @param other another filter
     * @return {@code true} when the two filters overlap
     */
    public boolean intersects(TopicFilter other) {
        Objects.requireNonNull(other, "other");
        return intersects(levels, 0, other.levels, 0);
    }

    private static boolean intersects(String[] a, int i, String[] b, int j) {
        if (i == 0 && j == 0 && a.length > 0 && b.length > 0 && (reservedVersusWildcard(a[0], b[0]) || reservedVersusWildcard(b[0], a[0]))) {
            return false;
        }
        if (i < a.length && isMultiLevelWildcard(a[i]) || j < b.length && isMultiLevelWildcard(b[j])) {
            return true;
        }
        if (i == a.length || j == b.length) {
            return i == a.length && j == b.length;
        }
        if (isSingleLevelWildcard(a[i]) || isSingleLevelWildcard(b[j]) || a[i].equals(b[j])) {
            return intersects(a, i + 1, b, j + 1);
        }
        return false;
    }

    private static boolean reservedVersusWildcard(String literal, String level) {
        return literal.startsWith("$") && isWildcard(level);
    }

    private static String[] split(String text, TopicRules rules, String what) {
        Objects.requireNonNull(text, what);
        Objects.requireNonNull(rules, "rules");
        if (text.isEmpty()) {
            throw new InvalidTopicException("Invalid " + what + ": it is empty. Use levels separated by '/', such as 'sensor/kitchen'.");
        }
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                throw new InvalidTopicException(String.format(
                        "Invalid %s '%s': control character U+%04X at index %d. Remove it; topics are printable text.",
                        what, printable(text), (int) c, i));
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
                continue;
            }
            if (Character.isSurrogate(c)) {
                throw new InvalidTopicException("Invalid " + what + " '" + printable(text) + "': unpaired surrogate at index " + i
                        + ". Topics must be well-formed Unicode.");
            }
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
        }
        if (bytes > rules.maxBytes()) {
            throw new InvalidTopicException("Invalid " + what + " '" + abbreviate(text) + "': it is " + bytes
                    + " UTF-8 bytes long and the limit is " + rules.maxBytes() + ". Use a shorter name or raise "
                    + TopicRules.MAX_BYTES_SETTING + ".");
        }
        List<String> levels = new ArrayList<>();
        int start = 0;
        while (true) {
            int end = text.indexOf('/', start);
            String level = text.substring(start, end < 0 ? text.length() : end);
            if (level.isEmpty()) {
                throw new InvalidTopicException("Invalid " + what + " '" + text + "': level " + (levels.size() + 1)
                        + " is empty. Levels are separated by single '/' with no '/' at the start or end.");
            }
            levels.add(level);
            if (levels.size() > rules.maxLevels()) {
                throw new InvalidTopicException("Invalid " + what + " '" + abbreviate(text) + "': it has more than "
                        + rules.maxLevels() + " levels, the limit. Use fewer levels or raise " + TopicRules.MAX_LEVELS_SETTING + ".");
            }
            if (end < 0) {
                break;
            }
            start = end + 1;
        }
        return levels.toArray(String[]::new);
    }

    private static int indexOfWildcardChar(String level) {
        for (int i = 0; i < level.length(); i++) {
            switch (level.charAt(i)) {
                case '+', '*', '#', '>' -> {
                    return i;
                }
                default -> { }
            }
        }
        return -1;
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp) || Character.isSurrogate((char) cp) && cp <= 0xFFFF) {
                out.append(String.format("\\u%04X", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    private static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 61) + "...";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TopicFilter other && other.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
