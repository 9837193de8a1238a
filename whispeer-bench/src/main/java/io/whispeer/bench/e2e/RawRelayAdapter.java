package io.whispeer.bench.e2e;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.OptionalLong;

import org.HdrHistogram.Histogram;

/**
 * The baseline: {@link RawRelayServer} in a child JVM, with clients that write length-prefixed frames through a
 * 64 KiB buffer (flushed when it is full or when the harness is about to wait) and read them on one thread per
 * subscriber connection.
 */
final class RawRelayAdapter implements SystemAdapter {
    private static final int BUFFER = 1 << 16;
    private final String brokerCpus;
    private ChildJvm child;
    private int port;

    RawRelayAdapter(String brokerCpus) {
        this.brokerCpus = brokerCpus;
    }

    @Override
    public String name() {
        return "raw-relay";
    }

    @Override
    public void start() throws Exception {
        child = ChildJvm.start(RawRelayServer.class.getName(), brokerCpus, java.util.List.of());
        port = Integer.parseInt(child.ready().get(0));
    }

    private Socket connect(int role) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setTcpNoDelay(true);
        socket.getOutputStream().write(role);
        return socket;
    }

    @Override
    public Publisher publisher(String topic) throws IOException {
        Socket socket = connect(RawRelayServer.PUBLISHER);
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), BUFFER));
        return new Publisher() {
            @Override
            public void publish(byte[] payload) {
                try {
                    out.writeInt(payload.length);
                    out.write(payload);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void flush() {
                try {
                    out.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public long failures() {
                return 0;
            }

            @Override
            public void close() throws IOException {
                try (socket) {
                    out.flush();
                }
            }
        };
    }

    @Override
    public AutoCloseable subscribe(String topic, Receiver receiver) throws IOException {
        Socket socket = connect(RawRelayServer.SUBSCRIBER);
        socket.setSoTimeout(10_000);
        InputStream raw = socket.getInputStream();
        if (raw.read() != RawRelayServer.REGISTERED) {
            socket.close();
            throw new IOException("The raw relay did not register the subscriber connection");
        }
        socket.setSoTimeout(0);
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw, BUFFER));
        Thread reader = new Thread(() -> {
            try {
                while (true) {
                    byte[] payload = new byte[in.readInt()];
                    in.readFully(payload);
                    receiver.onMessage(payload);
                }
            } catch (IOException e) {
                // closed
            }
        }, "raw-subscriber");
        reader.setDaemon(true);
        reader.start();
        return () -> {
            socket.close();
            reader.join(5_000);
        };
    }

    /**
     * Measures the raw loopback round trip: one 16 B frame (with its 4-byte length) written to the relay's echo
     * connection and read back, one at a time, for {@code warmup} and then {@code measure}.
     */
    LatencySummary roundTrip(Duration warmup, Duration measure) throws IOException {
        try (Socket socket = connect(RawRelayServer.ECHO)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            byte[] frame = new byte[4 + PayloadStamp.MIN_SIZE];
            frame[3] = PayloadStamp.MIN_SIZE;
            byte[] back = new byte[frame.length];
            Histogram histogram = new Histogram(3);
            long warmEnd = System.nanoTime() + warmup.toNanos();
            while (System.nanoTime() < warmEnd) {
                pingPong(out, in, frame, back);
            }
            long end = System.nanoTime() + measure.toNanos();
            for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
                pingPong(out, in, frame, back);
                histogram.recordValue(System.nanoTime() - now);
            }
            return LatencySummary.of(histogram);
        } catch (SocketTimeoutException e) {
            throw new IOException("The raw relay's echo did not answer within 10 s", e);
        }
    }

    private static void pingPong(OutputStream out, InputStream in, byte[] frame, byte[] back) throws IOException {
        out.write(frame);
        for (int got = 0; got < back.length; ) {
            int read = in.read(back, got, back.length - got);
            if (read < 0) {
                throw new EOFException("The raw relay closed the echo connection");
            }
            got += read;
        }
    }

    @Override
    public OptionalLong brokerPid() {
        return child == null ? OptionalLong.empty() : OptionalLong.of(child.pid());
    }

    @Override
    public void close() {
        if (child != null) {
            child.close();
        }
    }
}
