/**
 * The lz4 compression engine, on the maintained lz4-java fork ({@code at.yawk.lz4:lz4-java}): a fast mode and
 * high-compression levels 1 to 17, and bounded decompression of untrusted input through lz4's safe decompressor only.
 *
 * @provides io.whispeer.api.spi.CompressionEngineProvider the engine named {@code lz4}, wire id
 *           {@value io.whispeer.api.spi.WireIds#COMPRESSION_LZ4}, rank 50
 */
module io.whispeer.compression.lz4 {
    requires io.whispeer.api;
    /* An automatic module: lz4-java declares only Automatic-Module-Name org.lz4.java. */
    requires org.lz4.java;

    provides io.whispeer.api.spi.CompressionEngineProvider with io.whispeer.compression.lz4.Lz4CompressionProvider;
}
