/**
 * The whispeer server: a broker's envelope router served to remote clients over the discovered transports. One
 * protocol session per connection publishes to the router and feeds DELIVER frames from the session's subscription
 * queues, with flow control in both directions. It authenticates clients and enforces ACLs, and never loads an
 * encryption engine or a key: envelopes pass through as their publishers sealed them.
 *
 * <p>Applications do not require this module: a broker built with {@code Whispeer.builder().transport(...)} finds it
 * with {@link java.util.ServiceLoader}.
 *
 * @provides io.whispeer.core.router.ListenerFactory
 * @provides io.whispeer.api.spi.PluginProvider
 */
module io.whispeer.server {
    requires transitive io.whispeer.api;
    requires io.whispeer.core;
    requires io.whispeer.protocol;
    requires org.bouncycastle.provider;

exports io.whispeer.server.auth;

    provides io.whispeer.core.router.ListenerFactory with io.whispeer.server.ServerListenerFactory;
    provides io.whispeer.api.spi.PluginProvider with io.whispeer.server.auth.AclPluginProvider;
}
