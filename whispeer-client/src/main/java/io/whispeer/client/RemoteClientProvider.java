package io.whispeer.client;

import java.net.URI;
import java.util.Objects;

import io.whispeer.api.ClientOptions;
import io.whispeer.api.RemotePubSub;
import io.whispeer.api.spi.ClientProvider;
import io.whispeer.core.RemoteTypedLayer;

/**
 * Connects remote clients: the typed layer of {@code whispeer-core} over a {@link ClientSession} to the server at the
 * endpoint, whose URI scheme picks the transport. Found by {@link io.whispeer.api.Whispeer#connect} through
 * {@link java.util.ServiceLoader}; applications do not call it directly.
 */
public final class RemoteClientProvider implements ClientProvider {
    /** For {@link java.util.ServiceLoader}. */
    public RemoteClientProvider() {
    }

    @Override
    public RemotePubSub connect(URI endpoint, ClientOptions options) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(options, "options");
        ClientSettings settings = ClientSettings.from(options.typed().settings());
        ClientSession[] session = new ClientSession[1];
        RemoteTypedLayer typed = RemoteTypedLayer.create(options.typed(), limits -> {
            session[0] = new ClientSession(endpoint, options, settings, limits);
            return session[0];
        });
        try {
            session[0].start();
        } catch (RuntimeException e) {
            typed.close();
            throw e;
        }
        return new RemoteClient(typed, session[0]);
    }
}
