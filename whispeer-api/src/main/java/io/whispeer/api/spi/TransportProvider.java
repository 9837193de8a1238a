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
     * {@return the keys {@code create} reads, relative to its scope (see {@link #create}), such as
     * {@code max-frame-bytes}; empty by default} Must be cheap and must not change.
     */
    default Set<String> settingKeys() {
        return Set.of();
    }

    /**
     * Creates the transport.
     *
     * @param settings the transport's own view, with prefixes removed: the keys shared by all transports under
     *                 {@code whispeer.transport.} overridden by its own under {@code whispeer.transport.<name>.}
     *                 (the loader builds it as {@code s.scoped("whispeer.transport.").overriddenBy(
     *                 s.scoped("whispeer.transport." + name() + "."))}); for example {@code max-frame-bytes}, which
     *                 users write as {@code whispeer.transport.max-frame-bytes} or
     *                 {@code whispeer.transport.tcp.max-frame-bytes}; {@link TransportSettings#from(Settings)} reads the
     *                 common ones (frame limit, write buffer water marks) from it
     * @return the transport
     * @throws io.whispeer.api.ConfigurationException when a setting is invalid
     */
    Transport create(Settings settings);
}
