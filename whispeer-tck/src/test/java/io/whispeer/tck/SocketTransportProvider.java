package io.whispeer.tck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import io.whispeer.api.TransportException;
import io.whispeer.api.spi.Connection;
import io.whispeer.api.spi.ConnectionInfo;
import io.whispeer.api.spi.FrameHandler;
import io.whispeer.api.spi.Settings;
import io.whispeer.api.spi.Transport;
import io.whispeer.api.spi.TransportProvider;
import io.whispeer.api.spi.TransportSettings;

/**
 * The TCK's reference transport: non-blocking NIO sockets, frames prefixed by their length as a 4-byte big-endian
 * integer. Each connection has its own selector and I/O thread, which reads (unless paused), parses frames, calls
 * the handler, and writes what was flushed with gathering writes. Writers on other threads queue frames under a
 * lock and wake the I/O thread on flush. A listener accepts on a virtual thread.
 *
 * <p>{@link Flaw} makes it break one rule on purpose, so that {@code KitsCanFailTest} can show that the kit notices.
 */
final class SocketTransportProvider implements TransportProvider {
    static final String SCHEME = "socket";
    /** How long an orderly close waits for the peer to take what was written, and to close its side. */
    private static final long CLOSE_TIMEOUT_SECONDS = 10;
    /**
     * The kernel's socket buffers, fixed rather than auto-tuned, so that a paused reader makes its peer unwritable
     * after a few hundred KiB rather than after megabytes grown one delayed acknowledgement at a time.
     */
    private static final int SOCKET_BUFFER_BYTES = 128 << 10;
    /** The most buffers one gathering write hands to the operating system. */
    private static final int GATHER = 256;

    /** A rule the transport breaks on purpose. */
    enum Flaw {
        NONE,
        /** {@code pauseReading()} does nothing. */
        IGNORES_PAUSE,
        /** Writability never changes. */
        ALWAYS_WRITABLE,
        /** A gathering write loses its last part. */
        DROPS_LAST_PART
    }

    private final Flaw flaw;

    /** The transport without flaws, as {@link java.util.ServiceLoader} would create it. */
    SocketTransportProvider() {
        this(Flaw.NONE);
    }

    SocketTransportProvider(Flaw flaw) {
        this.flaw = flaw;
    }

    @Override
    public String name() {
        return "socket";
    }

    @Override
    public Set<String> schemes() {
        return Set.of(SCHEME);
    }

    @Override
    public Set<String> settingKeys() {
        return Set.of("max-frame-bytes");
    }

    @Override
    public Transport create(Settings settings) {
        return new SocketTransport(TransportSettings.from(settings), flaw);
    }

