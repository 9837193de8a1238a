package io.whispeer.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.whispeer.api.SubscribeOptions;
import io.whispeer.api.Subscription;
import io.whispeer.tck.CapturedLogs;

/**
 * Closing the embedded broker: it delivers what is queued, interrupts handlers that do not finish, and leaves no
 * thread behind. That a stuck or failing subscriber never holds up the others is checked by
 * {@link EmbeddedBrokerCompatibilityTest}.
 */
class IsolationTest {
    /** This class makes things fail on purpose; what whispeer logs about it is captured, not printed. */
    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs();


    @Test
    void closeInterruptsAHandlerThatDoesNotFinishAndLeavesNoThreadBehind() throws Exception {
        AtomicReference<Thread> handlerThread = new AtomicReference<>();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        CoreBroker broker = TestSupport.broker(TestSupport.builder().property("whispeer.close-timeout", "200ms"));
        Subscription s = broker.subscribe("t", String.class, m -> {
            handlerThread.set(Thread.currentThread());
            entered.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
        });
        broker.publish("t", "a").join();
        broker.publish("t", "b").join();
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        long start = System.nanoTime();
        broker.close();
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(5);
        assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
        handlerThread.get().join(5_000);
        assertThat(handlerThread.get().isAlive()).isFalse();
        assertThat(s.isOpen()).isFalse();
        assertThat(s.stats().dropped()).isEqualTo(1);
    }

    @Test
    void closingWhilePublishersAndSubscribersAreBusyEndsCleanly() throws Exception {
        CoreBroker broker = TestSupport.broker(TestSupport.builder().property("whispeer.close-timeout", "1s"));
        List<Throwable> unexpected = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 4; i++) {
            broker.subscribe("busy/#", String.class, m -> { }, SubscribeOptions.builder().queueCapacity(8).build());
        }
        CountDownLatch started = new CountDownLatch(4);
        List<Thread> publishers = new java.util.ArrayList<>();
        for (int p = 0; p < 4; p++) {
            int id = p;
            publishers.add(Thread.ofPlatform().start(() -> {
                started.countDown();
                try {
                    for (int n = 0; ; n++) {
                        broker.publish("busy/" + id, "m" + n).join();
                        if (n % 50 == 0) {
                            broker.subscribe("busy/" + id, String.class, m -> { }).close();
                        }
                    }
                } catch (io.whispeer.api.BrokerClosedException expected) {
                    // the only way out
                } catch (Throwable t) {
                    unexpected.add(t);
                }
            }));
        }
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        broker.close();
        for (Thread t : publishers) {
            t.join(10_000);
            assertThat(t.isAlive()).isFalse();
        }
        assertThat(unexpected).isEmpty();
        assertThat(broker.stats().subscriptions()).isEmpty();
    }

    @Test
    void closeDeliversWhatIsQueuedBeforeStopping() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<String> received = new CopyOnWriteArrayList<>();
        CoreBroker broker = TestSupport.broker(TestSupport.builder());
        Subscription s = broker.subscribe("t", String.class, m -> {
            release.await();
            received.add(m.payload());
        });
        for (int i = 0; i < 10; i++) {
            broker.publish("t", "m" + i).join();
        }
        Thread closer = Thread.ofVirtual().start(broker::close);
        release.countDown();
        closer.join(10_000);
        assertThat(closer.isAlive()).isFalse();
        assertThat(received).hasSize(10);
        assertThat(s.whenClosed()).isCompleted();
    }
}
