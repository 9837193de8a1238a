package io.whispeer.bench.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The baseline broker: no whispeer code, plain blocking sockets on loopback, one thread per connection. A connection
 * says what it is with its first byte: {@code 'P'} publisher (its length-prefixed frames are copied to every
 * subscriber, one {@code write} per subscriber per read burst, i.e. per whatever one {@code read} returned), {@code 'S'}
 * subscriber (answered with {@code 'K'} once it is registered), {@code 'E'} echo (every byte is written back, for the
 * raw round-trip time). Topics are not looked at: one workload runs at a time.
 */
public final class RawRelayServer implements AutoCloseable {
    /** Role byte of a publishing connection. */
    static final int PUBLISHER = 'P';
    /** Role byte of a subscribing connection. */
    static final int SUBSCRIBER = 'S';
    /** Role byte of an echo connection. */
    static final int ECHO = 'E';
    /** The byte a subscriber connection gets once it receives frames. */
    static final int REGISTERED = 'K';

    private final ServerSocket server;
    private final CopyOnWriteArrayList<Socket> subscribers = new CopyOnWriteArrayList<>();

    private RawRelayServer() throws IOException {
        server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "relay-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Runs the relay in this JVM until stdin closes; prints {@code READY <port>}.
     *
     * @param args ignored
     * @throws Exception when it cannot listen
     */
    public static void main(String[] args) throws Exception {
        RawRelayServer relay = new RawRelayServer();
        ChildJvm.serveUntilStdinCloses(relay, Integer.toString(relay.server.getLocalPort()));
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                socket.setTcpNoDelay(true);
                Thread thread = new Thread(() -> serve(socket), "relay-connection");
                thread.setDaemon(true);
                thread.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            switch (in.read()) {
                case PUBLISHER -> relay(in);
                case SUBSCRIBER -> {
                    subscribers.add(socket);
                    socket.getOutputStream().write(REGISTERED);
                    while (in.read() >= 0) {
                        // subscribers send nothing more; EOF means they left
                    }
                }
                case ECHO -> echo(in, socket.getOutputStream());
                default -> {
                    // unknown role: drop the connection
                }
            }
        } catch (IOException e) {
            // the peer left
        } finally {
            subscribers.remove(socket);
        }
    }

    private void relay(InputStream in) throws IOException {
        byte[] buffer = new byte[1 << 16];
        int start = 0;
        int end = 0;
        while (true) {
            if (end == buffer.length) {
                if (start > 0) {
                    System.arraycopy(buffer, start, buffer, 0, end - start);
                    end -= start;
                    start = 0;
                } else {
                    buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2);
                }
            }
            int read = in.read(buffer, end, buffer.length - end);
            if (read < 0) {
                return;
            }
            end += read;
            int complete = start;
            while (end - complete >= 4) {
                int length = ((buffer[complete] & 0xff) << 24) | ((buffer[complete + 1] & 0xff) << 16)
                        | ((buffer[complete + 2] & 0xff) << 8) | (buffer[complete + 3] & 0xff);
                if (end - complete - 4 < length) {
                    if (length + 4 > buffer.length) {
                        buffer = java.util.Arrays.copyOf(buffer, length + 4);
                    }
                    break;
                }
                complete += 4 + length;
            }
            if (complete > start) {
                for (Socket subscriber : subscribers) {
                    try {
                        OutputStream out = subscriber.getOutputStream();
                        synchronized (subscriber) {
                            out.write(buffer, start, complete - start);
                        }
                    } catch (IOException e) {
                        subscribers.remove(subscriber);
                    }
                }
                start = complete;
            }
            if (start == end) {
                start = 0;
                end = 0;
            }
        }
    }

    private static void echo(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[1 << 16];
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
            out.write(buffer, 0, read);
        }
    }

    /** Stops accepting; open connections end with the JVM. */
    @Override
    public void close() throws IOException {
        server.close();
    }
}
