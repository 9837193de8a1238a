package io.whispeer.api;

/**
 * Size limits that every topic and topic filter must respect.
 *
 * @param maxBytes  the longest topic or filter, in UTF-8 bytes (setting {@value #MAX_BYTES_SETTING}, default
 *                  {@value #DEFAULT_MAX_BYTES})
 * @param maxLevels the most {@code /}-separated levels (setting {@value #MAX_LEVELS_SETTING}, default
 *                  {@value #DEFAULT_MAX_LEVELS})
 */
public record TopicRules(int maxBytes, int maxLevels) {
    /** Setting that changes {@link #maxBytes()}. */
    public static final String MAX_BYTES_SETTING = "whispeer.topic.max-bytes";
    /** Setting that changes {@link #maxLevels()}. */
    public static final String MAX_LEVELS_SETTING = "whispeer.topic.max-levels";
    /** Default for {@link #maxBytes()}. */
    public static final int DEFAULT_MAX_BYTES = 1024;
    /** Default for {@link #maxLevels()}. */
    public static final int DEFAULT_MAX_LEVELS = 32;
    /** The defaults. */
    public static final TopicRules DEFAULT = new TopicRules(DEFAULT_MAX_BYTES, DEFAULT_MAX_LEVELS);

    /**
     * Validates the limits.
     *
     * @throws IllegalArgumentException when a limit is not in 1..65535
     */
    public TopicRules {
        if (maxBytes < 1 || maxBytes > 65_535) {
            throw new IllegalArgumentException(
                    "Invalid " + MAX_BYTES_SETTING + " " + maxBytes + "; it must be between 1 and 65535");
        }
        if (maxLevels < 1 || maxLevels > 1024) {
            throw new IllegalArgumentException(
                    "Invalid " + MAX_LEVELS_SETTING + " " + maxLevels + "; it must be between 1 and 1024");
        }
    }
}
