package io.whispeer.api;

import java.util.Optional;

/** Told when a {@link RemotePubSub}'s connection changes state. */
@FunctionalInterface
public interface ConnectionStateListener {
    /**
     * The state changed. Called on a client thread, in the order the changes happened; must be quick and must not
     * block. An exception it throws is logged and ignored.
     *
     * @param state the new state
     * @param cause why the connection was lost or closed, when it was not an orderly change
     */
    void onStateChange(ConnectionState state, Optional<Throwable> cause);
}
