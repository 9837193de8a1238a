package io.whispeer.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The end-to-end loopback benchmark's entry point. Options (each {@code --name value}):
 * <ul>
 *   <li>{@code --systems} comma-separated, default every system of {@link #NETWORK_SYSTEMS} and
 *       {@link #IN_PROCESS_SYSTEMS}</li>
 *   <li>{@code --shapes} comma-separated {@code PUBLISHERS->SUBSCRIBERS} of the systems with a broker process, default
 *       {@code 1->1,1->5,4->4}; every subscriber receives every publisher's messages</li>
 *   <li>{@code --inproc-shapes} the same for the in-process systems, default {@code 1->3} (the in-process
 *       target: 1 -> 3 at least 1/3 of the Disruptor's rate)</li>
 *   <li>{@code --payloads} comma-separated sizes in bytes (at least 16), default {@code 16,128,1024,16384}</li>
 *   <li>{@code --warmup} / {@code --measure} seconds per run, default 2 and 4</li>
 *   <li>{@code --system-warmup} seconds of unmeasured load on each system's first workload after it starts (JIT of
 *       broker and clients, so that its first row is not measured cold), default 2; 0 skips it</li>
 *   <li>{@code --window} most messages in flight (all publishers of a workload together), default 10000;
 *       {@code --window-bytes} most payload bytes in flight, default 67108864 (64 MiB): the window of a workload is
 *       {@code min(window, window-bytes / payload size)}, split evenly among its publishers</li>
 *   <li>{@code --fraction} the latency run's share of the max rate, default 0.5</li>
 *   <li>{@code --baseline} the system the ratio table compares with, default {@code auto}: {@code nats} when it is in
 *       the run, else {@code raw-relay}, else the first system with a broker process; in-process rows are compared with
 *       {@code inproc-disruptor} in a table of their own</li>
 *   <li>{@code --broker-cpus} a {@code taskset -c} list for the broker processes, default none (unpinned)</li>
 *   <li>{@code --client-settings} whispeer client settings, {@code key=value,...}, default none</li>
 *   <li>{@code --out} a Markdown file for the report, default none</li>
 *   <li>{@code --doc} a Markdown file whose text between {@link MarkdownSection#BEGIN} and {@link MarkdownSection#END}
 *       is replaced by the report (the section is appended when the markers are absent), default none</li>
 *   <li>{@code --chart} a PNG file for the chart of the {@code --chart-payload} rows (default 128, else the first
 *       payload of the run), default none</li>
 * </ul>
 */
public final class E2eMain {
    /**
     * Systems with a broker process reached over loopback, in the order they run: the raw relay, whispeer's variants
     * and the peer brokers of {@link PeerSystems}. Any system not in {@link #IN_PROCESS_SYSTEMS} runs {@code --shapes}.
     */
    static final List<String> NETWORK_SYSTEMS = Stream.concat(Stream.of("raw-relay", "whispeer-tcp", "whispeer-tcp-xchacha",
            "whispeer-tcp-aesgcm", "whispeer-ws", "whispeer-ws-xchacha", "whispeer-ws-aesgcm"), PeerSystems.NAMES.stream()).toList();
    /** Systems inside the load generator's JVM (no broker process), which run {@code --inproc-shapes}. */
    static final List<String> IN_PROCESS_SYSTEMS = List.of("inproc-whispeer", "inproc-queue", "inproc-disruptor");
    /** The baseline of the in-process rows' ratio table. */
    static final String IN_PROCESS_BASELINE = "inproc-disruptor";
    /** The title of the section that {@code --doc} writes when its markers are absent. */
    static final String DOC_SECTION = "Side by side with NATS, Redis and Mosquitto";
    private static final Map<String, String> DEFAULTS = defaults();

    private E2eMain() {
    }

    private static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("systems", String.join(",", Stream.concat(NETWORK_SYSTEMS.stream(), IN_PROCESS_SYSTEMS.stream()).toList()));
        defaults.put("shapes", "1->1,1->5,4->4");
        defaults.put("inproc-shapes", "1->3");
        defaults.put("payloads", "16,128,1024,16384");
        defaults.put("warmup", "2");
        defaults.put("measure", "4");
        defaults.put("system-warmup", "2");
        defaults.put("window", "10000");
        defaults.put("window-bytes", Long.toString(64L << 20));
        defaults.put("fraction", "0.5");
        defaults.put("baseline", "auto");
        defaults.put("broker-cpus", "");
        defaults.put("client-settings", "");
        defaults.put("out", "");
        defaults.put("doc", "");
        defaults.put("chart", "");
        defaults.put("chart-payload", "128");
        return defaults;
    }

    /**
     * A parsed command line: the systems to run (in order) with the workloads of each, and the other options.
     *
     * @param systems system names in the order they run
     * @param workloads the workloads of each system
     * @param options every option, defaults filled in
     */
    record Plan(List<String> systems, Map<String, List<Workload>> workloads, Map<String, String> options) {
        /** {@return how many cells (system x workload) the plan measures} */
        int cells() {
            return workloads.values().stream().mapToInt(List::size).sum();
        }

        /**
         * {@return the expected run time: two runs (max rate, fixed rate) of warm-up + measure per cell, about 1 s per
         * cell for connecting, probing and draining, 3 s per system to start and stop plus its system warm-up, and the
         * raw round trip}
         */
        Duration estimate() {
            double run = Double.parseDouble(options.get("warmup")) + Double.parseDouble(options.get("measure"));
            double perSystem = 3 + Double.parseDouble(options.get("system-warmup"));
            double seconds = cells() * (2 * run + 1) + systems.size() * perSystem + (systems.contains("raw-relay") ? run : 0);
            return Duration.ofSeconds((long) Math.ceil(seconds));
        }

        /**
         * {@return the ratio table's baseline: {@code --baseline}, or for {@code auto} nats, raw-relay or the first
         * system with a broker process (the first system when all are in-process)}
         */
        String baseline() {
            String chosen = options.get("baseline");
            if (!chosen.equals("auto")) {
                return chosen;
            }
            return Stream.of("nats", "raw-relay").filter(systems::contains).findFirst()
                    .or(() -> systems.stream().filter(s -> !IN_PROCESS_SYSTEMS.contains(s)).findFirst()).orElse(systems.get(0));
        }
    }

    /**
     * {@return the plan of {@code args}}
     *
     * @throws IllegalArgumentException naming the bad option or value
     */
    static Plan plan(String[] args) {
        Map<String, String> options = parse(args);
        List<Integer> payloads = list(options.get("payloads")).stream().map(Integer::parseInt).toList();
        List<Workload> network = Workload.matrix(list(options.get("shapes")), payloads);
        List<Workload> inProcess = Workload.matrix(list(options.get("inproc-shapes")), payloads);
        List<String> systems = list(options.get("systems"));
        if (systems.isEmpty()) {
            throw new IllegalArgumentException("--systems is empty; name at least one of " + DEFAULTS.get("systems"));
        }
        Map<String, List<Workload>> workloads = new LinkedHashMap<>();
        for (String system : systems) {
            workloads.put(system, IN_PROCESS_SYSTEMS.contains(system) ? inProcess : network);
        }
        return new Plan(systems, workloads, options);
    }

    /**
     * Runs the matrix and prints the tables.
     *
     * @param args options, see the class documentation
     * @throws Exception when a system cannot start or a run fails
     */
    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        Plan plan = plan(args);
        Map<String, String> options = plan.options();
        Duration warmup = seconds(options.get("warmup"));
        Duration measure = seconds(options.get("measure"));
        Duration systemWarmup = seconds(options.get("system-warmup"));
        LoadRunner runner = new LoadRunner(new LoadRunner.Settings(warmup, measure, Integer.parseInt(options.get("window")),
                Long.parseLong(options.get("window-bytes")), Double.parseDouble(options.get("fraction")), Duration.ofSeconds(15)));
        String cpus = options.get("broker-cpus");
        List<SystemAdapter> systems = new ArrayList<>();
        for (String name : plan.systems()) {
            systems.add(adapter(name, cpus, settings(options.get("client-settings"))));
        }
        System.err.printf("e2e: %d systems, %d cells, estimated %d s (%.1f min)%n", systems.size(), plan.cells(),
                plan.estimate().toSeconds(), plan.estimate().toSeconds() / 60.0);

        // A SIGTERM or Ctrl-C stops the system that is running, so that no broker outlives the harness.
        AtomicReference<SystemAdapter> running = new AtomicReference<>();
        Thread stopper = new Thread(() -> {
            SystemAdapter system = running.getAndSet(null);
            if (system != null) {
                try {
                    system.close();
                } catch (Exception e) {
                    System.err.println("e2e: stopping " + system.name() + " failed: " + e);
                }
            }
        }, "e2e-stop");
        Runtime.getRuntime().addShutdownHook(stopper);

        Instant started = Instant.now();
        List<CellResult> results = new ArrayList<>();
        Optional<LatencySummary> roundTrip = Optional.empty();
        int cell = 0;
        for (SystemAdapter system : systems) {
            running.set(system);
            try (system) {
                system.start();
                if (system instanceof RawRelayAdapter raw) {
                    LatencySummary rtt = raw.roundTrip(warmup, measure);
                    roundTrip = Optional.of(rtt);
                    System.err.printf("raw loopback round trip (16 B ping-pong): p50 %s µs, p99 %s µs, p99.9 %s µs (%d samples)%n",
                            LatencySummary.micros(rtt.p50()), LatencySummary.micros(rtt.p99()), LatencySummary.micros(rtt.p999()), rtt.count());
                }
                List<Workload> workloads = plan.workloads().get(system.name());
                if (systemWarmup.compareTo(Duration.ZERO) > 0 && !workloads.isEmpty()) {
                    runner.warmingUp(systemWarmup.dividedBy(2)).run(system, workloads.get(0), "bench/e2e/warm" + cell++);
                }
                for (Workload workload : workloads) {
                    CellResult result = runner.run(system, workload, "bench/e2e/c" + cell++);
                    results.add(result);
                    System.err.printf("%s %s %s: %s k msg/s per subscriber, p50 %s µs at %s k msg/s, lost %d (%d s so far)%n",
                            result.system(), workload.shape(), workload.size(), ResultTable.kilo(result.perSubscriber()),
                            LatencySummary.micros(result.latency().p50()), ResultTable.kilo(result.fixedRate()), result.lost(),
                            Duration.between(started, Instant.now()).toSeconds());
                }
            } finally {
                running.set(null);
            }
        }
        Duration total = Duration.between(started, Instant.now());
        String date = LocalDate.now(ZoneOffset.UTC).toString();
        Optional<Path> chart = options.get("chart").isEmpty() ? Optional.empty() : Optional.of(Path.of(options.get("chart")));
        if (chart.isPresent()) {
            int chartPayload = chartPayload(plan);
            ResultChart.write(results, chartPayload, "End to end over loopback, " + chartPayload + " B payloads, " + date,
                    chart.get());
        }
        String report = report(plan, results, roundTrip, total, date, MachineInfo.describe());
        System.out.print(report);
        if (!options.get("out").isEmpty()) {
            Files.writeString(Path.of(options.get("out")), report);
        }
        if (!options.get("doc").isEmpty()) {
            Path doc = Path.of(options.get("doc"));
            String body = report + chart.map(c -> "\n![Throughput and latency per system](" + relative(doc, c) + ")\n").orElse("");
            Files.writeString(doc, MarkdownSection.replace(Files.exists(doc) ? Files.readString(doc) : "", DOC_SECTION, body));
        }
        System.err.printf("e2e: done in %d s (estimated %d s)%n", total.toSeconds(), plan.estimate().toSeconds());
    }

    private static int chartPayload(Plan plan) {
        int wanted = Integer.parseInt(plan.options().get("chart-payload"));
        List<Integer> payloads = list(plan.options().get("payloads")).stream().map(Integer::parseInt).toList();
        return payloads.contains(wanted) ? wanted : payloads.get(0);
    }

    private static String relative(Path doc, Path target) {
        Path from = doc.toAbsolutePath().normalize().getParent();
        Path to = target.toAbsolutePath().normalize();
        return (from == null ? to : from.relativize(to)).toString().replace('\\', '/');
    }

    /** {@return the Markdown report: machine, settings, the ratio tables, then the measured rows} */
    static String report(Plan plan, List<CellResult> results, Optional<LatencySummary> roundTrip, Duration total, String date,
            String machine) {
        Map<String, String> options = plan.options();
        StringBuilder out = new StringBuilder();
        out.append("Measured ").append(date).append(" in ").append(total.toSeconds()).append(" s (estimated ")
                .append(plan.estimate().toSeconds()).append(" s).\n\n");
        out.append("Machine:\n\n").append(machine).append('\n');
        out.append("Settings: ").append(options.get("warmup")).append(" s warm-up + ").append(options.get("measure"))
                .append(" s measured per run, two runs per row (max rate, then latency at ").append(options.get("fraction"))
                .append(" of it), after ").append(options.get("system-warmup"))
                .append(" s of unmeasured load when each system starts; window ").append(options.get("window")).append(" messages or ").append(Long.parseLong(options.get("window-bytes")) >> 20)
                .append(" MiB, whichever is smaller, split among the publishers; broker CPUs: ")
                .append(options.get("broker-cpus").isEmpty() ? "unpinned" : options.get("broker-cpus"))
                .append("; shapes ").append(options.get("shapes")).append(" (in-process: ").append(options.get("inproc-shapes"))
                .append("); payloads ").append(options.get("payloads")).append(" B.\n\n");
        roundTrip.ifPresent(rtt -> out.append("Raw loopback round trip (16 B ping-pong through the relay's echo): p50 ")
                .append(LatencySummary.micros(rtt.p50())).append(" µs, p99 ").append(LatencySummary.micros(rtt.p99()))
                .append(" µs, p99.9 ").append(LatencySummary.micros(rtt.p999())).append(" µs\n\n"));
        List<CellResult> network = results.stream().filter(r -> !IN_PROCESS_SYSTEMS.contains(r.system())).toList();
        List<CellResult> inProcess = results.stream().filter(r -> IN_PROCESS_SYSTEMS.contains(r.system())).toList();
        String baseline = plan.baseline();
        if (!network.isEmpty()) {
            out.append("Against ").append(baseline).append(" (per-subscriber throughput, p50, p99 and broker CPU per message of the "
                    + "same workload; a throughput above 1x and latencies below 1x are better):\n\n")
                    .append(ResultTable.ratios(network, baseline, roundTrip)).append('\n');
        }
        if (!inProcess.isEmpty()) {
            out.append("In process, against ").append(IN_PROCESS_BASELINE).append(":\n\n")
                    .append(ResultTable.ratios(inProcess, IN_PROCESS_BASELINE, Optional.empty())).append('\n');
        }
        String guarantees = results.stream().map(CellResult::guarantee).distinct().collect(Collectors.joining(", "));
        out.append("Measured rows (delivery guarantee per row: ").append(guarantees.isEmpty() ? "none measured" : guarantees)
                .append("; durable and at-least-once rows come with QoS):\n\n");
        out.append(ResultTable.rows(results));
        return out.toString();
    }

    /** {@return the adapter of {@code name}, a whispeer variant, a baseline or a peer of {@link PeerSystems}} */
    private static SystemAdapter adapter(String name, String cpus, Map<String, String> clientSettings) {
        return switch (name) {
            case "raw-relay" -> new RawRelayAdapter(cpus);
            case "whispeer-tcp" -> new WhispeerAdapter("tcp", WhispeerAdapter.Sealing.PLAIN, cpus, clientSettings);
            case "whispeer-tcp-xchacha" -> new WhispeerAdapter("tcp", WhispeerAdapter.Sealing.XCHACHA, cpus, clientSettings);
            case "whispeer-tcp-aesgcm" -> new WhispeerAdapter("tcp", WhispeerAdapter.Sealing.AESGCM, cpus, clientSettings);
            case "whispeer-ws" -> new WhispeerAdapter("ws", WhispeerAdapter.Sealing.PLAIN, cpus, clientSettings);
            case "whispeer-ws-xchacha" -> new WhispeerAdapter("ws", WhispeerAdapter.Sealing.XCHACHA, cpus, clientSettings);
            case "whispeer-ws-aesgcm" -> new WhispeerAdapter("ws", WhispeerAdapter.Sealing.AESGCM, cpus, clientSettings);
            case "inproc-whispeer" -> new InProcessWhispeerAdapter();
            case "inproc-queue" -> new InProcessQueueAdapter();
            case "inproc-disruptor" -> new InProcessDisruptorAdapter();
            default -> PeerSystems.adapter(name, cpus).orElseThrow(() -> unknown(name));
        };
    }

    /** {@return the error for a system name no adapter has, listing every known name} */
    static IllegalArgumentException unknown(String name) {
        return new IllegalArgumentException("Unknown system '" + name + "'; use one of " + DEFAULTS.get("systems"));
    }

    static Map<String, String> parse(String[] args) {
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

    private static Duration seconds(String value) {
        return Duration.ofMillis((long) (Double.parseDouble(value) * 1000));
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
