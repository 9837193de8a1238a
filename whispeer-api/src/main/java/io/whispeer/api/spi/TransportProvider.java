package io.whispeer.api.spi;

import java.util.Set;

/**
 * Provides a {@link Transport} for some URI schemes ({@code tcp}, {@code ws}, ...). Register with
 * {@code provides io.whispeer.api.spi.TransportProvider with ...}. Two present providers claiming one scheme are
 * an error.
 */
public interface TransportProvider {
    /** {@return the transport name, such as {@code tcp}} */
    String name();

    /** {@return the URI schemes it serves, lowercase; {@link ConnectionInfo#scheme()} names the one a connection used} */
    Set<String> schemes();

    /**
     * Creates the transport.
     *
     * @param settings the broker's settings; a transport reads the common ones with
     *                 {@link TransportSettings#from(Settings)} ({@code whispeer.transport.max-frame-bytes}, the write
     *                 buffer water marks) and its own under {@code whispeer.transport.<name>.}
     * @return the transport
     * @throws io.whispeer.api.ConfigurationException when a setting is invalid
     */
    Transport create(Settings settings);
}
