package io.whispeer.bench.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * A peer broker installed on this machine (nats-server, redis-server, mosquitto), run as a child process on a free
 * loopback port with a config file written into a temporary directory. Its stdout and stderr go to {@code server.log}
 * in that directory, whose tail is quoted when it fails. Started under {@code taskset -c} when CPUs are given
 * ({@code taskset} execs the server, so {@link #pid()} is the server's own). A JVM shutdown hook kills it if the
 * harness dies before {@link #close()}.
 */
final class ExternalServer implements AutoCloseable {
    /** How long the server has to accept a TCP connection on its port. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final String INSTALL = "apt-get install -y nats-server redis-server mosquitto";
    private static final int LOG_TAIL_LINES = 20;

    private final String label;
    private final Process process;
    private final Path directory;
    private final int port;
    private final Thread shutdownHook;

    private ExternalServer(String label, Process process, Path directory, int port) {
        this.label = label;
        this.process = process;
        this.directory = directory;
        this.port = port;
        this.shutdownHook = new Thread(process::destroyForcibly, label + "-shutdown");
    }

    /**
     * Finds {@code binary}: at {@code defaultPath} if it is executable there, else on {@code PATH}.
     *
     * @return the executable, or empty when it is installed in neither place
     */
    static Optional<Path> find(String binary, String defaultPath) {
        Path standard = Path.of(defaultPath);
        if (Files.isExecutable(standard)) {
            return Optional.of(standard);
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(java.io.File.pathSeparator)).filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, binary)).filter(Files::isExecutable).findFirst();
    }

    /** {@return the executable {@code binary}; fails naming the Debian package to install when it is missing} */
    static Path require(String binary, String defaultPath, String debianPackage) throws IOException {
        return find(binary, defaultPath).orElseThrow(() -> new IOException(binary + " is not installed (looked at " + defaultPath
                + " and on PATH); install package " + debianPackage + ", e.g. " + INSTALL));
    }

    /** {@return a loopback TCP port that was free a moment ago (the server binds it right after)} */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * Starts {@code executable} on a free loopback port and waits until the port accepts a TCP connection.
     *
     * @param label the server's name in messages and temporary paths, such as {@code nats-server}
     * @param configName the config file's name in the temporary directory
     * @param config the config file's content for a port (and the directory, for files it names)
     * @param arguments the command's arguments after the executable, given the config file's path
     * @param cpus a {@code taskset -c} CPU list, or empty to leave the server unpinned
     * @throws IOException when the server does not accept connections within {@link #START_TIMEOUT} (it is killed,
     *         and the message quotes its log)
     */
    static ExternalServer start(String label, Path executable, String configName, IntFunction<String> config,
            Function<Path, List<String>> arguments, String cpus) throws IOException, InterruptedException {
        Path directory = Files.createTempDirectory("whispeer-e2e-" + label + "-");
        try {
            int port = freePort();
            Path configFile = directory.resolve(configName);
            Files.writeString(configFile, config.apply(port), StandardCharsets.UTF_8);
            List<String> command = new ArrayList<>();
            if (!cpus.isEmpty()) {
                command.addAll(List.of("taskset", "-c", cpus));
            }
            command.add(executable.toString());
            command.addAll(arguments.apply(configFile));
            Path log = directory.resolve("server.log");
            Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            ExternalServer server = new ExternalServer(label, process, directory, port);
            Runtime.getRuntime().addShutdownHook(server.shutdownHook);
            try {
                server.awaitListening(command);
            } catch (IOException | RuntimeException | InterruptedException e) {
                server.close();
                throw e;
            }
            return server;
        } catch (IOException | RuntimeException | InterruptedException e) {
            if (Files.exists(directory)) {
                deleteRecursively(directory);
            }
            throw e;
        }
    }

    private void awaitListening(List<String> command) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IOException(label + " exited with status " + process.exitValue() + " before it listened on 127.0.0.1:"
                        + port + ". Command: " + command + "; its log:\n" + logTail());
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException refused) {
                if (System.nanoTime() > deadline) {
                    throw new IOException(label + " did not accept connections on 127.0.0.1:" + port + " within "
                            + START_TIMEOUT.toSeconds() + " s. Command: " + command + "; its log:\n" + logTail(), refused);
                }
                process.waitFor(20, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** {@return the last lines of the server's log, or a note that it cannot be read} */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(directory.resolve("server.log"), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** {@return the loopback port the server listens on} */
    int port() {
        return port;
    }

    /** {@return the server's process id} */
    long pid() {
        return process.pid();
    }

    /** {@return the server's process, for tests that check it is gone} */
    ProcessHandle handle() {
        return process.toHandle();
    }

    /** Stops the server (SIGTERM, then SIGKILL after 5 s) and deletes the temporary directory. */
    @Override
    public void close() throws IOException {
        try {
            process.destroy();
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs (or ran) anyway
            }
            deleteRecursively(directory);
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
