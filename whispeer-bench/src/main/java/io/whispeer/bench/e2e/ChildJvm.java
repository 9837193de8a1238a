package io.whispeer.bench.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A broker in a child JVM started from this jar: it prints one line {@code READY <words...>} on stdout once it
 * listens, and stops when its stdin closes (so it also stops when the harness dies). The broker gets its own heap,
 * GC and JIT, its CPU time can be read from {@code /proc}, and it can be pinned to other cores than the load
 * generator with {@code taskset}, as external peers (nats-server, redis-server) will be.
 */
final class ChildJvm implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private final Process process;
    private final List<String> ready;

    private ChildJvm(Process process, List<String> ready) {
        this.process = process;
        this.ready = ready;
    }

    /**
     * Starts {@code mainClass} of this jar in a new JVM and waits (at most 30 s) for its READY line.
     *
     * @param cpus a {@code taskset -c} CPU list for the child, or empty to leave it unpinned
     */
    static ChildJvm start(String mainClass, String cpus, List<String> args) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>();
        if (!cpus.isEmpty()) {
            command.addAll(List.of("taskset", "-c", cpus));
        }
        command.add(java);
        command.add("--enable-native-access=ALL-UNNAMED");
        if (Runtime.version().feature() >= 24) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        String extra = System.getProperty("whispeer.e2e.broker-jvm-args", "");
        if (!extra.isBlank()) {
            command.addAll(Arrays.asList(extra.trim().split("\\s+")));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                // The JVM itself may print first (e.g. JFR's startup lines): pass those on to stderr.
                String read = out.readLine();
                while (read != null && !read.startsWith("READY")) {
                    System.err.println("[" + mainClass + "] " + read);
                    read = out.readLine();
                }
                return read;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        String first;
        try {
            first = line.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IOException("Broker " + mainClass + " did not print READY within " + START_TIMEOUT.toSeconds()
                    + " s; its stderr is above. Command: " + command, e);
        }
        if (first == null || !first.startsWith("READY")) {
            process.destroyForcibly();
            throw new IOException("Broker " + mainClass + " printed '" + first + "' instead of 'READY ...'; its stderr is above");
        }
        Thread drain = new Thread(() -> {
            try {
                for (String rest = out.readLine(); rest != null; rest = out.readLine()) {
                    System.err.println("[" + mainClass + "] " + rest);
                }
            } catch (IOException e) {
                // the child is gone
            }
        }, "child-stdout");
        drain.setDaemon(true);
        drain.start();
        List<String> words = List.of(first.trim().split("\\s+"));
        return new ChildJvm(process, words.subList(1, words.size()));
    }

    /** {@return the words after READY on the child's first line (for example its endpoints)} */
    List<String> ready() {
        return ready;
    }

    /** {@return the child's process id (the JVM's own when started through taskset, which execs it)} */
    long pid() {
        return process.pid();
    }

    /** Closes the child's stdin, which stops it, and kills it when it has not stopped within 5 s. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The child's side: prints {@code READY <words>} and blocks until stdin closes, then closes {@code server}.
     */
    static void serveUntilStdinCloses(AutoCloseable server, String words) throws Exception {
        System.out.println("READY " + words);
        System.out.flush();
        try (server) {
            while (System.in.read() >= 0) {
                // the harness never writes; EOF means stop
            }
        }
    }
}
