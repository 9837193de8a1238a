package io.whispeer.api.spi;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Optional;

/**
 * Who is publishing or subscribing, as plugins see it: the in-process application of an embedded broker, or one
 * remote connection. An interface, so that it can grow; whispeer creates the instances. It carries no credentials.
 */
public interface ClientInfo {
    /** The {@link #transport()} of an embedded broker's own application. */
    String IN_PROCESS = "in-process";

    /** {@return an id unique among the broker's clients for the broker's lifetime} */
    String id();

    /** {@return the authenticated principal, when the client authenticated} */
    Optional<String> principal();

    /** {@return how the client reached the broker: {@value #IN_PROCESS}, or a transport scheme such as {@code tcp}} */
    String transport();

    /** {@return the client's address, for a remote client} */
    Optional<InetSocketAddress> remoteAddress();

    /** {@return when the client connected (for the in-process client: when the broker started)} */
    Instant connectedAt();
}
