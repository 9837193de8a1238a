package io.whispeer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.whispeer.api.Broker;
import io.whispeer.api.Envelope;
import io.whispeer.api.Headers;
import io.whispeer.api.MessageId;
import io.whispeer.api.SubscribeOptions;
import io.whispeer.api.Subscription;
import io.whispeer.api.Whispeer;

/**
 * A broker with no key ring, on a module path with whispeer-api and whispeer-core and no encryption jar at all,
 * routes a sealed envelope it cannot open: envelope subscribers get the very object that was published, ciphertext
 * intact, and a typed subscriber counts it as rejected. Runs in its own surefire execution ({@code
 * keyless-module-path} in the pom), which puts api and core in the boot layer and removes whispeer-crypto-*,
 * whispeer-keys, Bouncy Castle and Tink.
 */
class KeylessRoutingTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    /** The XChaCha20-Poly1305 vector of docs/ENVELOPE.md, sealed elsewhere with a key this broker never sees. */
    private static final String SEALED = "5701000100010000000118404142434445464748494a4b4c4d4e4f5051525354555657af1b6615bc931063fcd6bd8c9eb250ef50850f36039a110ad794b83896be54d8";
    private static final String TOPIC = "sensor/kitchen/temperature";

    @Test
    void theTestRunsWithApiAndCoreOnTheModulePathAndNoEncryptionJar() {
        assertThat(System.getProperty("keyless.module-path")).as("run by the keyless-module-path execution").isEqualTo("true");
        assertThat(Broker.class.getModule().getName()).isEqualTo("io.whispeer.api");
        assertThat(ModuleLayer.boot().findModule("io.whispeer.core")).isPresent();
        assertThat(ModuleLayer.boot().findModule("io.whispeer.crypto.chacha")).isEmpty();
        assertThat(ModuleLayer.boot().findModule("io.whispeer.crypto.aesgcm")).isEmpty();
        assertThat(ModuleLayer.boot().findModule("io.whispeer.keys")).isEmpty();
        assertThatThrownBy(() -> Class.forName("io.whispeer.crypto.chacha.XChaCha20Poly1305Provider")).isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("org.bouncycastle.jce.provider.BouncyCastleProvider")).isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("com.google.crypto.tink.Aead")).isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void aBrokerWithoutKeysRoutesTheSealedEnvelopeUnopenedAndTypedSubscribersRejectIt() throws Exception {
        byte[] sealed = HexFormat.of().parseHex(SEALED);
        Envelope envelope = Envelope.parse(TOPIC, MessageId.parse("0102030405060708090a0b0c0d0e0f10"), Instant.ofEpochMilli(1_700_000_000_000L),
                Headers.of("unit", "C"), sealed);
        try (Broker broker = Whispeer.builder().build()) {
            assertThat(broker.getClass().getModule().getName()).isEqualTo("io.whispeer.core");
            CompletableFuture<Envelope> routed = new CompletableFuture<>();
            Subscription envelopes = broker.subscribeEnvelopes("sensor/#", (e, deliveryCount) -> routed.complete(e), SubscribeOptions.defaults());
            CopyOnWriteArrayList<Throwable> rejections = new CopyOnWriteArrayList<>();
            Subscription typed = broker.subscribe("sensor/#", byte[].class, m -> { },
                    SubscribeOptions.builder().errorListener((s, e) -> rejections.add(e)).build());

            assertThat(broker.publishEnvelope(envelope).join().queued()).isEqualTo(2);

            assertThat(routed.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isSameAs(envelope);
            assertThat(envelope.toBytes()).isEqualTo(sealed);
            assertThat(envelope.cipherId()).isEqualTo(1);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (typed.stats().rejected() == 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
                Thread.yield();
            }
            assertThat(typed.stats().rejected()).isEqualTo(1);
            assertThat(typed.stats().delivered()).isZero();
            assertThat(rejections).singleElement().satisfies(e -> assertThat(e).hasMessageContaining("is sealed (cipher id 1"));
            assertThat(envelopes.stats().delivered()).isEqualTo(1);
        }
    }
}
