package io.whispeer.bench.e2e;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Formats the results as Markdown: the measured rows, then the ratios the targets are read from. */
final class ResultTable {
    private ResultTable() {
    }

    /** {@return thousands of messages per second, without decimals: {@code 1234}} */
    static String kilo(double perSecond) {
        return String.format(Locale.ROOT, "%.0f", perSecond / 1000);
    }

    /** {@return a ratio with two decimals and an x: {@code 0.81x}} */
    static String ratio(double value) {
        return String.format(Locale.ROOT, "%.2fx", value);
    }

    /** {@return the table of measured rows} */
    static String rows(List<CellResult> results) {
        StringBuilder out = new StringBuilder();
        out.append("| system | workload | payload | k msg/s per subscriber | k msg/s total | broker CPU ns/msg "
                + "| latency run k msg/s | p50 µs | p99 µs | p99.9 µs | lost |\n");
        out.append("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        for (CellResult r : results) {
            out.append("| ").append(r.system()).append(" | ").append(r.workload().shape()).append(" | ").append(r.workload().size())
                    .append(" | ").append(kilo(r.perSubscriber())).append(" | ").append(kilo(r.total()))
                    .append(" | ").append(r.brokerCpuNanosPerDelivery() < 0 ? "–" : Long.toString(r.brokerCpuNanosPerDelivery()))
                    .append(" | ").append(kilo(r.fixedRate()))
                    .append(" | ").append(LatencySummary.micros(r.latency().p50()))
                    .append(" | ").append(LatencySummary.micros(r.latency().p99()))
                    .append(" | ").append(LatencySummary.micros(r.latency().p999()))
                    .append(" | ").append(r.lost()).append(" |\n");
        }
        return out.toString();
    }

    /**
     * {@return per row that is not the baseline: its throughput against {@code baseline}'s row of the same workload,
     * its p50 against the raw round trip, and (for a {@code -sealed} system) its throughput against the same system
     * unsealed}
     */
    static String ratios(List<CellResult> results, String baseline, Optional<LatencySummary> roundTrip) {
        StringBuilder out = new StringBuilder();
        out.append("| system | workload | payload | throughput vs ").append(baseline)
                .append(" | sealed vs plain | p50 vs raw round trip |\n");
        out.append("|---|---|--:|--:|--:|--:|\n");
        for (CellResult r : results) {
            if (r.system().equals(baseline)) {
                continue;
            }
            out.append("| ").append(r.system()).append(" | ").append(r.workload().shape()).append(" | ").append(r.workload().size())
                    .append(" | ").append(find(results, baseline, r.workload()).map(b -> ratio(r.perSubscriber() / b.perSubscriber())).orElse("–"))
                    .append(" | ").append(r.system().endsWith("-sealed")
                            ? find(results, r.system().substring(0, r.system().length() - "-sealed".length()), r.workload())
                                    .map(p -> ratio(r.perSubscriber() / p.perSubscriber())).orElse("–")
                            : "–")
                    .append(" | ").append(roundTrip.filter(t -> t.p50() > 0).map(t -> ratio((double) r.latency().p50() / t.p50())).orElse("–"))
                    .append(" |\n");
        }
        return out.toString();
    }

    private static Optional<CellResult> find(List<CellResult> results, String system, Workload workload) {
        return results.stream().filter(r -> r.system().equals(system) && r.workload().equals(workload)).findFirst();
    }
}
