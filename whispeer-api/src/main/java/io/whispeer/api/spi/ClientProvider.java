package io.whispeer.api.spi;

import java.net.URI;

import io.whispeer.api.ClientOptions;
import io.whispeer.api.RemotePubSub;

/**
 * Creates remote clients; {@code whispeer-client} provides the one implementation. {@link io.whispeer.api.Whispeer}
 * finds it with {@link java.util.ServiceLoader}.
 */
public interface ClientProvider {
    /**
     * Connects to a server and waits until it accepted the connection.
     *
     * @param endpoint the server address; its scheme picks the transport
     * @param options  the typed layer's configuration, credentials and client settings
     * @return the connected client
     * @throws io.whispeer.api.ConfigurationException when the transport jar is missing or a setting is bad
     * @throws io.whispeer.api.TransportException     when the server cannot be reached within the connect timeout
     * @throws io.whispeer.api.AuthorizationException when the server refused the credentials
     */
    RemotePubSub connect(URI endpoint, ClientOptions options);
}
