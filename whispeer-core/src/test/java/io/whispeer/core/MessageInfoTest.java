package io.whispeer.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import io.whispeer.api.Envelope;
import io.whispeer.api.KeyRing;
import io.whispeer.api.Message;
import io.whispeer.api.MessageInfo;

/** A received message says which codec, compression engine and cipher carried it, without a plugin. */
class MessageInfoTest {
    private static final KeyRing KEYS = KeyRing.single(7, new SecretKeySpec(new byte[32], "AES"));

    @Test
    void aReceivedMessageNamesItsCodecCompressionCipherKeyAndSealedSize() throws Exception {
        LinkedBlockingQueue<Envelope> sealed = new LinkedBlockingQueue<>();
        try (CoreBroker broker = TestSupport.broker(TestSupport.builder().encryption(KEYS), List.of(new TestCompression()),
                List.of(new TestCiphers.AesGcmProvider("test-gcm", 90)))) {
            broker.subscribeEnvelopes("t", (envelope, deliveryCount) -> sealed.add(envelope), io.whispeer.api.SubscribeOptions.defaults());
            LinkedBlockingQueue<Message<String>> inbox = new LinkedBlockingQueue<>();
            broker.subscribe("t", String.class, inbox::add);
            String big = "abc".repeat(1000);
            broker.publish("t", big).join();
            broker.publish("t", "x").join();
            Message<String> compressed = inbox.poll(5, TimeUnit.SECONDS);
            Message<String> small = inbox.poll(5, TimeUnit.SECONDS);
            assertThat(compressed).isNotNull();
            assertThat(small).isNotNull();
            MessageInfo info = compressed.info();
            assertThat(info.codec()).isEqualTo("text");
            assertThat(info.compression()).isEqualTo(TestCompression.NAME);
            assertThat(info.cipher()).isEqualTo("test-gcm");
            assertThat(info.keyId()).isEqualTo(7);
            assertThat(info.dictionaryId()).isEmpty();
            assertThat(info.sealedSize()).isEqualTo(sealed.poll(5, TimeUnit.SECONDS).sealedSize());
            assertThat(small.info().compression()).as("a message below the compression threshold").isEqualTo("none");
        }
    }

    @Test
    void aMessageWithoutAKeyRingSaysItsCipherIsNone() throws Exception {
        try (CoreBroker broker = TestSupport.broker(TestSupport.builder())) {
            LinkedBlockingQueue<Message<String>> inbox = new LinkedBlockingQueue<>();
            broker.subscribe("t", String.class, inbox::add);
            broker.publish("t", "x").join();
            Message<String> message = inbox.poll(5, TimeUnit.SECONDS);
            assertThat(message).isNotNull();
            assertThat(message.info().cipher()).isEqualTo("none");
            assertThat(message.info().keyId()).isZero();
        }
    }
}
