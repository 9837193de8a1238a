package io.whispeer.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class PeerSystemsTest {
    private static final List<String> PEERS = PeerSystems.NAMES;
    private static final Map<String, List<String>> BINARIES = Map.of(
            PeerSystems.NATS, List.of("nats-server", "/usr/sbin/nats-server", "nats-server"),
            PeerSystems.REDIS, List.of("redis-server", "/usr/bin/redis-server", "redis-server"),
            PeerSystems.MOSQUITTO, List.of("mosquitto", "/usr/sbin/mosquitto", "mosquitto"));
    private static final int MESSAGES = 1_000;
    private static final int SIZE = 128;
    private static final Duration WAIT = Duration.ofSeconds(15);

    /** Records the sequence numbers of measured messages in arrival order, and checks each payload's filler. */
    private static final class OrderReceiver implements Receiver {
        private final List<Long> sequences = new ArrayList<>();
        private final AtomicLong probes = new AtomicLong();
        private final AtomicLong corrupt = new AtomicLong();

        @Override
        public void onMessage(byte[] payload) {
            long sequence = PayloadStamp.sequence(payload);
            if (sequence < 0) {
                probes.incrementAndGet();
                return;
            }
            if (payload.length != SIZE || payload[SIZE - 1] != (byte) sequence) {
                corrupt.incrementAndGet();
            }
            synchronized (sequences) {
                sequences.add(sequence);
            }
        }

        int count() {
            synchronized (sequences) {
                return sequences.size();
            }
        }

        List<Long> sequences() {
            synchronized (sequences) {
                return List.copyOf(sequences);
            }
        }
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what + " within " + WAIT.toSeconds() + " s").isLessThan(deadline);
            LockSupport.parkNanos(2_000_000);
        }
    }

    @ParameterizedTest
    @FieldSource("PEERS")
    void eachPeerDeliversAThousandMessagesInOrderToTwoSubscribersAndItsServerStopsOnClose(String name) throws Exception {
        List<String> binary = BINARIES.get(name);
        Assumptions.assumeTrue(ExternalServer.find(binary.get(0), binary.get(1)).isPresent(),
                binary.get(0) + " is not installed; apt-get install -y " + binary.get(2));
        SystemAdapter system = PeerSystems.adapter(name, "").orElseThrow();
        long pid;
        try (system) {
            system.start();
            pid = system.brokerPid().orElseThrow();
            assertThat(ProcessHandle.of(pid)).hasValueSatisfying(process -> assertThat(process.isAlive()).isTrue());
            List<OrderReceiver> receivers = List.of(new OrderReceiver(), new OrderReceiver());
            List<AutoCloseable> subscriptions = new ArrayList<>();
            try (Publisher publisher = system.publisher("bench/e2e/c0")) {
                for (OrderReceiver receiver : receivers) {
                    subscriptions.add(system.subscribe("bench/e2e/c0", receiver));
                }
                // One array for every message, as the harness does: an adapter whose client keeps it must copy it.
                byte[] payload = PayloadStamp.payload(SIZE);
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (receivers.stream().anyMatch(r -> r.probes.get() == 0)) {
                    assertThat(System.nanoTime()).as("every subscription active within " + WAIT.toSeconds() + " s").isLessThan(deadline);
                    PayloadStamp.stamp(payload, System.nanoTime(), PayloadStamp.PROBE);
                    publisher.publish(payload);
                    publisher.flush();
                    LockSupport.parkNanos(2_000_000);
                }
                for (int i = 0; i < MESSAGES; i++) {
                    PayloadStamp.stamp(payload, System.nanoTime(), i);
                    payload[SIZE - 1] = (byte) i;
                    publisher.publish(payload);
                }
                publisher.flush();
                await(() -> receivers.stream().allMatch(r -> r.count() >= MESSAGES), "both subscribers receive " + MESSAGES + " messages");
                List<Long> expected = LongStream.range(0, MESSAGES).boxed().toList();
                for (OrderReceiver receiver : receivers) {
                    assertThat(receiver.sequences()).as(name + " subscriber's sequence numbers").isEqualTo(expected);
                    assertThat(receiver.corrupt.get()).as("payloads that were not the one published").isZero();
                }
                assertThat(publisher.failures()).isZero();
            } finally {
                for (AutoCloseable subscription : subscriptions) {
                    subscription.close();
                }
            }
        }
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as(name + " server process after close").isEmpty();
    }

    @Test
    void unknownNamesHaveNoAdapterAndEveryPeerHasOneNamedAfterIt() {
        assertThat(PeerSystems.adapter("kafka", "")).isEmpty();
        for (String name : PeerSystems.NAMES) {
            assertThat(PeerSystems.adapter(name, "")).hasValueSatisfying(adapter -> assertThat(adapter.name()).isEqualTo(name));
        }
    }

    @Test
    void aMissingServerBinaryFailsNamingThePackageToInstall() {
        assertThatThrownBy(() -> ExternalServer.require("no-such-server-x7", "/nonexistent/no-such-server-x7", "no-such-pkg"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("no-such-server-x7 is not installed")
                .hasMessageContaining("no-such-pkg")
                .hasMessageContaining("apt-get install -y");
    }

    @Test
    void aServerThatExitsBeforeListeningFailsQuotingItsLog() {
        assertThatThrownBy(() -> ExternalServer.start("failing", Path.of("/bin/sh"), "config", port -> "port " + port,
                config -> List.of("-c", "echo config is broken; exit 3"), ""))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("failing exited with status 3")
                .hasMessageContaining("config is broken");
    }

    @Test
    void configsListenOnLoopbackOnlyWithoutPersistenceAndWithoutDroppingMessages() {
        assertThat(NatsAdapter.config(4222)).contains("listen: 127.0.0.1:4222").doesNotContain("jetstream")
                .contains("max_pending: 268435456");
        assertThat(RedisAdapter.config(6379)).contains("bind 127.0.0.1\n", "port 6379\n", "save \"\"\n", "appendonly no\n",
                "client-output-buffer-limit pubsub 0 0 0\n");
        assertThat(MosquittoAdapter.config(1883, "bench")).contains("listener 1883 127.0.0.1\n", "persistence false\n",
                "allow_anonymous true\n", "max_queued_messages 0\n", "max_queued_bytes 0\n", "user bench\n");
    }

    @Test
    void natsSubjectsUseDotsWhereTopicsUseSlashes() {
        assertThat(NatsAdapter.subject("bench/e2e/c3")).isEqualTo("bench.e2e.c3");
    }
}
