package io.whispeer.server;

import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.whispeer.api.spi.Settings;
import io.whispeer.core.router.EnvelopeRouter;
import io.whispeer.core.router.ListenerFactory;
import io.whispeer.server.auth.Authenticator;

/**
 * Serves a broker's router to remote clients; the core finds it with {@link java.util.ServiceLoader} when the broker
 * has listeners ({@code Whispeer.builder().transport(...)}). Clients are let in by the {@link Authenticator} built
 * from {@code whispeer.server.auth.*}; what they may publish and subscribe is decided by the ACL plugin
 * ({@link io.whispeer.server.auth.AclPluginProvider}), which third parties may replace. Not meant to be used directly.
 */
public final class ServerListenerFactory implements ListenerFactory {
    /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
    public ServerListenerFactory() {
    }

    @Override
    public Listeners start(EnvelopeRouter router, Settings settings, List<URI> addresses) {
        Set<String> authKeys = Authenticator.SETTING_KEYS.stream().map(k -> k.substring(ServerSettings.SCOPE.length())).collect(Collectors.toSet());
        ServerSettings server = ServerSettings.from(settings, authKeys);
        return Server.start(router, settings, server, Authenticator.fromSettings(settings), addresses);
    }
}
