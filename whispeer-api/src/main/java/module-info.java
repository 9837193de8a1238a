/**
 * The whispeer API: what applications compile against, and the four SPIs that every codec, engine,
 * transport and plugin jar implements.
 *
 * <p>This module requires nothing but {@code java.base}. {@link io.whispeer.api.Whispeer} finds the
 * broker implementation ({@code whispeer-core}) through {@link java.util.ServiceLoader}.
 *
 * @uses io.whispeer.api.spi.BrokerProvider
 * @uses io.whispeer.api.spi.ClientProvider
 */
module io.whispeer.api {
    exports io.whispeer.api;
    exports io.whispeer.api.spi;

    uses io.whispeer.api.spi.BrokerProvider;
    uses io.whispeer.api.spi.ClientProvider;
}
