package io.whispeer.bench.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * What a result table needs to say about the machine: CPU model and count from {@code /proc/cpuinfo}, memory from
 * {@code /proc/meminfo}, kernel, JDK, and the peer servers' versions from their own commands (Linux; anything that
 * cannot be read is written as {@code unknown} or {@code not installed}).
 */
final class MachineInfo {
    /** The peer servers' version commands, as their documentation gives them. */
    private static final List<List<String>> PEER_VERSIONS = List.of(
            List.of("nats-server", "--version"), List.of("redis-server", "--version"), List.of("mosquitto", "-h"));

    private MachineInfo() {
    }

    /** {@return a Markdown list describing this machine} */
    static String describe() {
        StringBuilder out = new StringBuilder();
        String cpuinfo = read("/proc/cpuinfo");
        String model = cpuinfo.lines().filter(l -> l.startsWith("model name")).findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
        long cpus = cpuinfo.lines().filter(l -> l.startsWith("processor")).count();
        out.append("- CPU: ").append(model).append(", ").append(cpus > 0 ? Long.toString(cpus) : "unknown")
                .append(" logical CPUs\n");
        out.append("- Memory: ").append(memory(read("/proc/meminfo"))).append('\n');
        out.append("- Kernel: ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
                .append(" (").append(System.getProperty("os.arch")).append(")\n");
        out.append("- JDK: ").append(System.getProperty("java.vm.vendor")).append(' ').append(System.getProperty("java.runtime.version"))
                .append(" (").append(System.getProperty("java.vm.name")).append(")\n");
        for (List<String> command : PEER_VERSIONS) {
            out.append("- `").append(String.join(" ", command)).append("`: ").append(firstLine(command)).append('\n');
        }
        return out.toString();
    }

    /** {@return MemTotal of a {@code /proc/meminfo} text in GiB with one decimal, or {@code unknown}} */
    static String memory(String meminfo) {
        return meminfo.lines().filter(l -> l.startsWith("MemTotal:")).findFirst()
                .map(l -> String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0))
                .orElse("unknown");
    }

    private static String read(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (IOException e) {
            return "";
        }
    }

    /** {@return the first line {@code command} prints (stdout and stderr), waiting at most 5 s; or "not installed"} */
    private static String firstLine(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String first;
            try (InputStream in = process.getInputStream()) {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    return "did not answer within 5 s";
                }
                first = new String(in.readNBytes(4096), StandardCharsets.UTF_8).lines().findFirst().orElse("").trim();
            }
            return first.isEmpty() ? "printed nothing" : first;
        } catch (IOException e) {
            return "not installed";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
