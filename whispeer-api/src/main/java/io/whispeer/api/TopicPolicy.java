package io.whispeer.api;

import java.util.Objects;
import java.util.Optional;

/**
 * Per-topic choices that override the broker's defaults for every topic a filter matches. When several declared
 * filters match a topic, the most specific one (fewest wildcards, then most levels) decides each setting it sets.
 * Immutable; start from {@link #defaults()} or a factory and refine with the {@code with} methods.
 */
public final class TopicPolicy {
    private static final TopicPolicy DEFAULTS = new TopicPolicy(null, null);

    private final String codec;
    private final String compression;

    private TopicPolicy(String codec, String compression) {
        this.codec = codec;
        this.compression = compression;
    }

    /** {@return a policy that sets nothing} */
    public static TopicPolicy defaults() {
        return DEFAULTS;
    }

    /**
     * A policy that picks the codec.
     *
     * @param codec a codec name, such as {@code json} or {@code protobuf}
     * @return the policy
     */
    public static TopicPolicy codec(String codec) {
        return DEFAULTS.withCodec(codec);
    }

    /**
     * A policy that picks the compression engine.
     *
     * @param compression an engine name, such as {@code zstd}, {@code lz4}, or {@code none} to switch it off
     * @return the policy
     */
    public static TopicPolicy compression(String compression) {
        return DEFAULTS.withCompression(compression);
    }

    /**
     * This policy with another codec.
     *
     * @param codec a codec name
     * @return the new policy
     */
    public TopicPolicy withCodec(String codec) {
        return new TopicPolicy(requireName(codec, "codec"), compression);
    }

    /**
     * This policy with another compression engine.
     *
     * @param compression an engine name, or {@code none}
     * @return the new policy
     */
    public TopicPolicy withCompression(String compression) {
        return new TopicPolicy(codec, requireName(compression, "compression"));
    }

    /** {@return the codec name, when set} */
    public Optional<String> codecName() {
        return Optional.ofNullable(codec);
    }

    /** {@return the compression engine name, when set} */
    public Optional<String> compressionName() {
        return Optional.ofNullable(compression);
    }

    private static String requireName(String name, String what) {
        Objects.requireNonNull(name, what);
        if (name.isBlank()) {
            throw new IllegalArgumentException("Invalid " + what + " name: it is blank");
        }
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TopicPolicy other && Objects.equals(codec, other.codec) && Objects.equals(compression, other.compression);
    }

    @Override
    public int hashCode() {
        return Objects.hash(codec, compression);
    }

    @Override
    public String toString() {
        return "TopicPolicy[codec=" + codec + ", compression=" + compression + "]";
    }
}
