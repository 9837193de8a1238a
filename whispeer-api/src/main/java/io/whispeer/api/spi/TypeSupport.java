package io.whispeer.api.spi;

/** How well a codec handles a payload type; the broker picks the codec with the strongest support. */
public enum TypeSupport {
    /** The codec cannot encode this type. */
    UNSUPPORTED,
    /** The codec can encode this type as a general fallback (JSON for any record or POJO). */
    GENERIC,
    /** The codec is made for this type (Protobuf for {@code com.google.protobuf.Message}). */
    SPECIFIC
}
