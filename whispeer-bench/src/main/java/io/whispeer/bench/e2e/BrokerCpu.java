package io.whispeer.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** CPU time (user + system) of a process from {@code /proc/PID/stat}, in nanoseconds (Linux only). */
final class BrokerCpu {
    /** {@code sysconf(_SC_CLK_TCK)} on every Linux the JDK supports. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private BrokerCpu() {
    }

    /** {@return the CPU time of {@code pid} so far, or empty when /proc cannot tell (no such process, not Linux)} */
    static OptionalLong nanos(OptionalLong pid) {
        if (pid.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(parse(Files.readString(Path.of("/proc", Long.toString(pid.getAsLong()), "stat"))));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** {@return utime + stime of one {@code /proc/PID/stat} line, in nanoseconds} */
    static long parse(String stat) {
        // The command name (field 2) is in parentheses and may contain spaces: count fields after the last ')'.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // fields[0] is field 3 (state); utime and stime are fields 14 and 15.
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
    }
}
