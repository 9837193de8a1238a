package io.whispeer.protocol;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

import io.whispeer.api.ConfigurationException;
import io.whispeer.api.spi.Settings;
import io.whispeer.api.spi.Transport;
import io.whispeer.api.spi.TransportProvider;

/**
 * Finds the transport for an address by its URI scheme, through {@link ServiceLoader}; the server and the client
 * both use it, so a missing jar gets the same error on both sides.
 */
public final class Transports {
    /** The artifact that provides each built-in scheme, for the error when it is missing. */
    private static final Map<String, String> ARTIFACTS = Map.of(
            "tcp", "whispeer-transport-tcp", "tls", "whispeer-transport-tcp",
            "ws", "whispeer-transport-ws", "wss", "whispeer-transport-ws");

    private Transports() {
    }

    /** {@return the transport providers on the module path and class path} */
    public static List<TransportProvider> discover() {
        return ServiceLoader.load(TransportProvider.class).stream().map(ServiceLoader.Provider::get).toList();
    }

    /**
     * Finds the provider of an address's scheme among the discovered ones.
     *
     * @param address   the address
     * @param providers the providers to choose from
     * @return the provider
     * @throws ConfigurationException when none, or more than one, speaks the scheme
     */
    public static TransportProvider forAddress(URI address, List<TransportProvider> providers) {
        String scheme = address.getScheme() == null ? "" : address.getScheme().toLowerCase(Locale.ROOT);
        List<TransportProvider> matching = providers.stream().filter(p -> p.schemes().contains(scheme)).toList();
        if (matching.size() == 1) {
            return matching.get(0);
        }
        if (matching.isEmpty()) {
            String artifact = ARTIFACTS.get(scheme);
            String known = providers.stream().flatMap(p -> p.schemes().stream()).sorted().collect(Collectors.joining(", "));
            throw new ConfigurationException("No transport for '" + address + "': " + (artifact != null
                    ? "add io.whispeer:" + artifact + " (versions come from whispeer-bom)."
                    : "the scheme '" + scheme + "' is not one whispeer knows; use tcp, tls, ws or wss.")
                    + " Schemes present: " + (known.isEmpty() ? "none" : known) + ".");
        }
        throw new ConfigurationException("Several transports speak '" + scheme + "': " + matching.stream()
                .map(p -> p.name() + " (" + p.getClass().getName() + ")").collect(Collectors.joining(", ")) + ". Keep one.");
    }

    /**
     * Creates the transport of an address's scheme with its view of the settings: the shared keys under
     * {@code whispeer.transport.} overridden by its own under {@code whispeer.transport.<name>.}.
     *
     * @param address  the address
     * @param settings all settings
     * @return a new transport; close it when done
     */
    public static Transport create(URI address, Settings settings) {
        TransportProvider provider = forAddress(address, discover());
        return provider.create(settings.scoped("whispeer.transport.").overriddenBy(settings.scoped("whispeer.transport." + provider.name() + ".")));
    }
}
