/**
 * The JSON codec, found through {@link java.util.ServiceLoader} as the {@link io.whispeer.api.spi.CodecProvider}
 * {@link io.whispeer.codec.json.JsonCodecProvider}. Applications do not use this package directly; they select the
 * codec by name ({@code json}) or let whispeer choose it for record and POJO payloads.
 *
 * <h2>Mapping</h2>
 * Records, POJOs, collections, maps and enums map as Jackson maps them by default; generic payload types are read
 * with their full type ({@code new TypeRef<List<Reading>>() {}}); {@link java.util.Optional} fields are supported;
 * {@code java.time} values are ISO-8601 strings ({@code "2025-01-02T03:04:05Z"}, {@code "PT1H30M"}), never
 * numeric timestamps, and keep their offset and zone. Unknown properties are ignored unless
 * {@code whispeer.codec.json.fail-on-unknown-properties=true}. JSON {@code null} and trailing content after the
 * value are errors.
 *
 * <h2>Errors</h2>
 * Every failure is an {@link io.whispeer.api.CodecException} that names the type and the problem, with the line and
 * column where Jackson found it. It never quotes the payload, not even the token that failed to parse, so payload
 * text cannot reach logs; Jackson's own exception, whose message may quote the input, is not attached as the cause.
 */
package io.whispeer.codec.json;
