package io.whispeer.examples;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.crypto.spec.SecretKeySpec;

import io.whispeer.api.Broker;
import io.whispeer.api.KeyRing;
import io.whispeer.api.PublishReceipt;
import io.whispeer.api.Whispeer;

/**
 * The README's example: an embedded broker that seals every message with XChaCha20-Poly1305, a typed topic, one
 * subscriber, one message. Compiles against {@code whispeer-api} only; the core, the JSON codec, zstd and the
 * cipher are found at run time.
 */
public final class Quickstart {
    /** A JSON-encoded payload. */
    public record Temperature(String room, double celsius) {
    }

    private Quickstart() {
    }

    /**
     * Runs the example and prints what the subscriber received.
     *
     * @param args ignored
     * @throws InterruptedException when interrupted while waiting for the message
     */
    public static void main(String[] args) throws InterruptedException {
        run(System.out);
    }

    static void run(PrintStream out) throws InterruptedException {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);                       // in real use: KeyFiles.load(...) from whispeer-keys
        try (Broker broker = Whispeer.builder()
                .encryption("xchacha20-poly1305", KeyRing.single(1, new SecretKeySpec(key, "ChaCha20")))
                .topic("sensor/+/temperature", Temperature.class)
                .build()) {
            CountDownLatch received = new CountDownLatch(1);
            broker.subscribe("sensor/+/temperature", Temperature.class, msg -> {
                out.printf("%s -> %s: %.1f C%n", msg.topic(), msg.payload().room(), msg.payload().celsius());
                received.countDown();
            });
            PublishReceipt receipt = broker.publish("sensor/kitchen/temperature", new Temperature("kitchen", 21.5)).join();
            out.println("sealed message " + receipt.id() + " queued for " + receipt.queued() + " subscriber(s)");
            if (!received.await(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no message within 5 s");
            }
        }
    }
}
