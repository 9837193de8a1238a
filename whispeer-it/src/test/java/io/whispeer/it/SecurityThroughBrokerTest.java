package io.whispeer.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import javax.crypto.SecretKey;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.whispeer.api.Broker;
import io.whispeer.api.Envelope;
import io.whispeer.api.KeyRing;
import io.whispeer.api.SubscribeOptions;
import io.whispeer.api.Subscription;
import io.whispeer.api.Whispeer;
import io.whispeer.keys.KeyRings;

/** Findings of the security review, through real engines and key rings. */
class SecurityThroughBrokerTest {
    private static final Logger CORE_LOG = Logger.getLogger("io.whispeer.core");
    private final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private boolean parentHandlers;

    record Reading(String text) {
    }

    @BeforeEach
    void captureWarnings() {
        parentHandlers = CORE_LOG.getUseParentHandlers();
        CORE_LOG.setUseParentHandlers(false); // captured, not printed
        CORE_LOG.addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        CORE_LOG.removeHandler(capture);
        CORE_LOG.setUseParentHandlers(parentHandlers);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"aes-256-gcm", "chacha20-poly1305"})
    void aStaticSharedKeyWithA96BitNonceCipherLogsAWarningAtBuildTime(String cipher) {
        Whispeer.builder().encryption(cipher, KeyRings.global(1, KeyRings.generateKey())).build().close();
        assertThat(warnings).singleElement().extracting(LogRecord::getMessage).asString()
                .contains(cipher).contains("96-bit nonces").contains("cannot rotate").contains("counts from zero")
                .contains("xchacha20-poly1305").contains("rotate shared keys by time");
    }

    @Test
    void xchachaOrARingThatRotatesLogsNoWarning() {
        Whispeer.builder().encryption("xchacha20-poly1305", KeyRings.global(1, KeyRings.generateKey())).build().close();
        Whispeer.builder().encryption("aes-256-gcm", KeyRings.rotating(1_000_000, Duration.ofHours(1), 2)).build().close();
        assertThat(warnings).isEmpty();
    }

    @Test
    void aHolderOfTheBroadFiltersKeyCannotPublishToATopicThatHasItsOwnKey() throws Exception {
        SecretKey broad = KeyRings.generateKey();
        SecretKey secret = KeyRings.generateKey();
        KeyRing full = KeyRings.perTopic().key("sensor/#", 1, broad).key("sensor/secret", 2, secret).build();
        KeyRing onlyBroad = KeyRings.perTopic().key("sensor/#", 1, broad).build();
        CapturePlugin forged = new CapturePlugin();
        try (Broker attacker = Whispeer.builder().encryption("xchacha20-poly1305", onlyBroad).plugin(forged).build();
             Broker victim = Whispeer.builder().encryption("xchacha20-poly1305", full).build()) {
            attacker.publish("sensor/secret", new Reading("forged")).join();
            BlockingQueue<Reading> delivered = new LinkedBlockingQueue<>();
            CountDownLatch refused = new CountDownLatch(1);
            List<Throwable> errors = new CopyOnWriteArrayList<>();
            Subscription s = victim.subscribe("sensor/#", Reading.class, m -> delivered.add(m.payload()),
                    SubscribeOptions.builder().errorListener((x, e) -> {
                        errors.add(e);
                        refused.countDown();
                    }).build());
            Envelope envelope = forged.last();
            victim.publishEnvelope(envelope).join();
            assertThat(refused.await(5, TimeUnit.SECONDS)).as("the forged message is refused").isTrue();
            assertThat(delivered).isEmpty();
            assertThat(s.stats().rejected()).isEqualTo(1);
            assertThat(errors.get(0)).hasStackTraceContaining("Unknown key id 1");

            // the broad key still opens the topics that only its filter covers
            attacker.publish("sensor/other", new Reading("from the broad key")).join();
            victim.publishEnvelope(forged.last()).join();
            assertThat(delivered.poll(5, TimeUnit.SECONDS)).isEqualTo(new Reading("from the broad key"));
            assertThat(s.stats().rejected()).isEqualTo(1);
        }
    }
}
