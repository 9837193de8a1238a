package io.whispeer.cli;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code whispeer serve} in a child JVM started as {@code ./whispeer} starts it: the main module from
 * {@code target/classes}, its runtime dependencies (listed by the build in {@code target/runtime-module-path.txt}) on
 * the module path, and the same native-access flags. Standard output is read line by line on a thread of its own;
 * standard error goes to a file that failures show.
 */
final class ServeProcess implements AutoCloseable {
    private static final String END = "\u0000end of output";
    private final Process process;
    private final Path stderr;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    private ServeProcess(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        Thread.ofVirtual().name("serve-stdout").start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), Charset.defaultCharset()))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("(reading the child's output failed: " + e + ")");
            } finally {
                lines.add(END);
            }
        });
    }

    static ServeProcess start(Path workDir, String... serveArgs) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=" + System.getProperty("whispeer.cli.native-access"),
                "--module-path", modulePath(),
                "-m", "io.whispeer.cli/io.whispeer.cli.Main", "serve"));
        command.addAll(List.of(serveArgs));
        Path stderr = workDir.resolve("serve.stderr");
        Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectError(stderr.toFile()).start();
        return new ServeProcess(process, stderr);
    }

    private static String modulePath() throws IOException {
        String classes = required("whispeer.cli.classes");
        String dependencies = Files.readString(Path.of(required("whispeer.cli.module-path-file"))).strip();
        return classes + File.pathSeparator + dependencies;
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("System property " + property + " is not set; run this test through Maven (whispeer-cli/pom.xml sets it).");
        }
        return value;
    }

    /**
     * Reads output lines until one equals {@code line}.
     *
     * @return the lines before it
     */
    List<String> awaitLine(String line, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> before = new ArrayList<>();
        while (true) {
            String next = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (next == null || next.equals(END)) {
                throw new AssertionError("serve did not print '" + line + "' " + (next == null ? "within " + timeout : "before its output ended")
                        + "; stdout so far: " + seen + "; stderr: " + stderr());
            }
            seen.add(next);
            if (next.equals(line)) {
                return before;
            }
            before.add(next);
        }
    }

    /** {@return the endpoints printed before "ready"} */
    List<URI> awaitEndpoints(Duration timeout) throws InterruptedException {
        return awaitLine("ready", timeout).stream().filter(l -> l.startsWith("endpoint ")).map(l -> URI.create(l.substring("endpoint ".length())))
                .toList();
    }

    Process process() {
        return process;
    }

    String stderr() {
        try {
            return Files.exists(stderr) ? Files.readString(stderr, Charset.defaultCharset()) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
