package io.whispeer.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Per-topic choices that override the broker's defaults for every topic a filter matches. When several declared
 * filters match a topic, the most specific one (fewest wildcards, then most levels) decides each setting it sets.
 * Immutable; start from {@link #defaults()} or a factory and refine with the {@code with} methods.
 *
 * <pre>{@code
 * TopicPolicy.compression("zstd").withCompressionLevel(6).withDictionary(dictionary.id())
 * TopicPolicy.compression("none")          // switch compression off for these topics
 * }</pre>
 */
public final class TopicPolicy {
    private static final TopicPolicy DEFAULTS = new TopicPolicy(null, null, null, null, null, null, null, null);

    private final String codec;
    private final String compression;
    private final Integer compressionLevel;
    private final Integer compressionThreshold;
    private final Integer dictionaryId;
    private final Integer maxMessageBytes;
    private final Boolean padding;
    private final List<String> allowedCiphers;

    private TopicPolicy(String codec, String compression, Integer compressionLevel, Integer compressionThreshold,
                        Integer dictionaryId, Integer maxMessageBytes, Boolean padding, List<String> allowedCiphers) {
        this.codec = codec;
        this.compression = compression;
        this.compressionLevel = compressionLevel;
        this.compressionThreshold = compressionThreshold;
        this.dictionaryId = dictionaryId;
        this.maxMessageBytes = maxMessageBytes;
        this.padding = padding;
        this.allowedCiphers = allowedCiphers;
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
        return new TopicPolicy(requireName(codec, "codec"), compression, compressionLevel, compressionThreshold, dictionaryId, maxMessageBytes, padding, allowedCiphers);
    }

    /**
     * This policy with another compression engine.
     *
     * @param compression an engine name, or {@code none}
     * @return the new policy
     */
    public TopicPolicy withCompression(String compression) {
        return new TopicPolicy(codec, requireName(compression, "compression"), compressionLevel, compressionThreshold, dictionaryId, maxMessageBytes, padding, allowedCiphers);
    }

    /**
     * This policy with a compression level; the engine decides what levels mean and which are valid.
     *
     * @param level the level, such as 3 for zstd
     * @return the new policy
     */
    public TopicPolicy withCompressionLevel(int level) {
        return new TopicPolicy(codec, compression, level, compressionThreshold, dictionaryId, maxMessageBytes, padding, allowedCiphers);
    }

    /**
     * This policy with a compression threshold: smaller encoded payloads are sent uncompressed.
     *
     * @param bytes 0 or more
     * @return the new policy
     */
    public TopicPolicy withCompressionThreshold(int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("Invalid compression threshold " + bytes + "; it must be 0 or more bytes");
        }
        return new TopicPolicy(codec, compression, compressionLevel, bytes, dictionaryId, maxMessageBytes, padding, allowedCiphers);
    }

    /**
     * This policy compressing with a dictionary registered on the builder.
     *
     * @param id the dictionary id ({@link CompressionDictionary#id()})
     * @return the new policy
     */
    public TopicPolicy withDictionary(int id) {
        if (id == 0) {
            throw new IllegalArgumentException("Dictionary id 0 is reserved for 'no dictionary'");
        }
        return new TopicPolicy(codec, compression, compressionLevel, compressionThreshold, id, maxMessageBytes, padding, allowedCiphers);
    }

    /**
     * This policy with its own message size limit, which also bounds decompression on the subscriber side.
     *
     * @param bytes 1 or more
     * @return the new policy
     */
    public TopicPolicy withMaxMessageBytes(int bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("Invalid max message size " + bytes + "; it must be at least 1 byte");
        }
        return new TopicPolicy(codec, compression, compressionLevel, compressionThreshold, dictionaryId, bytes, padding, allowedCiphers);
    }

    /**
     * This policy with padding on or off. Padding extends a sealed payload to a length bucket so that its size says
     * less about its content; by default ({@code whispeer.padding=on}) every sealed payload is padded.
     *
     * @param on whether to pad
     * @return the new policy
     */
    public TopicPolicy withPadding(boolean on) {
        return new TopicPolicy(codec, compression, compressionLevel, compressionThreshold, dictionaryId, maxMessageBytes, on, allowedCiphers);
    }

    /**
     * This policy accepting envelopes sealed with other ciphers besides the configured one. By default a subscriber
     * opens only envelopes sealed with the cipher the broker was built with ({@code whispeer.encryption} or
     * {@code Whispeer.builder().encryption(name, keyRing)}), so that one key is never used by several algorithms
     * and a forged cipher id is refused as a tampered message. Allow another cipher for the time a topic moves from
     * one cipher to another, for example.
     *
     * @param names cipher names such as {@code aes-256-gcm}; at least one, none blank
     * @return the new policy
     */
    public TopicPolicy withAllowedCiphers(String... names) {
        Objects.requireNonNull(names, "names");
        if (names.length == 0) {
            throw new IllegalArgumentException("Invalid allowed ciphers: name at least one cipher (the configured one is always allowed)");
        }
        List<String> list = new ArrayList<>(names.length);
        for (String name : names) {
            list.add(requireName(name, "cipher"));
        }
        return new TopicPolicy(codec, compression, compressionLevel, compressionThreshold, dictionaryId, maxMessageBytes, padding,
                List.copyOf(list));
    }

    /** {@return the ciphers accepted besides the configured one, when set} */
    public Optional<List<String>> allowedCiphers() {
        return Optional.ofNullable(allowedCiphers);
    }

    /** {@return whether to pad, when set} */
    public Optional<Boolean> padding() {
        return Optional.ofNullable(padding);
    }

    /** {@return the codec name, when set} */
    public Optional<String> codecName() {
        return Optional.ofNullable(codec);
    }

    /** {@return the compression engine name, when set} */
    public Optional<String> compressionName() {
        return Optional.ofNullable(compression);
    }

    /** {@return the compression level, when set} */
    public OptionalInt compressionLevel() {
        return compressionLevel == null ? OptionalInt.empty() : OptionalInt.of(compressionLevel);
    }

    /** {@return the compression threshold in bytes, when set} */
    public OptionalInt compressionThreshold() {
        return compressionThreshold == null ? OptionalInt.empty() : OptionalInt.of(compressionThreshold);
    }

    /** {@return the dictionary id, when set} */
    public OptionalInt dictionaryId() {
        return dictionaryId == null ? OptionalInt.empty() : OptionalInt.of(dictionaryId);
    }

    /** {@return the message size limit, when set} */
    public OptionalInt maxMessageBytes() {
        return maxMessageBytes == null ? OptionalInt.empty() : OptionalInt.of(maxMessageBytes);
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
        return o instanceof TopicPolicy other && Objects.equals(codec, other.codec) && Objects.equals(compression, other.compression)
                && Objects.equals(compressionLevel, other.compressionLevel) && Objects.equals(compressionThreshold, other.compressionThreshold)
                && Objects.equals(dictionaryId, other.dictionaryId) && Objects.equals(maxMessageBytes, other.maxMessageBytes)
                && Objects.equals(padding, other.padding) && Objects.equals(allowedCiphers, other.allowedCiphers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(codec, compression, compressionLevel, compressionThreshold, dictionaryId, maxMessageBytes, padding, allowedCiphers);
    }

    @Override
    public String toString() {
        return "TopicPolicy[codec=" + codec + ", compression=" + compression + ", level=" + compressionLevel + ", threshold="
                + compressionThreshold + ", dictionary=" + dictionaryId + ", maxMessageBytes=" + maxMessageBytes + ", padding=" + padding
                + ", allowedCiphers=" + allowedCiphers + "]";
    }
}
