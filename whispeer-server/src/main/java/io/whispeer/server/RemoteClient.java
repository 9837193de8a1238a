package io.whispeer.server;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Optional;

import io.whispeer.api.spi.ClientInfo;

/**
 * A remote client as plugins see it: no credentials, no connection object.
 *
 * @param id            unique among the server's clients: the id the client announced, or one the server made
 * @param principal     the authenticated principal; empty for an anonymous client
 * @param transport     the scheme it connected with
 * @param remoteAddress where it connected from, when the transport knows an IP address
 * @param connectedAt   when its CONNECT was accepted
 */
record RemoteClient(String id, Optional<String> principal, String transport, Optional<InetSocketAddress> remoteAddress,
                    Instant connectedAt) implements ClientInfo {
}
