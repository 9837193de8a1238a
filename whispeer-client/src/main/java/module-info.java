/**
 * The whispeer remote client: the same typed {@link io.whispeer.api.PubSub} API as the embedded broker, over a
 * protocol session to a whispeer server. Codecs, compression, sealing and opening run here with the client's key
 * ring; the server only routes envelopes. Applications reach it with {@code Whispeer.connect(...)}.
 *
 * @provides io.whispeer.api.spi.ClientProvider
 */
module io.whispeer.client {
    requires io.whispeer.api;
    requires io.whispeer.core;
    requires io.whispeer.protocol;

    provides io.whispeer.api.spi.ClientProvider with io.whispeer.client.RemoteClientProvider;
}
