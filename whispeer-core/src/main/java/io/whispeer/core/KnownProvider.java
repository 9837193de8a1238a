package io.whispeer.core;

import java.util.List;
import java.util.Optional;

/**
 * The names and wire ids that belong to whispeer's own modules, with the artifact to add for each. A provider that
 * claims one of these names or ids from another package is refused, so a third-party jar cannot impersonate a
 * built-in engine.
 *
 * @param spi      which SPI: codec, compression or encryption
 * @param name     the provider name
 * @param id       the wire id
 * @param artifact the Maven artifact that provides it, or {@code null} for those built into the core
 * @param pkg      the package its provider lives in
 */
record KnownProvider(String spi, String name, int id, String artifact, String pkg) {
    static final String CODEC = "codec";
    static final String COMPRESSION = "compression";
    static final String ENCRYPTION = "encryption";

    private static final List<KnownProvider> ALL = List.of(
            new KnownProvider(CODEC, "bytes", 0, null, "io.whispeer.core"),
            new KnownProvider(CODEC, "json", 1, "whispeer-codec-json", "io.whispeer.codec.json"),
            new KnownProvider(CODEC, "protobuf", 2, "whispeer-codec-protobuf", "io.whispeer.codec.protobuf"),
            new KnownProvider(COMPRESSION, "none", 0, null, "io.whispeer.core"),
            new KnownProvider(COMPRESSION, "zstd", 1, "whispeer-compression-zstd", "io.whispeer.compression.zstd"),
            new KnownProvider(COMPRESSION, "lz4", 2, "whispeer-compression-lz4", "io.whispeer.compression.lz4"),
            new KnownProvider(ENCRYPTION, "none", 0, null, "io.whispeer.core"),
            new KnownProvider(ENCRYPTION, "xchacha20-poly1305", 1, "whispeer-crypto-chacha", "io.whispeer.crypto.chacha"),
            new KnownProvider(ENCRYPTION, "chacha20-poly1305", 2, "whispeer-crypto-chacha", "io.whispeer.crypto.chacha"),
            new KnownProvider(ENCRYPTION, "aes-256-gcm", 3, "whispeer-crypto-aesgcm", "io.whispeer.crypto.aesgcm"));

    static Optional<KnownProvider> byName(String spi, String name) {
        return ALL.stream().filter(k -> k.spi.equals(spi) && k.name.equals(name)).findFirst();
    }

    static Optional<KnownProvider> byId(String spi, int id) {
        return ALL.stream().filter(k -> k.spi.equals(spi) && k.id == id).findFirst();
    }

    /** {@return the names of the artifacts that provide engines of an SPI, for "add one of" messages} */
    static List<String> artifacts(String spi) {
        return ALL.stream().filter(k -> k.spi.equals(spi) && k.artifact != null).map(KnownProvider::artifact).distinct().toList();
    }

    /** {@return a phrase telling the user what to add for {@code name}} */
    static String whatToAdd(String spi, String name) {
        return byName(spi, name)
                .map(k -> k.artifact == null ? "it is built into whispeer-core" : "add io.whispeer:" + k.artifact
                        + " (versions come from whispeer-bom)")
                .orElse("add the jar that provides it; whispeer's own " + spi + " artifacts are " + String.join(", ", artifacts(spi)));
    }
}
