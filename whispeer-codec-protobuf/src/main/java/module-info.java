/**
 * The Protobuf codec: payloads that are generated Protobuf messages ({@code com.google.protobuf.Message}, or lite
 * messages), encoded with {@code toByteArray()} and decoded with the message type's own parser. whispeer prefers it
 * over JSON for those types; other types are not its business.
 *
 * <p>The codec finds a message type's parser through its public static {@code getDefaultInstance()} method, so an
 * application on the module path exports the packages of its generated classes at least to this module
 * ({@code exports com.example.proto to io.whispeer.codec.protobuf;}). The codec's errors say so when that is what
 * is missing.
 *
 * @provides io.whispeer.api.spi.CodecProvider the codec named {@code protobuf}, wire id
 *           {@value io.whispeer.api.spi.WireIds#CODEC_PROTOBUF}
 */
module io.whispeer.codec.protobuf {
    requires io.whispeer.api;
    requires com.google.protobuf;

    provides io.whispeer.api.spi.CodecProvider with io.whispeer.codec.protobuf.ProtobufCodecProvider;
}
