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
 */
module io.whispeer.core {
    requires io.whispeer.api;

    uses io.whispeer.api.spi.CodecProvider;
    uses io.whispeer.api.spi.CompressionEngineProvider;
    uses io.whispeer.api.spi.EncryptionEngineProvider;
    uses io.whispeer.api.spi.PluginProvider;
    uses io.whispeer.api.spi.MessageStoreProvider;

    provides io.whispeer.api.spi.BrokerProvider with io.whispeer.core.CoreBrokerProvider;
}
