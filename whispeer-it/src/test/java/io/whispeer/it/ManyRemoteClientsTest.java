package io.whispeer.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.whispeer.api.Broker;
import io.whispeer.api.ClientOptions;
import io.whispeer.api.OverflowPolicy;
import io.whispeer.api.PublishReceipt;
import io.whispeer.api.RemotePubSub;
import io.whispeer.api.SubscribeOptions;
import io.whispeer.api.Whispeer;

/**
 * 100 remote publishers send 1,000 messages each through one server to one subscriber whose queues (on the server and
 * in the client) are small and BLOCK: the subscriber's pace holds every publisher back, nothing is lost, and each
 * publisher's messages arrive in its order.
 */
class ManyRemoteClientsTest {
    private static final int CLIENTS = 100;
    private static final int MESSAGES = 1_000;

    record Tick(int publisher, int sequence) {
    }

    @Test
    void aHundredClientsWithBlockBackpressureLoseNothingAndKeepTheirOrder() throws Exception {
        ClientOptions options = ClientOptions.builder().topic("load/+", Tick.class)
                .property("whispeer.transport.tcp.io-threads", "1").build();
        try (Broker server = Whispeer.builder().property("whispeer.server.auth.anonymous", "true").transport("tcp://127.0.0.1:0").build();
             RemotePubSub subscriber = Whispeer.connect(server.endpoints().get(0).toString(), options)) {
            String endpoint = server.endpoints().get(0).toString();
            int[] next = new int[CLIENTS];
            AtomicReference<String> disorder = new AtomicReference<>();
            CountDownLatch all = new CountDownLatch(CLIENTS * MESSAGES);
            subscriber.subscribe("load/+", Tick.class, m -> {
                Tick t = m.payload();
                if (t.sequence() != next[t.publisher()]) {
                    disorder.compareAndSet(null, "publisher " + t.publisher() + " sent " + t.sequence() + " after " + (next[t.publisher()] - 1));
                }
                next[t.publisher()] = t.sequence() + 1;
                all.countDown();
            }, SubscribeOptions.builder().queueCapacity(64).overflowPolicy(OverflowPolicy.BLOCK).build());

            List<RemotePubSub> publishers = new ArrayList<>();
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int p = 0; p < CLIENTS; p++) {
                    publishers.add(Whispeer.connect(endpoint, options));
                }
                List<Future<Integer>> done = new ArrayList<>();
                for (int p = 0; p < CLIENTS; p++) {
                    int publisher = p;
                    done.add(threads.submit(() -> {
                        CompletableFuture<PublishReceipt> last = null;
                        for (int i = 0; i < MESSAGES; i++) {
                            last = publishers.get(publisher).publish("load/" + publisher, new Tick(publisher, i));
                        }
                        return last.get(60, TimeUnit.SECONDS).queued();
                    }));
                }
                for (Future<Integer> f : done) {
                    assertThat(f.get(120, TimeUnit.SECONDS)).isEqualTo(1);
                }
                assertThat(all.await(120, TimeUnit.SECONDS)).as("all %d messages delivered", CLIENTS * MESSAGES).isTrue();
            } finally {
                publishers.forEach(RemotePubSub::close);
            }
            assertThat(disorder.get()).as("per-publisher order").isNull();
            assertThat(server.stats().dropped()).isZero();
            assertThat(server.stats().published()).isEqualTo((long) CLIENTS * MESSAGES);
        }
    }
}
