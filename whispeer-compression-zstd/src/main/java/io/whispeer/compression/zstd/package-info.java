/**
 * The zstd compression engine, found through {@link java.util.ServiceLoader} as the
 * {@link io.whispeer.api.spi.CompressionEngineProvider} {@link io.whispeer.compression.zstd.ZstdCompressionProvider}.
 * Applications do not use this package directly: adding {@code whispeer-compression-zstd} makes {@code zstd} the
 * default compression, and {@code whispeer.compression=zstd} selects it explicitly.
 *
 * <h2>Levels</h2>
 * {@code whispeer.compression.zstd.level} is 1 (the default) to 22, or a fast level from -1 to -7. The default was
 * measured on 2000 JSON messages of 905 bytes on average, with contexts reused as the engine does (median of 7
 * rounds of 100,000 calls, zstd-jni 1.5.7-28, JDK 25, x86-64):
 * <pre>
 * level  ratio  compress  decompress
 *    -1  1.648   2.09 us     0.26 us
 *     1  2.114   4.66 us     1.47 us
 *     2  2.105   4.68 us     1.54 us
 *     3  2.116   5.43 us     1.56 us
 * </pre>
 * Level 1 compresses as well as level 3, zstd's own default (0.1 % larger), 14 % faster; the fast levels save
 * half the time but lose a fifth of the ratio. Higher levels only pay for large, repetitive messages.
 *
 * <h2>Dictionaries</h2>
 * {@link io.whispeer.api.spi.CompressionEngine#trainDictionary} trains with zstd's dictionary builder; the dictionary
 * id is the zstd dictionary id stored in the dictionary and in every frame compressed with it, so decompressing with
 * another dictionary, or without one, fails with a message naming the id it needs. Each dictionary is digested once
 * per engine and kept with its own native contexts until the engine closes.
 *
 * <h2>Limits on untrusted input</h2>
 * Decompression streams into a buffer that grows up to one byte over the caller's {@code maxSize} and no further,
 * never trusting the content size a frame declares, and refuses frames whose window exceeds
 * {@code 2^whispeer.compression.zstd.max-window-log} bytes (default 23, 8 MiB). Every failure is an
 * {@link io.whispeer.api.CompressionException}. Frames carry no checksum: the envelope's authentication tag already
 * covers the payload.
 *
 * <h2>Native memory</h2>
 * Native contexts are pooled, never created per message; {@link io.whispeer.api.spi.CompressionEngine#close()}
 * frees them and the dictionaries.
 */
package io.whispeer.compression.zstd;