    private static URI uri(String host, int port) {
        try {
            return new URI(SCHEME, null, host, port, null, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception ignored) {
            /* closing; nothing left to do */
        }
    }

    private static final class SocketTransport implements Transport {
        private final TransportSettings settings;
        private final Flaw flaw;
        private final Set<AutoCloseable> open = ConcurrentHashMap.newKeySet();
        private volatile boolean closed;

        SocketTransport(TransportSettings settings, Flaw flaw) {
            this.settings = settings;
            this.flaw = flaw;
        }

        @Override
        public CompletableFuture<Listener> bind(URI address, ConnectionAcceptor acceptor) {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(acceptor, "acceptor");
            if (closed) {
                return CompletableFuture.failedFuture(new TransportException("The transport is closed; create a new one to bind " + address));
            }
            try {
                ServerSocketChannel server = ServerSocketChannel.open();
                server.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER_BYTES);
                server.bind(new InetSocketAddress(address.getHost(), Math.max(address.getPort(), 0)));
                int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
                SocketListener listener = new SocketListener(server, acceptor, uri(address.getHost(), port));
                register(listener);
                listener.thread = Thread.ofVirtual().name("socket-accept-" + port).start(listener::acceptLoop);
                return CompletableFuture.completedFuture(listener);
            } catch (IOException e) {
                return CompletableFuture.failedFuture(new TransportException("Cannot listen on " + address + ": " + e.getMessage(), e));
            }
        }

        @Override
        public CompletableFuture<Connection> connect(URI address, FrameHandler handler) {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(handler, "handler");
            CompletableFuture<Connection> result = new CompletableFuture<>();
            if (closed) {
                result.completeExceptionally(new TransportException("The transport is closed; create a new one to connect to " + address));
                return result;
            }
            Thread.ofVirtual().name("socket-connect").start(() -> {
                SocketChannel channel = null;
                try {
                    channel = SocketChannel.open();
                    channel.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER_BYTES);
                    channel.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER_BYTES);
                    channel.socket().connect(new InetSocketAddress(address.getHost(), address.getPort()), 10_000);
                    SocketConnection connection = new SocketConnection(channel, handler, null);
                    register(connection);
                    connection.start();
                    result.complete(connection);
                } catch (IOException | RuntimeException e) {
                    if (channel != null) {
                        closeQuietly(channel);
                    }
                    result.completeExceptionally(new TransportException("Cannot connect to " + address + ": " + e.getMessage(), e));
                }
            });
            return result;
        }

        @Override
        public void close() {
            closed = true;
            for (AutoCloseable resource : open) {
                closeQuietly(resource);
            }
        }

        private void register(AutoCloseable resource) {
            open.add(resource);
            if (closed) {
                closeQuietly(resource);
            }
        }

        private final class SocketListener implements Listener {
            private final ServerSocketChannel server;
            private final ConnectionAcceptor acceptor;
            private final URI address;
            private volatile Thread thread;

            SocketListener(ServerSocketChannel server, ConnectionAcceptor acceptor, URI address) {
                this.server = server;
                this.acceptor = acceptor;
                this.address = address;
            }

            void acceptLoop() {
                while (server.isOpen()) {
                    try {
                        SocketConnection connection = new SocketConnection(server.accept(), null, acceptor);
                        register(connection);
                        connection.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            }

            @Override
            public URI address() {
                return address;
            }

            /** Returns once the port is closed: a blocked accept() keeps it open until its thread has left. */
            @Override
            public void close() {
                closeQuietly(server);
                open.remove(this);
                Thread accepting = thread;
                if (accepting != null && accepting != Thread.currentThread()) {
                    try {
                        accepting.join(10_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        }

        /** A frame's completion future and the write position it waits for. */
        private record Receipt(long upTo, CompletableFuture<Void> future) {
        }

        private final class SocketConnection implements Connection {
            private final SocketChannel channel;
            private final ConnectionInfo info;
            private final ConnectionAcceptor acceptor;
            private final Selector selector;
            private final Thread ioThread;
            private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
            private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();

            /* Written by any thread, guarded by lock. */
            private final ReentrantLock lock = new ReentrantLock();
            private final List<ByteBuffer> unflushed = new ArrayList<>();
            private final ArrayDeque<ByteBuffer> flushed = new ArrayDeque<>();
            private final ArrayDeque<Receipt> receipts = new ArrayDeque<>();
            private long enqueuedBytes;
            private long writtenBytes;
            private boolean finished;
            private volatile long pendingBytes;
            private volatile boolean writable = true;
            private volatile boolean open = true;
            private volatile boolean paused;
            private volatile boolean forceClose;

            /* The I/O thread's own state. */
            private FrameHandler handler;
            private final ArrayDeque<ByteBuffer> outbound = new ArrayDeque<>();
            private final ByteBuffer[] gather = new ByteBuffer[GATHER];
            private ByteBuffer in = ByteBuffer.allocate(64 << 10);
            private int start;
            private boolean outputShut;
            private SelectionKey key;

            SocketConnection(SocketChannel channel, FrameHandler handler, ConnectionAcceptor acceptor) throws IOException {
                this.channel = channel;
                this.handler = handler;
                this.acceptor = acceptor;
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                channel.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER_BYTES);
                channel.configureBlocking(false);
                this.info = ConnectionInfo.of(SCHEME, channel.getRemoteAddress(), channel.getLocalAddress());
                this.selector = Selector.open();
                this.ioThread = Thread.ofPlatform().daemon().name("socket-io-" + info.remoteAddress()).unstarted(this::run);
            }

            void start() {
                ioThread.start();
            }

            // ---------------------------------------------------------------- the I/O thread

            private void run() {
                Optional<Throwable> cause = Optional.empty();
                boolean notify = true;
                try {
                    key = channel.register(selector, 0);
                    if (acceptor != null) {
                        try {
                            handler = Objects.requireNonNull(acceptor.accept(this), "the acceptor returned no handler");
                        } catch (RuntimeException e) {
                            notify = false;
                            throw e;
                        }
                    }
                    while (true) {
                        runTasks();
                        if (!open && forceClose) {
                            if (!outbound.isEmpty() || hasFlushed()) {
                                cause = Optional.of(new TransportException("Closed the connection to " + info.remoteAddress() + " with "
                                        + pendingBytes + " bytes unsent: the peer did not read them within " + CLOSE_TIMEOUT_SECONDS + " s"));
                            }
                            break;
                        }
                        if (open) {
                            deliverBuffered();
                        }
                        writeOut();
                        if (!open && outbound.isEmpty() && !hasFlushed() && !outputShut) {
                            channel.shutdownOutput();
                            outputShut = true;
                        }
                        boolean wantRead = !open || !paused || flaw == Flaw.IGNORES_PAUSE;
                        key.interestOps((wantRead ? SelectionKey.OP_READ : 0) | (outbound.isEmpty() ? 0 : SelectionKey.OP_WRITE));
                        boolean[] eof = {false};
                        selector.select(ready -> {
                            try {
                                if (ready.isValid() && ready.isWritable()) {
                                    writeOut();
                                }
                                if (ready.isValid() && ready.isReadable()) {
                                    eof[0] = readOnce();
                                }
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        });
                        if (eof[0]) {
                            break;
                        }
                    }
                } catch (IOException | UncheckedIOException e) {
                    if (open) {
                        IOException io = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
                        cause = Optional.of(new TransportException("Connection to " + info.remoteAddress() + " failed: " + io.getMessage(), io));
                    }
                } catch (RuntimeException | Error e) {
                    cause = Optional.of(e);
                }
                finish(cause, notify);
            }

            private void runTasks() {
                for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
                    task.run();
                }
            }

            private boolean hasFlushed() {
                lock.lock();
                try {
                    return !flushed.isEmpty();
                } finally {
                    lock.unlock();
                }
            }

            /** Reads once; {@return whether the peer closed its side} */
            private boolean readOnce() throws IOException {
                if (!open) {
                    in.clear();
                    start = 0;
                    return channel.read(in) < 0;
                }
                if (paused && flaw != Flaw.IGNORES_PAUSE) {
                    return false;
                }
                if (channel.read(in) < 0) {
                    return true;
                }
                deliverBuffered();
                return false;
            }

            /** Delivers the whole frames in the read buffer until paused, then makes room for the next one. */
            private void deliverBuffered() {
                while (open && (!paused || flaw == Flaw.IGNORES_PAUSE) && in.position() - start >= 4) {
                    int length = in.getInt(start);
                    if (length < 0 || length > settings.maxFrameBytes()) {
                        throw new TransportException("Frame of " + Integer.toUnsignedString(length) + " bytes from " + info.remoteAddress()
                                + " is over " + TransportSettings.MAX_FRAME_BYTES + "=" + settings.maxFrameBytes()
                                + "; the connection is closed. Raise the setting on the receiving side or send smaller frames.");
                    }
                    if (in.position() - start - 4 < length) {
                        break;
                    }
                    ByteBuffer frame = in.slice(start + 4, length).asReadOnlyBuffer();
                    start += 4 + length;
                    handler.onFrame(this, frame);
                }
                int buffered = in.position() - start;
                int length = buffered >= 4 ? in.getInt(start) : 0;
                if (length < 0 || length > settings.maxFrameBytes()) {
                    return;
                }
                int needed = 4 + length;
                if (buffered == 0) {
                    in.clear();
                    start = 0;
                } else if (needed > in.capacity() - start) {
                    int grown = (int) Math.min(Math.max(needed, 2L * in.capacity()), settings.maxFrameBytes() + 4L);
                    ByteBuffer bigger = needed > in.capacity() ? ByteBuffer.allocate(grown) : in;
                    ByteBuffer data = in.duplicate().limit(in.position()).position(start);
                    ByteBuffer copy = ByteBuffer.allocate(buffered).put(data).flip();
                    in = bigger;
                    in.clear();
                    in.put(copy);
                    start = 0;
                }
            }

            /** Writes what was flushed until the socket takes no more. */
            private void writeOut() throws IOException {
                lock.lock();
                try {
                    outbound.addAll(flushed);
                    flushed.clear();
                } finally {
                    lock.unlock();
                }
                while (!outbound.isEmpty()) {
                    int count = 0;
                    for (ByteBuffer buffer : outbound) {
                        if (count == GATHER) {
                            break;
                        }
                        gather[count++] = buffer;
                    }
                    long written = channel.write(gather, 0, count);
                    Arrays.fill(gather, 0, count, null);
                    while (!outbound.isEmpty() && !outbound.peekFirst().hasRemaining()) {
                        outbound.pollFirst();
                    }
                    written(written);
                    if (written == 0) {
                        return;
                    }
                }
            }

            /** Accounts for bytes the operating system took: writability, completions. */
            private void written(long bytes) {
                List<CompletableFuture<Void>> done = new ArrayList<>();
                lock.lock();
                try {
                    writtenBytes += bytes;
                    pendingBytes = enqueuedBytes - writtenBytes;
                    if (!writable && pendingBytes < settings.writeBufferLowWaterMark() && flaw != Flaw.ALWAYS_WRITABLE) {
                        writable = true;
                        tasks.add(() -> handler.onWritabilityChanged(this, true));
                    }
                    while (!receipts.isEmpty() && receipts.peekFirst().upTo() <= writtenBytes) {
                        done.add(receipts.pollFirst().future());
                    }
                } finally {
                    lock.unlock();
                }
                done.forEach(f -> f.complete(null));
            }

            private void finish(Optional<Throwable> cause, boolean notify) {
                List<Receipt> failed;
                lock.lock();
                try {
                    open = false;
                    finished = true;
                    writable = false;
                    failed = new ArrayList<>(receipts);
                    receipts.clear();
                    unflushed.clear();
                    flushed.clear();
                } finally {
                    lock.unlock();
                }
                outbound.clear();
                closeQuietly(channel);
                closeQuietly(selector);
                SocketTransport.this.open.remove(this);
                TransportException unsent = new TransportException("Connection to " + info.remoteAddress()
                        + " closed before the frames were written" + cause.map(c -> ": " + c.getMessage()).orElse(""));
                failed.forEach(r -> r.future().completeExceptionally(unsent));
                try {
                    if (notify && handler != null) {
                        handler.onClose(this, cause);
                    }
                } finally {
                    closeFuture.complete(null);
                }
            }

            /** Wakes the I/O thread unless it is the caller, which goes round its loop anyway. */
            private void wake() {
                if (Thread.currentThread() != ioThread) {
                    selector.wakeup();
                }
            }

            // ---------------------------------------------------------------- any thread

            @Override
            public ConnectionInfo info() {
                return info;
            }

            @Override
            public void write(ByteBuffer frame) {
                Objects.requireNonNull(frame, "frame");
                enqueue(new ByteBuffer[] {frame});
            }

            @Override
            public void write(ByteBuffer... parts) {
                Objects.requireNonNull(parts, "parts");
                for (ByteBuffer part : parts) {
                    Objects.requireNonNull(part, "a part of the frame");
                }
                if (flaw == Flaw.DROPS_LAST_PART && parts.length > 1) {
                    parts = Arrays.copyOf(parts, parts.length - 1);
                }
                enqueue(parts);
            }

            private void enqueue(ByteBuffer[] parts) {
                long size = 0;
                for (ByteBuffer part : parts) {
                    size += part.remaining();
                }
                if (size > TransportSettings.MAX_MAX_FRAME_BYTES) {
                    throw new IllegalArgumentException("Frame of " + size + " bytes to " + info.remoteAddress() + " is over the largest this transport can send, "
                            + TransportSettings.MAX_MAX_FRAME_BYTES + " bytes; send smaller frames.");
                }
                ByteBuffer prefix = ByteBuffer.allocate(4).putInt((int) size).flip();
                lock.lock();
                try {
                    if (!open) {
                        return;
                    }
                    unflushed.add(prefix);
                    for (ByteBuffer part : parts) {
                        if (part.hasRemaining()) {
                            unflushed.add(part.duplicate());
                        }
                    }
                    enqueuedBytes += 4 + size;
                    pendingBytes = enqueuedBytes - writtenBytes;
                    if (writable && pendingBytes > settings.writeBufferHighWaterMark() && flaw != Flaw.ALWAYS_WRITABLE) {
                        writable = false;
                        tasks.add(() -> handler.onWritabilityChanged(this, false));
                        wake();
                    }
                } finally {
                    lock.unlock();
                }
            }

            @Override
            public void flush() {
                lock.lock();
                try {
                    if (unflushed.isEmpty()) {
                        return;
                    }
                    flushed.addAll(unflushed);
                    unflushed.clear();
                } finally {
                    lock.unlock();
                }
                wake();
            }

            @Override
            public CompletableFuture<Void> flushWithCompletion() {
                CompletableFuture<Void> future = new CompletableFuture<>();
                lock.lock();
                try {
                    if (!open) {
                        future.completeExceptionally(new TransportException("Connection to " + info.remoteAddress() + " is closed"));
                        return future;
                    }
                    flushed.addAll(unflushed);
                    unflushed.clear();
                    if (writtenBytes >= enqueuedBytes) {
                        future.complete(null);
                        return future;
                    }
                    receipts.add(new Receipt(enqueuedBytes, future));
                } finally {
                    lock.unlock();
                }
                wake();
                return future;
            }

            @Override
            public boolean isWritable() {
                return writable;
            }

            @Override
            public long pendingWriteBytes() {
                return pendingBytes;
            }

            @Override
            public void pauseReading() {
                paused = true;
                wake();
            }

            @Override
            public void resumeReading() {
                paused = false;
                wake();
            }

            @Override
            public boolean isOpen() {
                return open;
            }

            @Override
            public CompletableFuture<Void> closeFuture() {
                return closeFuture;
            }

            @Override
            public void close() {
                lock.lock();
                try {
                    if (!open || finished) {
                        return;
                    }
                    open = false;
                    flushed.addAll(unflushed);
                    unflushed.clear();
                } finally {
                    lock.unlock();
                }
                CompletableFuture.delayedExecutor(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS).execute(() -> {
                    forceClose = true;
                    selector.wakeup();
                });
                wake();
            }

            @Override
            public String toString() {
                return "SocketConnection[" + info + "]";
            }
        }
    }
}
