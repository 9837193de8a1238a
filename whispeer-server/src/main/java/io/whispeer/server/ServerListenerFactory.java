package io.whispeer.server;

import java.net.URI;
import java.util.List;
import java.util.Set;

import io.whispeer.api.AuthorizationException;
import io.whispeer.api.ConfigurationException;
import io.whispeer.api.spi.Settings;
import io.whispeer.core.router.EnvelopeRouter;
import io.whispeer.core.router.ListenerFactory;

/**
 * Serves a broker's router to remote clients; the core finds it with {@link java.util.ServiceLoader} when the broker
 * has listeners ({@code Whispeer.builder().transport(...)}). Not meant to be used directly.
 */
public final class ServerListenerFactory implements ListenerFactory {
    static final String ANONYMOUS = "auth.anonymous";

    /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
    public ServerListenerFactory() {
    }

    @Override
    public Listeners start(EnvelopeRouter router, Settings settings, List<URI> addresses) {
        ServerSettings server = ServerSettings.from(settings, Set.of(ANONYMOUS));
        boolean anonymous = settings.scoped(ServerSettings.SCOPE).getBoolean(ANONYMOUS, false);
        if (!anonymous) {
            throw new ConfigurationException("The server at " + addresses + " would let no client in: set " + ServerSettings.SCOPE + ANONYMOUS
                    + "=true to allow anonymous clients.");
        }
        return Server.start(router, settings, server, (credentials, remote) -> {
            if (credentials.isPresent()) {
                throw new AuthorizationException("This server takes anonymous clients only; connect without credentials.");
            }
            return java.util.Optional.empty();
        }, addresses);
    }
}
