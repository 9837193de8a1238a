/**
 * The whispeer wire protocol: the Protobuf frame schema ({@code whispeer/v1/frames.proto}, generated into
 * {@code io.whispeer.protocol.v1}), frame encoding and decoding with limits ({@link io.whispeer.protocol.Frames}),
 * protocol version negotiation and the conversions between frames and {@link io.whispeer.api.Envelope}. It holds no
 * keys and opens no envelope: the sealed bytes travel as the publisher wrote them.
 *
 * <p>{@code io.whispeer.protocol.v1} is exported because the frames are the protocol's data: sessions, servers and
 * transports in other modules build and read them. Its classes are generated from the schema; the schema is the
 * contract, not the Java shape of the generated code.
 *
 * @uses io.whispeer.api.spi.TransportProvider
 */
module io.whispeer.protocol {
    requires transitive io.whispeer.api;
    // The generated frames extend com.google.protobuf.GeneratedMessage, so users of the exported frames need it too.
    requires transitive com.google.protobuf;

    exports io.whispeer.protocol;
    exports io.whispeer.protocol.v1;

    uses io.whispeer.api.spi.TransportProvider;
}
