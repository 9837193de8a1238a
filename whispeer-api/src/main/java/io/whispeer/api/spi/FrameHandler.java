package io.whispeer.api.spi;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Receives the events of one {@link Connection}: its frames, changes of its writability, and its close.
 *
 * <h2>Threading</h2>
 * The transport calls the methods of a connection's handler from that connection's I/O thread (one thread per
 * connection, such as a Netty event loop; many connections may share one), serially, never two calls at once, each
 * call happening-before the next, in the order the events happened: frames in the order the peer wrote them, then
 * {@link #onClose} last. A handler must never block that thread, because it also reads and writes for other
 * connections: no locks held by slow code, no waiting for a queue to take an element. When a downstream queue is
 * full, the handler calls {@link Connection#pauseReading()} instead, and {@link Connection#resumeReading()} once the
 * queue has room again.
 *
 * <p>A handler that throws closes its connection: {@link #onClose} follows with the exception as its cause.
 */
public interface FrameHandler {
    /**
     * A whole frame arrived.
     *
     * <p>The frame is the bytes between the buffer's position and limit. It is lent, not given: it is valid only
     * until this method returns, after which the transport may reuse or free its memory, so a handler that keeps
     * the bytes must copy them. The handler may move the buffer's position and limit but must not write to it (it
     * may be read-only).
     *
     * @param connection the connection the frame came through
     * @param frame      the frame
     */
    void onFrame(Connection connection, ByteBuffer frame);

    /**
     * The peer announced a frame over {@code whispeer.transport.max-frame-bytes}. The transport discards that frame
     * and everything after it, and closes the connection right after this call (then {@link #onClose} reports the
     * cause); a frame the handler writes during this call is flushed first, so that it can tell the peer why. Called
     * on the I/O thread, at most once. Transports whose wire format has its own signal for this (WebSocket's close
     * status 1009) may send that instead and not call this method.
     *
     * @param connection    the connection
     * @param frameBytes    the size the peer announced
     * @param maxFrameBytes the limit
     */
    default void onFrameTooLarge(Connection connection, long frameBytes, int maxFrameBytes) {
    }

    /**
     * The connection's {@link Connection#isWritable()} changed: it became unwritable when its
     * {@link Connection#pendingWriteBytes()} rose above {@code whispeer.transport.write-buffer-high-water-mark}, and
     * writable again when they fell below {@code whispeer.transport.write-buffer-low-water-mark}. Calls alternate,
     * starting with {@code false}. A producer that writes to this connection should stop while it is unwritable (or
     * pause the connection it reads from) and continue when it becomes writable.
     *
     * @param connection the connection
     * @param writable   the new writability
     */
    default void onWritabilityChanged(Connection connection, boolean writable) {
    }

    /**
     * The connection closed. Called once, after every other call for this connection.
     *
     * @param connection the connection
     * @param cause      why, when it was not an orderly close: a {@link io.whispeer.api.TransportException} for a
     *                   frame over the limit or a failed read or write, or what a handler threw
     */
    default void onClose(Connection connection, Optional<Throwable> cause) {
    }
}
