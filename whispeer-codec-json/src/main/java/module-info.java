/**
 * The JSON codec: records and POJOs as JSON through Jackson 2. It is whispeer's default codec for any payload type
 * that no codec supports specifically; {@code byte[]} payloads go to the built-in bytes codec and Protobuf messages
 * to {@code whispeer-codec-protobuf}, so the JSON codec refuses both.
 *
 * <p>Jackson reads payload classes reflectively: an application on the module path opens each payload package to
 * Jackson, {@code opens com.example.payloads to com.fasterxml.jackson.databind;}. The codec's errors say so when
 * that is what is missing.
 *
 * <p>Settings: {@code whispeer.codec.json.fail-on-unknown-properties} ({@code false} by default) makes properties
 * that the target type does not have an error instead of being ignored.
 *
 * @provides io.whispeer.api.spi.CodecProvider the codec named {@code json}, wire id
 *           {@value io.whispeer.api.spi.WireIds#CODEC_JSON}
 */
module io.whispeer.codec.json {
    requires io.whispeer.api;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.datatype.jsr310;
    requires com.fasterxml.jackson.datatype.jdk8;

    provides io.whispeer.api.spi.CodecProvider with io.whispeer.codec.json.JsonCodecProvider;
}
