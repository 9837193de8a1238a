/**
 * The embedded whispeer broker: topic registry, subscriptions, the sealing pipeline, and discovery of codecs,
 * engines and plugins. Applications do not require this module; they depend on it at run time and reach it
 * through {@link io.whispeer.api.Whispeer}.
 *
 * @provides io.whispeer.api.spi.BrokerProvider
 * @uses io.whispeer.api.spi.CodecProvider
 * @uses io.whispeer.api.spi.CompressionEngineProvider
 * @uses io.whispeer.api.spi.EncryptionEngineProvider
 * @uses io.whispeer.api.spi.PluginProvider
 * @uses io.whispeer.api.spi.MessageStoreProvider
 * @uses io.whispeer.core.router.ListenerFactory
 */
@SuppressWarnings("module") // the qualified exports name modules built after this one
module io.whispeer.core {
    requires io.whispeer.api;

    // Internal to whispeer: the router for the server's sessions and the client's upstream, the typed layer for the client.
    exports io.whispeer.core.router to io.whispeer.server, io.whispeer.client;
    exports io.whispeer.core to io.whispeer.client;

    uses io.whispeer.api.spi.CodecProvider;
    uses io.whispeer.api.spi.CompressionEngineProvider;
    uses io.whispeer.api.spi.EncryptionEngineProvider;
    uses io.whispeer.api.spi.PluginProvider;
    uses io.whispeer.api.spi.MessageStoreProvider;
    uses io.whispeer.core.router.ListenerFactory;

    provides io.whispeer.api.spi.BrokerProvider with io.whispeer.core.CoreBrokerProvider;
}
