package io.whispeer.api.spi;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * Carries opaque frames between a broker and its remote clients. The protocol (what a frame means) lives above
 * it; a transport only delimits frames, enforces the frame size limit, applies backpressure, and reports
 * connections and who is at their other end.
 *
 * <p>Contract, checked by {@code TransportCompatibilityKit}: frames arrive whole, in the order they were written on
 * a connection, including frames written as several buffers; a frame over
 * {@link TransportSettings#MAX_FRAME_BYTES whispeer.transport.max-frame-bytes} closes that connection with a
 * {@link io.whispeer.api.TransportException} naming the size and the limit, and no other connection is affected;
 * {@link Connection#pauseReading()} stops delivery and reading; a connection turns unwritable above the high water
 * mark and writable again below the low one; closing either side ends the other with {@link FrameHandler#onClose}.
 * A transport reads its settings with {@link TransportSettings#from(Settings)}.
 *
 * <p>Threads: a transport runs the I/O of each connection on one thread at a time (its I/O thread), which calls
 * the connection's {@link FrameHandler} and, for accepted connections, the {@link ConnectionAcceptor}; see
 * {@link FrameHandler} for the rules handlers follow. The methods of this interface may be called from any thread.
 */
public interface Transport extends AutoCloseable {
    /**
     * Starts listening.
     *
     * @param address  where to listen; port 0 picks a free port
     * @param acceptor called once per new connection, returns the handler for its events
     * @return completes with the listener once it is bound, fails with a {@link io.whispeer.api.TransportException}
     *         when it cannot bind
     */
    CompletableFuture<Listener> bind(URI address, ConnectionAcceptor acceptor);

    /**
     * Connects to a listener. The transport may call the handler on the connection's I/O thread as soon as the
     * connection is established, even before the returned future completes, so a handler uses the
     * {@link Connection} passed to its methods rather than waiting for the future.
     *
     * @param address the listener's address
     * @param handler receives the events of the connection
     * @return completes with the connection once it is established (after its TLS or WebSocket handshake), fails with
     *         a {@link io.whispeer.api.TransportException} when it cannot be
     */
    CompletableFuture<Connection> connect(URI address, FrameHandler handler);

    /** Closes every listener and connection of this transport and frees its threads. Idempotent. */
    @Override
    void close();

    /** A bound listener. */
    interface Listener extends AutoCloseable {
        /** {@return the bound address, with the actual port} */
        URI address();

        /** Stops accepting and returns once the listening socket is closed; open connections stay open. Idempotent. */
        @Override
        void close();
    }

    /** Accepts a new connection. */
    @FunctionalInterface
    interface ConnectionAcceptor {
        /**
         * Called once per connection on its I/O thread, after its TLS or WebSocket handshake (so
         * {@link Connection#info()} is complete) and before any event of its handler. It must not block. Throwing
         * closes the connection, without a call to any handler.
         *
         * @param connection the new connection
         * @return the handler for its events
         */
        FrameHandler accept(Connection connection);
    }
}
