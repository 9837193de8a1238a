package io.whispeer.transport.ws;

import java.util.Objects;
import java.util.Set;

import io.whispeer.api.spi.Settings;
import io.whispeer.api.spi.Transport;
import io.whispeer.api.spi.TransportProvider;

/**
 * The {@link TransportProvider} of the WebSocket transport: name {@code ws}, schemes {@code ws} and {@code wss}.
 * {@link java.util.ServiceLoader} finds it; applications use it through a {@code ws://} or {@code wss://} address.
 * The settings it reads are listed in the package documentation.
 */
public final class WsTransportProvider implements TransportProvider {
    /** The transport's name, also the prefix of its own settings: {@code whispeer.transport.ws.}. */
    public static final String NAME = "ws";

    /** Creates the provider; cheap, as {@link java.util.ServiceLoader} requires. */
    public WsTransportProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> schemes() {
        return Set.of(WsSettings.WS, WsSettings.WSS);
    }

    @Override
    public Set<String> settingKeys() {
        return WsSettings.KEYS;
    }

    /**
     * Creates a transport with its own event loop threads; {@link Transport#close()} frees them.
     *
     * @param settings the transport's view of the settings (see {@link TransportProvider#create(Settings)})
     * @return the transport
     * @throws io.whispeer.api.ConfigurationException when a setting is invalid or a TLS file cannot be read
     */
    @Override
    public Transport create(Settings settings) {
        Objects.requireNonNull(settings, "settings");
        return new WsTransport(WsSettings.from(settings));
    }
}
