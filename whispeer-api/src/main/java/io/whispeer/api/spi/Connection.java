package io.whispeer.api.spi;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

/** One open transport connection that sends and receives frames. Thread-safe. */
public interface Connection extends AutoCloseable {
    /** {@return the remote address} */
    URI remoteAddress();

    /**
     * Sends one frame.
     *
     * @param frame the frame; the transport owns it from now on
     * @return completes when the frame was written, exceptionally when the connection closed first
     */
    CompletableFuture<Void> send(byte[] frame);

    /** {@return whether the connection is open} */
    boolean isOpen();

    /** {@return completes when the connection has closed, for any reason} */
    CompletableFuture<Void> closeFuture();

    /** Closes the connection. Idempotent. */
    @Override
    void close();
}
