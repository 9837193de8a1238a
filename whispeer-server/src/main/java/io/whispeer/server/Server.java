package io.whispeer.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.whispeer.api.ConfigurationException;
import io.whispeer.api.spi.Connection;
import io.whispeer.api.spi.FrameHandler;
import io.whispeer.api.spi.Settings;
import io.whispeer.api.spi.Transport;
import io.whispeer.core.router.EnvelopeRouter;
import io.whispeer.core.router.ListenerFactory;
import io.whispeer.protocol.ErrorFrames;
import io.whispeer.protocol.FrameLimits;
import io.whispeer.protocol.Frames;
import io.whispeer.protocol.Transports;
import io.whispeer.protocol.v1.ErrorCode;
import io.whispeer.server.auth.Authenticator;

/**
 * A running server: its listeners, the sessions of the open connections, the connection limits, and the threads
 * the sessions share (a timer for handshake, keep-alive and slow-consumer checks, and virtual threads for delivery
 * bursts, flushes and credential checks).
 */
final class Server implements ListenerFactory.Listeners {
    static final System.Logger LOG = System.getLogger("io.whispeer.server");

    private final EnvelopeRouter router;
    private final ServerSettings settings;
    private final Authenticator authenticator;
    private final Frames frames;
    private final ScheduledExecutorService timer;
    private final ExecutorService work = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("whispeer-server").factory());
    private final List<Transport> transports = new ArrayList<>();
    private final List<Transport.Listener> listeners = new ArrayList<>();
    private final Set<ServerSession> sessions = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private final AtomicLong clientIds = new AtomicLong();
    private final AtomicBoolean closing = new AtomicBoolean();

    private Server(EnvelopeRouter router, ServerSettings settings, Authenticator authenticator, Frames frames) {
        this.router = router;
        this.settings = settings;
        this.authenticator = authenticator;
        this.frames = frames;
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "whispeer-server-timer");
            thread.setDaemon(true);
            return thread;
        });
        t.setRemoveOnCancelPolicy(true);
        this.timer = t;
    }

    /**
     * Binds every address; on any failure, releases what was bound and throws.
     *
     * @throws ConfigurationException when a transport is missing or an address cannot be bound
     */
    static Server start(EnvelopeRouter router, Settings brokerSettings, ServerSettings settings, Authenticator authenticator,
                        List<URI> addresses) {
        Server server = new Server(router, settings, authenticator, Frames.withLimits(FrameLimits.from(brokerSettings)));
        try {
            for (URI address : addresses) {
                Transport transport = Transports.create(address, brokerSettings);
                server.transports.add(transport);
                try {
                    server.listeners.add(transport.bind(address, server::accept).get(settings.handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS));
                } catch (ExecutionException e) {
                    throw new ConfigurationException("Cannot listen at " + address + ": " + e.getCause().getMessage()
                            + ". Choose a free port (0 picks one) or stop what uses it.", e.getCause());
                } catch (TimeoutException e) {
                    throw new ConfigurationException("Binding " + address + " took over " + settings.handshakeTimeout() + "; nothing listens there.", e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ConfigurationException("Interrupted while binding " + address, e);
                }
            }
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        LOG.log(System.Logger.Level.INFO, () -> "whispeer server listening at " + server.endpoints());
        return server;
    }

    private FrameHandler accept(Connection connection) {
        Optional<InetAddress> address = connection.info().remoteAddress() instanceof InetSocketAddress inet
                ? Optional.ofNullable(inet.getAddress()) : Optional.empty();
        String refused = null;
        if (closing.get()) {
            refused = "The server is shutting down; reconnect later.";
        } else if (connections.incrementAndGet() > settings.maxConnections()) {
            connections.decrementAndGet();
            refused = "The server has " + settings.maxConnections() + " open connections, the most " + ServerSettings.SCOPE
                    + ServerSettings.MAX_CONNECTIONS + " allows; try again later, or raise the limit.";
        } else if (address.isPresent() && perAddress.computeIfAbsent(address.get(), a -> new AtomicInteger()).incrementAndGet()
                > settings.maxConnectionsPerAddress()) {
            release(address);
            connections.decrementAndGet();
            refused = "The server has " + settings.maxConnectionsPerAddress() + " open connections from " + address.get().getHostAddress()
                    + ", the most " + ServerSettings.SCOPE + ServerSettings.MAX_CONNECTIONS_PER_ADDRESS + " allows; close some, or raise the limit.";
        }
        if (refused != null) {
            LOG.log(System.Logger.Level.WARNING, "Refused a connection from " + connection.info().remoteAddress() + ": " + refused);
            connection.write(frames.encode(ErrorFrames.error(0, closing.get() ? ErrorCode.ERROR_CODE_SERVER_SHUTTING_DOWN
                    : ErrorCode.ERROR_CODE_LIMIT_EXCEEDED, refused, true)));
            connection.flush();
            connection.close();
            return (c, frame) -> { };
        }
        ServerSession session = new ServerSession(this, connection);
        sessions.add(session);
        session.start();
        return session;
    }

    private void release(Optional<InetAddress> address) {
        address.ifPresent(a -> perAddress.computeIfPresent(a, (k, count) -> count.decrementAndGet() <= 0 ? null : count));
    }

    /** A session ended: frees its place under the connection limits. */
    void closed(ServerSession session) {
        if (sessions.remove(session)) {
            connections.decrementAndGet();
            release(session.connection().info().remoteAddress() instanceof InetSocketAddress inet
                    ? Optional.ofNullable(inet.getAddress()) : Optional.empty());
        }
    }

    Authenticator authenticator() {
        return authenticator;
    }

    String nextClientId() {
        return "c" + clientIds.incrementAndGet();
    }

    EnvelopeRouter router() {
        return router;
    }

    ServerSettings settings() {
        return settings;
    }

    Frames frames() {
        return frames;
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    ExecutorService work() {
        return work;
    }

    @Override
    public List<URI> endpoints() {
        return listeners.stream().map(Transport.Listener::address).toList();
    }

    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        listeners.forEach(Transport.Listener::close);
        List<ServerSession> open = new ArrayList<>(sessions);
        open.forEach(ServerSession::shutdown);
        for (ServerSession session : open) {
            try {
                session.connection().closeFuture().get(settings.handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException | TimeoutException e) {
                LOG.log(System.Logger.Level.DEBUG, () -> "Closing " + session + " did not complete cleanly: " + e);
            }
        }
        transports.forEach(Transport::close);
        timer.shutdownNow();
        work.shutdown();
        try {
            if (!work.awaitTermination(settings.handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                work.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            work.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "Server[" + endpoints() + ", " + sessions.size() + " sessions]";
    }
}
