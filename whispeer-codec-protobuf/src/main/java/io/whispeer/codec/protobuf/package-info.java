/**
 * The Protobuf codec, found through {@link java.util.ServiceLoader} as the
 * {@link io.whispeer.api.spi.CodecProvider} {@link io.whispeer.codec.protobuf.ProtobufCodecProvider}. Applications
 * do not use this package directly; whispeer chooses the codec for Protobuf payload types, or by name
 * ({@code protobuf}).
 *
 * <h2>What decoding checks</h2>
 * Decoding is Protobuf's own parsing: malformed, truncated or garbage bytes, invalid UTF-8 in {@code string} fields
 * and missing proto2 {@code required} fields fail with an {@link io.whispeer.api.CodecException} that names the
 * message type. Like any Protobuf reader it accepts bytes of another message type whose fields happen to be
 * compatible, keeping unknown fields; the envelope's codec id and the topic's declared type are what keep types
 * apart. Error messages never contain payload bytes.
 */
package io.whispeer.codec.protobuf;
