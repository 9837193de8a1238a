package io.whispeer.core.router;

import java.net.URI;
import java.util.List;
import java.util.ServiceLoader;

import io.whispeer.api.ConfigurationException;
import io.whispeer.api.spi.Settings;

/**
 * Serves remote clients from a broker's router: binds the listeners of {@code Whispeer.builder().transport(...)}
 * and runs a protocol session per connection. {@code whispeer-server} provides the one implementation, found with
 * {@link ServiceLoader}; the core only asks for it when the broker has listeners.
 */
public interface ListenerFactory {
    /**
     * Binds every address and starts accepting connections. Returns once all are bound.
     *
     * @param router    the router the sessions publish to and subscribe at
     * @param settings  the broker's settings ({@code whispeer.server.*}, {@code whispeer.transport.*})
     * @param addresses the listener addresses, in the order given
     * @return the running listeners
     * @throws ConfigurationException when a transport is missing, an address cannot be bound, or a setting is bad;
     *                                nothing stays bound then
     */
    Listeners start(EnvelopeRouter router, Settings settings, List<URI> addresses);

    /** Running listeners and their sessions. */
    interface Listeners extends AutoCloseable {
        /** {@return the bound addresses (ephemeral ports resolved), in the order given to {@link #start}} */
        List<URI> endpoints();

        /**
         * Stops accepting, tells each connected client that the server is shutting down, closes its session (its
         * subscriptions end) and its connection, and releases the transports. Called before the router closes;
         * idempotent.
         */
        @Override
        void close();
    }

    /**
     * Finds the implementation.
     *
     * @param addresses what the broker should listen at, for the error message
     * @return the factory
     * @throws ConfigurationException when {@code whispeer-server} is missing
     */
    static ListenerFactory discover(List<URI> addresses) {
        return ServiceLoader.load(ListenerFactory.class).findFirst().orElseThrow(() -> new ConfigurationException(
                "The broker should listen at " + addresses + ", but no whispeer server is on the module path or class path; add "
                        + "io.whispeer:whispeer-server (versions come from whispeer-bom) and the transport jars."));
    }
}
