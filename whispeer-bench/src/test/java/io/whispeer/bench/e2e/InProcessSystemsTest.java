package io.whispeer.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

/** Short real runs of the load runner over the in-process systems: nothing lost, every publisher reaches everyone. */
class InProcessSystemsTest {
    private static final LoadRunner RUNNER = new LoadRunner(new LoadRunner.Settings(Duration.ofMillis(100), Duration.ofMillis(100),
            2_000, 64L << 20, 0.5, Duration.ofSeconds(15)));

    /** Wraps an adapter to keep the receivers the runner hands it, so the test can read their per-publisher counts. */
    private static final class Recording implements SystemAdapter {
        private final SystemAdapter system;
        final List<CountingReceiver> receivers = new ArrayList<>();

        Recording(SystemAdapter system) {
            this.system = system;
        }

        @Override
        public String name() {
            return system.name();
        }

        @Override
        public void start() throws Exception {
            system.start();
        }

        @Override
        public Publisher publisher(String topic) throws Exception {
            return system.publisher(topic);
        }

        @Override
        public AutoCloseable subscribe(String topic, Receiver receiver) throws Exception {
            receivers.add((CountingReceiver) receiver);
            return system.subscribe(topic, receiver);
        }

        @Override
        public OptionalLong brokerPid() {
            return system.brokerPid();
        }

        @Override
        public void close() throws java.io.IOException {
            system.close();
        }
    }

    private static void runsWithoutLoss(Supplier<SystemAdapter> adapter) throws Exception {
        try (Recording system = new Recording(adapter.get())) {
            system.start();
            int cell = 0;
            for (Workload workload : List.of(new Workload(4, 4, 128), new Workload(1, 3, 16384))) {
                system.receivers.clear();
                CellResult result = RUNNER.run(system, workload, "test/c" + cell++);
                assertThat(result.lost()).as("%s %s lost", system.name(), workload.shape()).isZero();
                assertThat(result.brokerCpuNanosPerDelivery()).as("no broker process").isEqualTo(-1);
                assertThat(result.latency().count()).as("latency samples").isPositive();
                assertThat(system.receivers).hasSize(workload.subscribers());
                for (int p = 0; p < workload.publishers(); p++) {
                    long first = system.receivers.get(0).received(p);
                    assertThat(first).as("messages of publisher %d", p).isPositive();
                    for (CountingReceiver receiver : system.receivers) {
                        assertThat(receiver.received(p)).as("every subscriber has all of publisher %d's messages", p).isEqualTo(first);
                        assertThat(receiver.probes(p)).isPositive();
                    }
                }
            }
        }
    }

    @Test
    void theQueueHandOffDeliversEveryPublishersMessagesToEverySubscriber() throws Exception {
        runsWithoutLoss(InProcessQueueAdapter::new);
    }

    @Test
    void theDisruptorDeliversEveryPublishersMessagesToEverySubscriber() throws Exception {
        runsWithoutLoss(InProcessDisruptorAdapter::new);
    }

    @Test
    void theEmbeddedWhispeerBrokerDeliversEveryPublishersMessagesToEverySubscriber() throws Exception {
        runsWithoutLoss(InProcessWhispeerAdapter::new);
    }
}
