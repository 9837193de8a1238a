package io.whispeer.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class HarnessFormatsTest {
    private static final String STAT = "4242 (java (the broker)) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 30 0 1000";

    @Test
    void brokerCpuTimeIsUserPlusSystemTicksEvenWhenTheCommandNameHasSpacesAndParentheses() {
        assertThat(BrokerCpu.parse(STAT)).isEqualTo(300 * 10_000_000L);
    }

    @Test
    void ratiosCompareEachRowWithTheBaselineTheUnsealedSystemAndTheRoundTrip() {
        Workload workload = new Workload(1, 1024);
        LatencySummary p50At100 = new LatencySummary(1, 100_000, 0, 0, 0);
        List<CellResult> rows = List.of(
                new CellResult("raw-relay", workload, 1_000_000, 1_000_000, 10, 500_000, p50At100, 0),
                new CellResult("whispeer-tcp", workload, 500_000, 500_000, 10, 250_000, p50At100, 0),
                new CellResult("whispeer-tcp-sealed", workload, 400_000, 400_000, 10, 200_000, p50At100, 0));
        String ratios = ResultTable.ratios(rows, "raw-relay", Optional.of(new LatencySummary(1, 50_000, 0, 0, 0)));
        assertThat(ratios).contains("| whispeer-tcp | 1->1 | 1 KiB | 0.50x | – | 2.00x |")
                .contains("| whispeer-tcp-sealed | 1->1 | 1 KiB | 0.40x | 0.80x | 2.00x |")
                .doesNotContain("| raw-relay |");
    }

    @Test
    void clientSettingsAreKeyValuePairsAndAnythingElseIsRefusedWithAnExample() {
        assertThat(E2eMain.settings("a=1,b=x=y")).containsEntry("a", "1").containsEntry("b", "x=y");
        assertThatThrownBy(() -> E2eMain.settings("oops")).hasMessageContaining("'oops'").hasMessageContaining("key=value");
    }

    @Test
    void anUnknownOptionIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> E2eMain.parse(new String[] {"--payload", "16"})).hasMessageContaining("--payloads");
    }
}
