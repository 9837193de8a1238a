package io.whispeer.bench.e2e;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/** Formats the results as Markdown: the measured rows, then the ratios the targets are read from. */
final class ResultTable {
    /** System name suffixes of sealed rows; the same name without the suffix is the plain row of the transport. */
    private static final List<String> SEALED_SUFFIXES = List.of("-xchacha", "-aesgcm");

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
        out.append("| system | guarantee | workload | payload | k msg/s per subscriber | k msg/s total | broker CPU ns/msg "
                + "| latency run k msg/s | p50 µs | p99 µs | p99.9 µs | lost |\n");
        out.append("|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        for (CellResult r : results) {
            out.append("| ").append(r.system()).append(" | ").append(r.guarantee()).append(" | ").append(r.workload().shape())
                    .append(" | ").append(r.workload().size())
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

    /** {@return the plain system of a sealed one ({@code whispeer-tcp} for {@code whispeer-tcp-aesgcm}), if it is sealed} */
    static Optional<String> plainOf(String system) {
        return SEALED_SUFFIXES.stream().filter(system::endsWith).findFirst()
                .map(suffix -> system.substring(0, system.length() - suffix.length()));
    }

    /**
     * {@return per row that is not the baseline's: its per-subscriber throughput, p50, p99 and broker CPU per message
     * against {@code baseline}'s row of the same workload, its throughput against the same transport's plain row when
     * it is sealed, and its p50 against the raw round trip; "–" where a side is missing}
     */
    static String ratios(List<CellResult> results, String baseline, Optional<LatencySummary> roundTrip) {
        StringBuilder out = new StringBuilder();
        out.append("| system | workload | payload | throughput vs ").append(baseline).append(" | p50 vs ").append(baseline)
                .append(" | p99 vs ").append(baseline).append(" | broker CPU/msg vs ").append(baseline)
                .append(" | sealed vs plain | p50 vs raw round trip |\n");
        out.append("|---|---|--:|--:|--:|--:|--:|--:|--:|\n");
        for (CellResult r : results) {
            if (r.system().equals(baseline)) {
                continue;
            }
            Optional<CellResult> base = find(results, baseline, r.workload());
            out.append("| ").append(r.system()).append(" | ").append(r.workload().shape()).append(" | ").append(r.workload().size())
                    .append(" | ").append(against(r, base, CellResult::perSubscriber))
                    .append(" | ").append(against(r, base, c -> c.latency().p50()))
                    .append(" | ").append(against(r, base, c -> c.latency().p99()))
                    .append(" | ").append(against(r, base, CellResult::brokerCpuNanosPerDelivery))
                    .append(" | ").append(plainOf(r.system()).flatMap(plain -> find(results, plain, r.workload()))
                            .map(p -> ratio(r.perSubscriber() / p.perSubscriber())).orElse("–"))
                    .append(" | ").append(roundTrip.filter(t -> t.p50() > 0).map(t -> ratio((double) r.latency().p50() / t.p50())).orElse("–"))
                    .append(" |\n");
        }
        return out.toString();
    }

    /** {@return {@code value(row) / value(base)}, or "–" when there is no base row or either value is not positive} */
    private static String against(CellResult row, Optional<CellResult> base, ToDoubleFunction<CellResult> value) {
        return base.filter(b -> value.applyAsDouble(b) > 0 && value.applyAsDouble(row) > 0)
                .map(b -> ratio(value.applyAsDouble(row) / value.applyAsDouble(b))).orElse("–");
    }

    private static Optional<CellResult> find(List<CellResult> results, String system, Workload workload) {
        return results.stream().filter(r -> r.system().equals(system) && r.workload().equals(workload)).findFirst();
    }
}
