package io.whispeer.api.spi;

import java.util.Optional;

/** Receives the frames of one connection, one at a time, in order. */
public interface FrameHandler {
    /**
     * A whole frame arrived.
     *
     * @param connection the connection
     * @param frame      the frame; the handler owns it
     */
    void onFrame(Connection connection, byte[] frame);

    /**
     * The connection closed. Called once.
     *
     * @param connection the connection
     * @param cause      why, when it was not an orderly close
     */
    default void onClose(Connection connection, Optional<Throwable> cause) {
    }
}
