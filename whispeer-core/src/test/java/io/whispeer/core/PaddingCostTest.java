package io.whispeer.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.List;

import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import io.whispeer.api.Headers;
import io.whispeer.api.KeyRing;
import io.whispeer.api.MessageId;
import io.whispeer.api.TopicPolicy;

/**
 * What padding every sealed payload costs: sealed sizes with padding on (the default) and off, uncompressed, for
 * payloads of 1 B to 64 KiB. Prints the table that {@code docs/benchmarks.md} ("Padding cost") shows:
 * {@code ./mvnw -B -o -pl whispeer-core -am verify -Dtest=PaddingCostTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class PaddingCostTest {
    private static final KeyRing KEYS = KeyRing.single(7, new SecretKeySpec(
            HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"), "AES"));
    private static final int[] SIZES = {1, 2, 8, 16, 31, 32, 48, 64, 100, 128, 256, 500, 512, 1000, 1024, 4096, 10_000, 16_384, 65_536};

    @Test
    void paddingCostsAtMostTheFloorForSmallPayloadsAndAboutTwelvePercentForLargeOnes() {
        TestSupport.TextCodecProvider codec = new TestSupport.TextCodecProvider();
        StringBuilder table = new StringBuilder("| payload | sealed, padding off | sealed, padding on | cost |\n|---:|---:|---:|---:|\n");
        try (CoreBroker on = broker("on"); CoreBroker off = broker("off")) {
            for (int size : SIZES) {
                byte[] payload = new byte[size];
                int padded = on.pipeline().seal(MessageId.generate(), 1L, Headers.empty(), codec, payload, on.topicPolicy("t")).toBytes().length;
                int exact = off.pipeline().seal(MessageId.generate(), 1L, Headers.empty(), codec, payload, off.topicPolicy("t")).toBytes().length;
                int cost = padded - exact;
                table.append(String.format("| %,d B | %,d B | %,d B | +%,d B (%.1f %%) |%n", size, exact, padded, cost, 100.0 * cost / exact));
                assertThat(cost).as("%d bytes", size).isPositive();
                if (size < Padding.MIN_PADDED) {
                    assertThat(padded - (exact - size)).as("%d bytes pad to the floor", size).isEqualTo(Padding.MIN_PADDED);
                } else {
                    assertThat(cost).as("%d bytes", size).isLessThanOrEqualTo(size / 8 + 1);
                }
            }
        }
        System.out.println("Padding cost (cipher with a 12-byte nonce and 16-byte tag, no compression):\n" + table);
    }

    private static CoreBroker broker(String padding) {
        return TestSupport.broker(TestSupport.builder().encryption("test-gcm", KEYS).property("whispeer.padding", padding)
                .topic("t", TopicPolicy.compression("none")), List.of(), List.of(new TestCiphers.AesGcmProvider("test-gcm", 90)));
    }
}
