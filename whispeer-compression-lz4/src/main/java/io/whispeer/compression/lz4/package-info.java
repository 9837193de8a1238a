/**
 * The lz4 compression engine, found through {@link java.util.ServiceLoader} as the
 * {@link io.whispeer.api.spi.CompressionEngineProvider} {@link io.whispeer.compression.lz4.Lz4CompressionProvider}.
 * Applications do not use this package directly: {@code whispeer.compression=lz4} selects it, and it is the
 * default when it is the only compression jar present.
 *
 * <h2>Modes</h2>
 * {@code whispeer.compression.lz4.level} 0 (the default) is LZ4's fast mode; 1 to 17 is LZ4 HC at that level.
 * lz4 compresses less than zstd but decompresses faster; choose it for throughput over size.
 *
 * <h2>Format</h2>
 * The compressed bytes are the original length as 4 bytes, little-endian, then one LZ4 block: the layout of
 * lz4-java's {@code LZ4CompressorWithLength} and of python-lz4's {@code lz4.block.compress(store_size=True)}, so
 * other clients can read it. No dictionaries.
 *
 * <h2>Limits on untrusted input</h2>
 * The declared length is checked against the caller's {@code maxSize}, and against the 255-fold most an LZ4 block
 * of that size can expand to, before anything is allocated; only lz4's safe decompressor runs, bounded by the
 * declared length, and a block that decodes to any other length is refused. Every failure is an
 * {@link io.whispeer.api.CompressionException}. Blocks carry no checksum: the envelope's authentication tag covers
 * the payload.
 *
 * <h2>Native code</h2>
 * The engine uses {@code LZ4Factory.fastestInstance()}: the native library where it loads, the pure-Java
 * implementation otherwise (never the {@code sun.misc.Unsafe} one). High-compression mode pools native compressor
 * state; {@link io.whispeer.api.spi.CompressionEngine#close()} frees it.
 */
package io.whispeer.compression.lz4;
