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

    /** {@return the URI schemes it serves, lowercase} */
    Set<String> schemes();

    /**
     * Creates the transport.
     *
     * @param settings the broker's settings; a transport reads keys under {@code whispeer.transport.} (for example
     *                 {@code whispeer.transport.max-frame-bytes})
     * @return the transport
     */
    Transport create(Settings settings);
}
