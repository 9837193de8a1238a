package io.whispeer.api.spi;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * Carries opaque frames between a broker and its remote clients. The protocol (what a frame means) lives above
 * it; a transport only delimits frames, enforces the frame size limit, and reports connections.
 *
 * <p>Contract, checked by {@code TransportCompatibilityKit}: frames arrive whole, in the order they were sent on
 * a connection; a frame over {@code whispeer.transport.max-frame-bytes} closes that connection with a
 * {@link io.whispeer.api.TransportException} naming the size and the limit, and no other connection is affected;
 * closing either side ends the other with {@link FrameHandler#onClose}.
 */
public interface Transport extends AutoCloseable {
    /**
     * Starts listening.
     *
     * @param address  where to listen; port 0 picks a free port
     * @param acceptor called once per new connection, returns the handler for its frames
     * @return completes with the listener once it is bound
     */
    CompletableFuture<Listener> bind(URI address, ConnectionAcceptor acceptor);

    /**
     * Connects to a listener.
     *
     * @param address the listener's address
     * @param handler receives the frames of the connection
     * @return completes with the connection once it is established
     */
    CompletableFuture<Connection> connect(URI address, FrameHandler handler);

    /** Closes every listener and connection of this transport and frees its threads. Idempotent. */
    @Override
    void close();

    /** A bound listener. */
    interface Listener extends AutoCloseable {
        /** {@return the bound address, with the actual port} */
        URI address();

        /** Stops accepting; open connections stay open. Idempotent. */
        @Override
        void close();
    }

    /** Accepts a new connection. */
    @FunctionalInterface
    interface ConnectionAcceptor {
        /**
         * Called once per connection, before its first frame.
         *
         * @param connection the new connection
         * @return the handler for its frames
         */
        FrameHandler accept(Connection connection);
    }
}
