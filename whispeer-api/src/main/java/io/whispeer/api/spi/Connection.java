package io.whispeer.api.spi;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * One open transport connection that writes and receives frames.
 *
 * <h2>Threading</h2>
 * Every method may be called from any thread, concurrently; none blocks. Frames written by one thread are sent in
 * the order of its calls; frames written concurrently by several threads are sent whole, each after the other, in
 * some order. Events (frames, writability, close) reach the connection's {@link FrameHandler} on its I/O thread as
 * that interface describes.
 *
 * <h2>Writing</h2>
 * {@link #write(ByteBuffer)} queues a frame without a system call; {@link #flush()} sends everything queued, so that
 * many small frames cost one system call. Writes never block and are never refused for lack of room: the caller
 * watches {@link #isWritable()} (or {@link FrameHandler#onWritabilityChanged}) and stops producing while the
 * connection is unwritable. No future is allocated per frame: a failed write closes the connection, which reports
 * the cause through {@link FrameHandler#onClose} and {@link #closeFuture()}; a caller that needs to know when its
 * frames have left uses {@link #flushWithCompletion()}.
 *
 * <h2>Buffers</h2>
 * The transport writes the bytes between each buffer's position and limit as they are at the call. It must not
 * change the buffer: not its bytes, position, limit or mark, so one buffer may be written to many connections, even
 * concurrently (an envelope shared by every subscriber). The caller must not change those bytes until the frame has
 * been written, which it learns from {@link #flushWithCompletion()} or the connection closing; a caller that does not
 * ask treats the bytes as immutable. A transport may write heap and direct buffers; it may copy them but should not.
 */
public interface Connection extends AutoCloseable {
    /** {@return who is at the other end and how the connection came in; the same for the whole connection} */
    ConnectionInfo info();

    /**
     * Queues one frame, without a system call. On a closed connection the frame is dropped: the close is reported
     * through {@link FrameHandler#onClose} and {@link #closeFuture()}.
     *
     * @param frame the frame's bytes, between position and limit
     * @throws IllegalArgumentException when the frame is too big for the transport's wire format
     */
    void write(ByteBuffer frame);

    /**
     * Queues one frame made of several buffers, a gathering write: the peer receives a single frame equal to their
     * concatenation, and the transport does not concatenate them itself (it hands them to the operating system
     * together, or copies each into its own output buffer). Otherwise like {@link #write(ByteBuffer)}.
     *
     * @param parts the frame's parts, in order, each between its position and limit; none means an empty frame
     * @throws IllegalArgumentException when the frame is too big for the transport's wire format
     */
    void write(ByteBuffer... parts);

    /** Starts sending every frame written before this call, without waiting for it to leave. Cheap when none is queued. */
    void flush();

    /**
     * Writes and flushes one frame.
     *
     * @param frame the frame's bytes, between position and limit
     */
    default void writeAndFlush(ByteBuffer frame) {
        write(frame);
        flush();
    }

    /**
     * Flushes like {@link #flush()} and reports when the frames have left. It allocates a future: call it when it
     * matters (before reusing buffers, in tests), not per frame.
     *
     * @return completes once every frame written before this call has been handed to the operating system (or to the
     *         layer below, such as TLS), fails with a {@link io.whispeer.api.TransportException} when the connection
     *         closes first or is already closed
     */
    CompletableFuture<Void> flushWithCompletion();

    /**
     * {@return whether the connection takes more frames without growing its memory} It turns {@code false} once
     * {@link #pendingWriteBytes()} rise above {@code whispeer.transport.write-buffer-high-water-mark} and
     * {@code true} again once they fall below {@code whispeer.transport.write-buffer-low-water-mark}; each change is
     * reported to {@link FrameHandler#onWritabilityChanged}. {@code false} after the connection closed.
     */
    boolean isWritable();

    /**
     * {@return the bytes of frames written and not yet handed to the operating system, flushed or not} A transport
     * may count its framing overhead (length prefixes, headers) too.
     */
    long pendingWriteBytes();

    /**
     * Stops delivering frames to {@link FrameHandler#onFrame} and stops reading from the network, so that frames the
     * peer sends wait in the transport's and the kernel's buffers and the peer eventually sees backpressure. Called
     * from a handler method on the I/O thread, no {@code onFrame} follows until {@link #resumeReading()}, not even for
     * frames the transport has already received; called from another thread, it takes effect at the next frame
     * boundary, so at most a frame whose delivery had begun still arrives. Not counted: one {@code resumeReading()}
     * undoes any number of calls. Idempotent; a closed connection ignores it.
     */
    void pauseReading();

    /**
     * Resumes delivering frames after {@link #pauseReading()}: first those the transport had already received, in
     * order, then reading from the network again. Idempotent; a closed connection ignores it.
     */
    void resumeReading();

    /**
     * Runs a short task that must not block on the connection's I/O thread, after the event being handled now (so a
     * task submitted from a {@link FrameHandler} method runs once the frames read in this burst were delivered): the
     * place for work that ends in writes and a flush, which are cheapest there. A transport with an I/O thread runs
     * the tasks there one at a time, in the order submitted. A task submitted after the connection closed still
     * runs; when the transport itself has stopped, it runs on another thread. Callers must not rely on more: the
     * default, for transports without an I/O thread of their own, runs each task on a new virtual thread.
     *
     * @param task the task; it must not block
     */
    default void execute(Runnable task) {
        java.util.Objects.requireNonNull(task, "task");
        Thread.ofVirtual().name("whispeer-connection-task").start(task);
    }

    /** {@return whether the connection is open: {@code false} once it started closing, for any reason} */
    boolean isOpen();

    /** {@return completes when the connection has closed, for any reason, after {@link FrameHandler#onClose} returned} */
    CompletableFuture<Void> closeFuture();

    /**
     * Closes the connection in order: frames written before the call are flushed and sent first, then the connection
     * closes and both sides see {@link FrameHandler#onClose} without a cause. When the peer does not take those
     * frames within a bounded time that the transport chooses, it closes anyway and they are lost. Returns without
     * waiting; idempotent.
     */
    @Override
    void close();
}
