package io.whispeer.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class E2eOptionsTest {
    private static LoadRunner.Settings settings(int window, long windowBytes) {
        return new LoadRunner.Settings(Duration.ZERO, Duration.ZERO, window, windowBytes, 0.5, Duration.ofSeconds(1));
    }

    @Test
    void shapesAreParsedAsPublishersToSubscribersAndCrossedWithEveryPayload() {
        List<Workload> workloads = Workload.matrix(List.of("1->1", " 4 -> 4 "), List.of(16, 16384));
        assertThat(workloads).containsExactly(new Workload(1, 1, 16), new Workload(1, 1, 16384), new Workload(4, 4, 16),
                new Workload(4, 4, 16384));
        assertThat(workloads.get(3).shape()).isEqualTo("4->4");
        assertThat(workloads.get(3).size()).isEqualTo("16 KiB");
    }

    @Test
    void aShapeThatIsNotPublishersToSubscribersIsRefusedWithAnExample() {
        assertThatThrownBy(() -> Workload.parse("5", 16)).hasMessageContaining("'5'").hasMessageContaining("4->4");
        assertThatThrownBy(() -> Workload.parse("0->1", 16)).hasMessageContaining("publishers is 0");
    }

    @Test
    void networkSystemsRunTheShapesAndInProcessSystemsTheInProcessShapes() {
        E2eMain.Plan plan = E2eMain.plan(new String[] {"--systems", "whispeer-tcp,inproc-queue", "--shapes", "1->1,4->4",
            "--inproc-shapes", "1->3", "--payloads", "128"});
        assertThat(plan.workloads().get("whispeer-tcp")).containsExactly(new Workload(1, 1, 128), new Workload(4, 4, 128));
        assertThat(plan.workloads().get("inproc-queue")).containsExactly(new Workload(1, 3, 128));
        assertThat(plan.cells()).isEqualTo(3);
    }

    @Test
    void theDefaultsAreTheIssuesMatrix() {
        E2eMain.Plan plan = E2eMain.plan(new String[0]);
        assertThat(plan.systems()).startsWith("raw-relay", "whispeer-tcp", "whispeer-tcp-xchacha", "whispeer-tcp-aesgcm",
                "whispeer-ws", "whispeer-ws-xchacha", "whispeer-ws-aesgcm").endsWith("inproc-whispeer", "inproc-queue", "inproc-disruptor");
        assertThat(plan.workloads().get("whispeer-ws")).hasSize(12).contains(new Workload(4, 4, 16384), new Workload(1, 5, 16));
        assertThat(plan.workloads().get("inproc-disruptor")).hasSize(4).allMatch(w -> w.shape().equals("1->3"));
    }

    @Test
    void theBaselineIsNatsWhenItRunsElseTheRawRelayElseTheFirstSystemWithABrokerUnlessNamed() {
        assertThat(E2eMain.plan(new String[] {"--systems", "raw-relay,nats,whispeer-tcp"}).baseline()).isEqualTo("nats");
        assertThat(E2eMain.plan(new String[] {"--systems", "whispeer-tcp,raw-relay"}).baseline()).isEqualTo("raw-relay");
        assertThat(E2eMain.plan(new String[] {"--systems", "whispeer-ws,whispeer-tcp"}).baseline()).isEqualTo("whispeer-ws");
        assertThat(E2eMain.plan(new String[] {"--systems", "inproc-queue,whispeer-tcp"}).baseline()).isEqualTo("whispeer-tcp");
        assertThat(E2eMain.plan(new String[] {"--systems", "raw-relay,whispeer-tcp", "--baseline", "whispeer-tcp"}).baseline())
                .isEqualTo("whispeer-tcp");
    }

    @Test
    void theEstimateCountsTwoRunsPerCellPlusSetUp() {
        E2eMain.Plan plan = E2eMain.plan(new String[] {"--systems", "whispeer-tcp", "--shapes", "1->1", "--payloads", "16,128",
            "--warmup", "0.5", "--measure", "1.5", "--system-warmup", "2"});
        // 2 cells x (2 x 2 s + 1 s) + 1 system x (3 s + 2 s)
        assertThat(plan.estimate()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void anUnknownSystemIsRefusedWithEveryKnownName() {
        assertThat(E2eMain.unknown("kafka")).hasMessageContaining("'kafka'").hasMessageContaining("inproc-disruptor")
                .hasMessageContaining("whispeer-ws-aesgcm");
    }

    @Test
    void theWindowIsBoundedInBytesAndSplitAmongThePublishers() {
        assertThat(LoadRunner.windowPerPublisher(settings(10_000, 64L << 20), new Workload(1, 1, 16))).isEqualTo(10_000);
        assertThat(LoadRunner.windowPerPublisher(settings(10_000, 64L << 20), new Workload(1, 5, 16384))).isEqualTo(4096);
        assertThat(LoadRunner.windowPerPublisher(settings(10_000, 64L << 20), new Workload(4, 4, 16384))).isEqualTo(1024);
        assertThat(LoadRunner.windowPerPublisher(settings(10_000, 64L << 20), new Workload(4, 4, 128))).isEqualTo(2500);
        assertThat(LoadRunner.windowPerPublisher(settings(3, 1), new Workload(4, 1, 16))).as("never below one").isEqualTo(1);
    }
}
