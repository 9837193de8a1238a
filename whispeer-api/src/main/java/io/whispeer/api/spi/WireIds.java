package io.whispeer.api.spi;

/** The wire ids of whispeer's own codecs and engines, and the ranges for third parties. */
public final class WireIds {
    /** The highest id reserved for whispeer's own providers. */
    public static final int BUILT_IN_MAX = 63;
    /** The lowest id a third-party provider may use. */
    public static final int THIRD_PARTY_MIN = 64;
    /** The highest id: ids fit one byte. */
    public static final int MAX = 255;

    /** Codec {@code bytes}: {@code byte[]} payloads as they are (built into the core). */
    public static final int CODEC_BYTES = 0;
    /** Codec {@code json} ({@code whispeer-codec-json}). */
    public static final int CODEC_JSON = 1;
    /** Codec {@code protobuf} ({@code whispeer-codec-protobuf}). */
    public static final int CODEC_PROTOBUF = 2;

    /** Compression {@code none} (built into the core). */
    public static final int COMPRESSION_NONE = 0;
    /** Compression {@code zstd} ({@code whispeer-compression-zstd}). */
    public static final int COMPRESSION_ZSTD = 1;
    /** Compression {@code lz4} ({@code whispeer-compression-lz4}). */
    public static final int COMPRESSION_LZ4 = 2;

    /** Cipher {@code none} (built into the core): the payload is not encrypted. */
    public static final int CIPHER_NONE = 0;
    /** Cipher {@code xchacha20-poly1305} ({@code whispeer-crypto-chacha}). */
    public static final int CIPHER_XCHACHA20_POLY1305 = 1;
    /** Cipher {@code chacha20-poly1305} ({@code whispeer-crypto-chacha}). */
    public static final int CIPHER_CHACHA20_POLY1305 = 2;
    /** Cipher {@code aes-256-gcm} ({@code whispeer-crypto-aesgcm}). */
    public static final int CIPHER_AES_256_GCM = 3;

    private WireIds() {
    }
}
