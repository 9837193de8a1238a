/**
 * The service provider interfaces: {@link io.whispeer.api.spi.CodecProvider},
 * {@link io.whispeer.api.spi.CompressionEngineProvider}, {@link io.whispeer.api.spi.EncryptionEngineProvider},
 * {@link io.whispeer.api.spi.TransportProvider}, {@link io.whispeer.api.spi.PluginProvider},
 * {@link io.whispeer.api.spi.MessageStoreProvider} (persistence, replay and retention of sealed envelopes) and the
 * {@link io.whispeer.api.spi.BrokerProvider} that {@code whispeer-core} implements.
 *
 * <h2>Shape of every SPI</h2>
 * A <em>provider</em> is cheap: a {@code public final} class with a public no-arg constructor, a stable
 * {@code name()} and, for anything that appears on the wire, a stable {@code id()}. It is registered with
 * {@code provides} in its {@code module-info.java} and, for the class path, in a {@code META-INF/services} file
 * that a test keeps equal to the {@code provides} lines. The broker instantiates providers to read their names,
 * then calls {@code create(Settings)} only on the one it chose; that engine may hold native contexts, ciphers or
 * threads and is closed with the broker.
 *
 * <h2>Names and ids</h2>
 * Names are lowercase and unique per SPI; ids are unique per SPI and fit one byte. Ids 0..{@value
 * io.whispeer.api.spi.WireIds#BUILT_IN_MAX} belong to whispeer's own modules; third-party providers must use
 * {@value io.whispeer.api.spi.WireIds#THIRD_PARTY_MIN}..255. A provider that claims a built-in name or id, or two
 * providers with the same name or id, make {@code build()} fail.
 *
 * <h2>Transports</h2>
 * A {@link io.whispeer.api.spi.Transport} carries opaque frames for the protocol above it, as
 * {@link java.nio.ByteBuffer}s. Writing is split from flushing, so that many small frames cost one system call, and
 * a frame may be written as several buffers (a per-subscriber header and an envelope shared by every subscriber)
 * without concatenating them; the transport never changes a buffer it is given, and a received frame is lent to
 * {@link io.whispeer.api.spi.FrameHandler#onFrame} for the call only. Each connection has one I/O thread that calls
 * its handler serially and must never be blocked: a handler whose downstream is full pauses reading, and a writer
 * watches the connection's writability (high and low water marks on its pending write bytes). A connection reports
 * who is at its other end through {@link io.whispeer.api.spi.ConnectionInfo}, and every transport reads the same
 * {@link io.whispeer.api.spi.TransportSettings}.
 *
 * <h2>Compatibility kits</h2>
 * {@code whispeer-tck} has one abstract JUnit 5 class per SPI; an implementation's test extends it in a few lines.
 */
package io.whispeer.api.spi;
