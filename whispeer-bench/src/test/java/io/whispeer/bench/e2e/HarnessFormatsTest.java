package io.whispeer.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class HarnessFormatsTest {
    private static final String STAT = "4242 (java (the broker)) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 30 0 1000";

    private static CellResult row(String system, Workload workload, double rate, long cpu, long p50, long p99) {
        return new CellResult(system, "at most once", workload, rate, rate, cpu, rate / 2, new LatencySummary(1, p50, p99, 0, 0), 0);
    }

    @Test
    void brokerCpuTimeIsUserPlusSystemTicksEvenWhenTheCommandNameHasSpacesAndParentheses() {
        assertThat(BrokerCpu.parse(STAT)).isEqualTo(300 * 10_000_000L);
    }

    @Test
    void ratiosCompareThroughputLatencyAndCpuWithTheBaselineAndEachSealedRowWithItsTransportsPlainRow() {
        Workload workload = new Workload(1, 1, 1024);
        List<CellResult> rows = List.of(
                row("nats", workload, 1_000_000, 100, 50_000, 200_000),
                row("whispeer-tcp", workload, 500_000, 400, 100_000, 100_000),
                row("whispeer-tcp-xchacha", workload, 400_000, 400, 150_000, 400_000),
                row("whispeer-ws-aesgcm", workload, 300_000, -1, 100_000, 200_000));
        String ratios = ResultTable.ratios(rows, "nats", Optional.of(new LatencySummary(1, 50_000, 0, 0, 0)));
        assertThat(ratios).contains("| throughput vs nats | p50 vs nats | p99 vs nats | broker CPU/msg vs nats | sealed vs plain |")
                .contains("| whispeer-tcp | 1->1 | 1 KiB | 0.50x | 2.00x | 0.50x | 4.00x | – | 2.00x |")
                .contains("| whispeer-tcp-xchacha | 1->1 | 1 KiB | 0.40x | 3.00x | 2.00x | 4.00x | 0.80x | 3.00x |")
                .as("no plain ws row, no broker CPU: dashes").contains("| whispeer-ws-aesgcm | 1->1 | 1 KiB | 0.30x | 2.00x | 1.00x | – | – | 2.00x |")
                .doesNotContain("| nats |");
    }

    @Test
    void aRowWithoutTheBaselinesWorkloadShowsDashes() {
        List<CellResult> rows = List.of(row("raw-relay", new Workload(1, 1, 16), 1e6, 10, 1, 1),
                row("whispeer-ws", new Workload(4, 4, 16), 1e5, 10, 1, 1));
        assertThat(ResultTable.ratios(rows, "raw-relay", Optional.empty()))
                .contains("| whispeer-ws | 4->4 | 16 B | – | – | – | – | – | – |");
    }

    @Test
    void theMeasuredRowsShowEachRowsDeliveryGuarantee() {
        assertThat(ResultTable.rows(List.of(row("inproc-queue", new Workload(1, 3, 128), 3e6, -1, 1000, 2000))))
                .contains("| inproc-queue | at most once | 1->3 | 128 B | 3000 | 3000 | – |");
    }

    @Test
    void sealedSystemsNameTheirPlainSystemAndOthersNone() {
        assertThat(ResultTable.plainOf("whispeer-ws-xchacha")).contains("whispeer-ws");
        assertThat(ResultTable.plainOf("whispeer-tcp-aesgcm")).contains("whispeer-tcp");
        assertThat(ResultTable.plainOf("whispeer-tcp")).isEmpty();
    }

    @Test
    void clientSettingsAreKeyValuePairsAndAnythingElseIsRefusedWithAnExample() {
        assertThat(E2eMain.settings("a=1,b=x=y")).containsEntry("a", "1").containsEntry("b", "x=y");
        assertThatThrownBy(() -> E2eMain.settings("oops")).hasMessageContaining("'oops'").hasMessageContaining("key=value");
    }

    @Test
    void anUnknownOptionIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> E2eMain.parse(new String[] {"--payload", "16"})).hasMessageContaining("--payloads")
                .hasMessageContaining("--shapes");
    }

    @Test
    void machineMemoryIsMemTotalInGibibytes() {
        assertThat(MachineInfo.memory("MemFree: 1 kB\nMemTotal:        8388608 kB\n")).isEqualTo("8.0 GiB");
        assertThat(MachineInfo.memory("")).isEqualTo("unknown");
    }
}
