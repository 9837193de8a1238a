package io.whispeer.api;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

import io.whispeer.api.spi.BrokerProvider;
import io.whispeer.api.spi.ClientProvider;

/**
 * The entry point.
 *
 * <pre>{@code
 * try (Broker broker = Whispeer.builder()
 *         .topic("sensor/+/temperature", Temperature.class)
 *         .build()) {
 *     broker.subscribe("sensor/+/temperature", Temperature.class, msg -> System.out.println(msg.payload()));
 *     broker.publish("sensor/kitchen/temperature", new Temperature(21.5)).join();
 * }
 * }</pre>
 *
 * The broker implementation ({@code whispeer-core}) is found with {@link ServiceLoader}; codecs, engines and
 * plugins are discovered the same way, so behaviour changes with dependencies, not code.
 */
public final class Whispeer {
    /** Setting that picks a broker implementation when several are present. */
    public static final String BROKER_SETTING = "whispeer.broker";

    private Whispeer() {
    }

    /** {@return a builder with nothing chosen: everything not set explicitly is discovered} */
    public static BrokerBuilder builder() {
        return new BrokerBuilder();
    }

    /** {@return the same as {@link #builder()}, for code that only calls {@code build()} on it} */
    public static BrokerBuilder defaults() {
        return new BrokerBuilder();
    }

    /**
     * Connects to a whispeer server anonymously, with every codec and engine discovered and no key ring.
     *
     * @param endpoint the server address, such as {@code tcp://localhost:7420} or {@code ws://localhost:7421/whispeer}
     * @return the connected client
     * @see #connect(String, ClientOptions)
     */
    public static RemotePubSub connect(String endpoint) {
        return connect(endpoint, ClientOptions.defaults());
    }

    /**
     * Connects to a whispeer server and waits until it accepted the connection. The client has the same typed API as
     * an embedded broker; it seals and opens with its own key ring, and the server only routes envelopes. The
     * scheme picks the transport through {@link ServiceLoader} ({@code tcp}, {@code tls}: {@code whispeer-transport-tcp};
     * {@code ws}, {@code wss}: {@code whispeer-transport-ws}), so switching transports is a string change.
     *
     * @param endpoint the server address, such as {@code tcp://localhost:7420}
     * @param options  key ring, topics, credentials, TLS trust and client settings
     * @return the connected client; close it when done
     * @throws ConfigurationException when {@code whispeer-client} or the transport jar is missing, or a setting is bad
     * @throws TransportException     when the server cannot be reached within {@code whispeer.client.connect-timeout}
     * @throws AuthorizationException when the server refused the credentials
     */
    public static RemotePubSub connect(String endpoint, ClientOptions options) {
        URI uri = URI.create(Objects.requireNonNull(endpoint, "endpoint"));
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalArgumentException("Server address '" + endpoint + "' needs a scheme and a host, such as tcp://localhost:7420");
        }
        Objects.requireNonNull(options, "options");
        List<ClientProvider> found = ServiceLoader.load(ClientProvider.class).stream().map(ServiceLoader.Provider::get).toList();
        if (found.isEmpty()) {
            throw new ConfigurationException("No whispeer client implementation is on the module path or class path; add "
                    + "io.whispeer:whispeer-client (versions come from whispeer-bom) to connect to " + endpoint + ".");
        }
        return found.get(0).connect(uri, options);
    }

    static BrokerProvider brokerProvider() {
        List<BrokerProvider> found = ServiceLoader.load(BrokerProvider.class).stream().map(ServiceLoader.Provider::get).toList();
        String chosen = System.getProperty(BROKER_SETTING);
        if (chosen != null) {
            return found.stream().filter(p -> p.name().equals(chosen)).findFirst().orElseThrow(() -> new ConfigurationException(
                    BROKER_SETTING + "=" + chosen + ", but no broker implementation of that name is on the module path or class path. Found: "
                            + names(found) + "."));
        }
        if (found.isEmpty()) {
            throw new ConfigurationException("No whispeer broker implementation is on the module path or class path; add "
                    + "io.whispeer:whispeer-core (versions come from whispeer-bom).");
        }
        if (found.size() > 1) {
            throw new ConfigurationException("Several whispeer broker implementations are present: " + names(found)
                    + ". Keep one, or choose with -D" + BROKER_SETTING + "=<name>.");
        }
        return found.get(0);
    }

    private static String names(List<BrokerProvider> providers) {
        return providers.isEmpty() ? "none"
                : providers.stream().map(p -> p.name() + " (" + p.getClass().getName() + ")").collect(Collectors.joining(", "));
    }
}
