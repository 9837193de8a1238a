/**
 * The zstd compression engine, on zstd-jni: levels 1 to 22 and the fast levels down to -7, trained dictionaries
 * for small messages, pooled native contexts, and bounded decompression of untrusted input.
 *
 * @provides io.whispeer.api.spi.CompressionEngineProvider the engine named {@code zstd}, wire id
 *           {@value io.whispeer.api.spi.WireIds#COMPRESSION_ZSTD}, rank 100 (the default when present)
 */
module io.whispeer.compression.zstd {
    requires io.whispeer.api;
    requires com.github.luben.zstd_jni;

    provides io.whispeer.api.spi.CompressionEngineProvider with io.whispeer.compression.zstd.ZstdCompressionProvider;
}
