package io.whispeer.tck;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import io.whispeer.api.TransportException;
import io.whispeer.api.spi.Connection;
import io.whispeer.api.spi.FrameHandler;
import io.whispeer.api.spi.Settings;
import io.whispeer.api.spi.Transport;
import io.whispeer.api.spi.TransportProvider;

/**
 * The TCK's reference transport: blocking {@code java.net} sockets, frames prefixed by their length as a 4-byte
 * big-endian integer, one virtual thread per listener and per connection reading frames. Sends are written on the
 * caller's thread under a lock.
 */
final class SocketTransportProvider implements TransportProvider {
    static final String SCHEME = "socket";

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
        long max = settings.getBytes("max-frame-bytes", 16 << 20, 1, Integer.MAX_VALUE - 8);
        return new SocketTransport((int) max);
    }

    private static URI uri(String host, int port) {
        try {
            return new URI(SCHEME, null, host, port, null, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static final class SocketTransport implements Transport {
        private final int maxFrameBytes;
        private final Set<AutoCloseable> open = ConcurrentHashMap.newKeySet();
        private volatile boolean closed;

        SocketTransport(int maxFrameBytes) {
            this.maxFrameBytes = maxFrameBytes;
        }

        @Override
        public CompletableFuture<Listener> bind(URI address, ConnectionAcceptor acceptor) {
            if (closed) {
                return CompletableFuture.failedFuture(new TransportException("The transport is closed"));
            }
            try {
                ServerSocket server = new ServerSocket();
                server.bind(new InetSocketAddress(address.getHost(), Math.max(address.getPort(), 0)));
                SocketListener listener = new SocketListener(server, acceptor, uri(address.getHost(), server.getLocalPort()));
                register(listener);
                listener.acceptor = Thread.ofVirtual().name("socket-accept-" + server.getLocalPort()).start(listener::acceptLoop);
                return CompletableFuture.completedFuture(listener);
            } catch (IOException e) {
                return CompletableFuture.failedFuture(new TransportException("Cannot listen on " + address + ": " + e.getMessage(), e));
            }
        }

        @Override
        public CompletableFuture<Connection> connect(URI address, FrameHandler handler) {
            CompletableFuture<Connection> result = new CompletableFuture<>();
            if (closed) {
                result.completeExceptionally(new TransportException("The transport is closed"));
                return result;
            }
            Thread.ofVirtual().name("socket-connect").start(() -> {
                Socket socket = new Socket();
                try {
                    socket.connect(new InetSocketAddress(address.getHost(), address.getPort()), 10_000);
                    socket.setTcpNoDelay(true);
                    SocketConnection connection = new SocketConnection(socket, address);
                    register(connection);
                    connection.start(handler);
                    result.complete(connection);
                } catch (IOException | RuntimeException e) {
                    closeQuietly(socket);
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

        private static void closeQuietly(AutoCloseable resource) {
            try {
                resource.close();
            } catch (Exception ignored) {
                /* closing; nothing left to do */
            }
        }

        private final class SocketListener implements Listener {
            private final ServerSocket server;
            private final ConnectionAcceptor connections;
            private final URI address;
            private volatile Thread acceptor;

            SocketListener(ServerSocket server, ConnectionAcceptor acceptor, URI address) {
                this.server = server;
                this.connections = acceptor;
                this.address = address;
            }

            void acceptLoop() {
                while (!server.isClosed()) {
                    Socket socket;
                    try {
                        socket = server.accept();
                        socket.setTcpNoDelay(true);
                    } catch (IOException e) {
                        return;
                    }
                    SocketConnection connection = new SocketConnection(socket, uri(socket.getInetAddress().getHostAddress(), socket.getPort()));
                    register(connection);
                    try {
                        connection.start(connections.accept(connection));
                    } catch (RuntimeException e) {
                        connection.close();
                        connection.start((c, frame) -> { });
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
                Thread thread = acceptor;
                if (thread != null && thread != Thread.currentThread()) {
                    try {
                        thread.join(10_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        }

        private final class SocketConnection implements Connection {
            private final Socket socket;
            private final URI remote;
            private final DataOutputStream out;
            private final ReentrantLock writeLock = new ReentrantLock();
            private final AtomicBoolean closed = new AtomicBoolean();
            private final AtomicBoolean notified = new AtomicBoolean();
            private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();

            SocketConnection(Socket socket, URI remote) {
                this.socket = socket;
                this.remote = remote;
                DataOutputStream stream;
                try {
                    stream = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 64 << 10));
                } catch (IOException e) {
                    closed.set(true);
                    stream = new DataOutputStream(OutputStream.nullOutputStream());
                }
                this.out = stream;
            }

            void start(FrameHandler handler) {
                Thread.ofVirtual().name("socket-read-" + remote).start(() -> readLoop(handler));
            }

            private void readLoop(FrameHandler handler) {
                Optional<Throwable> cause = Optional.empty();
                try (InputStream raw = socket.getInputStream()) {
                    DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 64 << 10));
                    while (true) {
                        int first = in.read();
                        if (first < 0) {
                            break;
                        }
                        int length = first << 24 | in.readUnsignedByte() << 16 | in.readUnsignedByte() << 8 | in.readUnsignedByte();
                        if (length < 0 || length > maxFrameBytes) {
                            cause = Optional.of(new TransportException("Frame of " + Integer.toUnsignedString(length)
                                    + " bytes from " + remote + " is over whispeer.transport.max-frame-bytes=" + maxFrameBytes
                                    + "; the connection is closed. Raise the setting on the receiving side or send smaller frames."));
                            break;
                        }
                        byte[] frame = new byte[length];
                        in.readFully(frame);
                        handler.onFrame(this, frame);
                    }
                } catch (IOException e) {
                    if (!closed.get()) {
                        cause = Optional.of(new TransportException("Connection to " + remote + " failed: " + e.getMessage(), e));
                    }
                } catch (RuntimeException e) {
                    cause = Optional.of(e);
                }
                closed.set(true);
                closeQuietly(socket);
                open.remove(this);
                if (notified.compareAndSet(false, true)) {
                    try {
                        handler.onClose(this, cause);
                    } finally {
                        closeFuture.complete(null);
                    }
                }
            }

            @Override
            public URI remoteAddress() {
                return remote;
            }

            @Override
            public CompletableFuture<Void> send(byte[] frame) {
                if (closed.get()) {
                    return CompletableFuture.failedFuture(new TransportException("Connection to " + remote + " is closed"));
                }
                writeLock.lock();
                try {
                    out.writeInt(frame.length);
                    out.write(frame);
                    out.flush();
                    return CompletableFuture.completedFuture(null);
                } catch (IOException e) {
                    close();
                    return CompletableFuture.failedFuture(new TransportException("Cannot send to " + remote + ": " + e.getMessage(), e));
                } finally {
                    writeLock.unlock();
                }
            }

            @Override
            public boolean isOpen() {
                return !closed.get();
            }

            @Override
            public CompletableFuture<Void> closeFuture() {
                return closeFuture;
            }

            @Override
            public void close() {
                if (closed.compareAndSet(false, true)) {
                    closeQuietly(socket);
                }
            }
        }
    }
}
