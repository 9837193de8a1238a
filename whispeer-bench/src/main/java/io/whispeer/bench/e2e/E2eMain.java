package io.whispeer.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The end-to-end loopback benchmark's entry point. Options (each {@code --name value}):
 * <ul>
 *   <li>{@code --systems} comma-separated, default all: {@code raw-relay,whispeer-tcp,whispeer-tcp-sealed,whispeer-ws,whispeer-ws-sealed}</li>
 *   <li>{@code --subscribers} comma-separated fan-outs, default {@code 1,5}</li>
 *   <li>{@code --payloads} comma-separated sizes in bytes (at least 16), default {@code 16,128,1024}</li>
 *   <li>{@code --warmup} / {@code --measure} seconds per run, default 2 and 4</li>
 *   <li>{@code --window} most messages in flight, default 10000; {@code --fraction} the latency run's share of the
 *       max rate, default 0.5</li>
 *   <li>{@code --broker-cpus} a {@code taskset -c} list for the broker JVMs, default none (unpinned)</li>
 *   <li>{@code --out} a Markdown file for the results, default none</li>
 * </ul>
 */
public final class E2eMain {
    private static final Map<String, String> DEFAULTS = defaults();

    private E2eMain() {
    }

    private static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("systems", "raw-relay,whispeer-tcp,whispeer-tcp-sealed,whispeer-ws,whispeer-ws-sealed");
        defaults.put("subscribers", "1,5");
        defaults.put("payloads", "16,128,1024");
        defaults.put("warmup", "2");
        defaults.put("measure", "4");
        defaults.put("window", "10000");
        defaults.put("fraction", "0.5");
        defaults.put("broker-cpus", "");
        defaults.put("client-settings", "");
        defaults.put("out", "");
        return defaults;
    }

    /**
     * Runs the matrix and prints the tables.
     *
     * @param args options, see the class documentation
     * @throws Exception when a system cannot start or a run fails
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        Duration warmup = Duration.ofMillis((long) (Double.parseDouble(options.get("warmup")) * 1000));
        Duration measure = Duration.ofMillis((long) (Double.parseDouble(options.get("measure")) * 1000));
        LoadRunner runner = new LoadRunner(new LoadRunner.Settings(warmup, measure, Integer.parseInt(options.get("window")),
                Double.parseDouble(options.get("fraction")), Duration.ofSeconds(15)));
        String cpus = options.get("broker-cpus");
        List<Workload> workloads = new ArrayList<>();
        for (String subscribers : list(options.get("subscribers"))) {
            for (String size : list(options.get("payloads"))) {
                workloads.add(new Workload(Integer.parseInt(subscribers), Integer.parseInt(size)));
            }
        }
        List<SystemAdapter> systems = new ArrayList<>();
        for (String name : list(options.get("systems"))) {
            systems.add(adapter(name, cpus, settings(options.get("client-settings"))));
        }

        Instant started = Instant.now();
        List<CellResult> results = new ArrayList<>();
        Optional<LatencySummary> roundTrip = Optional.empty();
        int cell = 0;
        for (SystemAdapter system : systems) {
            try (system) {
                system.start();
                if (system instanceof RawRelayAdapter raw) {
                    LatencySummary rtt = raw.roundTrip(warmup, measure);
                    roundTrip = Optional.of(rtt);
                    System.err.printf("raw loopback round trip (16 B ping-pong): p50 %s µs, p99 %s µs, p99.9 %s µs (%d samples)%n",
                            LatencySummary.micros(rtt.p50()), LatencySummary.micros(rtt.p99()), LatencySummary.micros(rtt.p999()), rtt.count());
                }
                for (Workload workload : workloads) {
                    CellResult result = runner.run(system, workload, "bench/e2e/c" + cell++);
                    results.add(result);
                    System.err.printf("%s %s %s: %s k msg/s per subscriber, p50 %s µs at %s k msg/s, lost %d%n", result.system(),
                            workload.shape(), workload.size(), ResultTable.kilo(result.perSubscriber()),
                            LatencySummary.micros(result.latency().p50()), ResultTable.kilo(result.fixedRate()), result.lost());
                }
            }
        }
        StringBuilder report = new StringBuilder();
        report.append("Runs: ").append(warmup.toMillis() / 1000.0).append(" s warm-up + ").append(measure.toMillis() / 1000.0)
                .append(" s measured each; window ").append(options.get("window")).append("; latency at ").append(options.get("fraction"))
                .append(" of the max rate; broker CPUs: ").append(cpus.isEmpty() ? "unpinned" : cpus)
                .append("; total ").append(Duration.between(started, Instant.now()).toSeconds()).append(" s\n\n");
        roundTrip.ifPresent(rtt -> report.append("Raw loopback round trip (16 B ping-pong through the relay's echo): p50 ")
                .append(LatencySummary.micros(rtt.p50())).append(" µs, p99 ").append(LatencySummary.micros(rtt.p99()))
                .append(" µs, p99.9 ").append(LatencySummary.micros(rtt.p999())).append(" µs\n\n"));
        report.append(ResultTable.rows(results)).append('\n');
        report.append(ResultTable.ratios(results, "raw-relay", roundTrip));
        System.out.print(report);
        if (!options.get("out").isEmpty()) {
            Files.writeString(Path.of(options.get("out")), report);
        }
    }

    private static SystemAdapter adapter(String name, String cpus, Map<String, String> clientSettings) {
        return switch (name) {
            case "raw-relay" -> new RawRelayAdapter(cpus);
            case "whispeer-tcp" -> new WhispeerAdapter("tcp", false, cpus, clientSettings);
            case "whispeer-tcp-sealed" -> new WhispeerAdapter("tcp", true, cpus, clientSettings);
            case "whispeer-ws" -> new WhispeerAdapter("ws", false, cpus, clientSettings);
            case "whispeer-ws-sealed" -> new WhispeerAdapter("ws", true, cpus, clientSettings);
            default -> throw new IllegalArgumentException("Unknown system '" + name + "'; use one of " + DEFAULTS.get("systems"));
        };
    }

    static Map<String, String> parse(String[] args) throws IOException {
        Map<String, String> options = new LinkedHashMap<>(DEFAULTS);
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : "";
            if (!options.containsKey(name) || i + 1 >= args.length) {
                throw new IllegalArgumentException("Bad option '" + args[i] + "'" + (i + 1 >= args.length ? " (no value)" : "")
                        + "; options are --" + String.join(", --", DEFAULTS.keySet()) + ", each followed by a value");
            }
            options.put(name, args[i + 1]);
        }
        return options;
    }

    /** {@return {@code key=value} pairs separated by commas} */
    static Map<String, String> settings(String value) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String pair : list(value)) {
            int equals = pair.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("Client setting '" + pair + "' is not key=value; e.g. whispeer.transport.write-buffer-high-water-mark=4MiB");
            }
            settings.put(pair.substring(0, equals), pair.substring(equals + 1));
        }
        return settings;
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
