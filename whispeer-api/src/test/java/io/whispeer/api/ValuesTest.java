package io.whispeer.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import io.whispeer.api.spi.Settings;

/** The small value types of the API. */
class ValuesTest {

    @Test
    void messageIdsAreTimeOrderedAndRoundTripThroughHex() {
        MessageId a = MessageId.generate();
        MessageId b = MessageId.parse(a.toString());
        assertThat(b).isEqualTo(a);
        assertThat(a.toString()).hasSize(32);
        assertThat(a.high() >>> 16).isCloseTo(System.currentTimeMillis(), org.assertj.core.api.Assertions.within(60_000L));
        assertThat(MessageId.generate()).isNotEqualTo(a);
        assertThatThrownBy(() -> MessageId.parse("abc")).hasMessageContaining("expected 32 hexadecimal digits");
    }

    @Test
    void headersAreSortedAndRejectControlCharacters() {
        Headers h = Headers.builder().put("b", "2").put("a", "1").build();
        assertThat(h.asMap().keySet()).containsExactly("a", "b");
        assertThat(h.encodedSize()).isEqualTo(4);
        assertThat(h.toString()).isEqualTo("Headers[a, b]");
        assertThatThrownBy(() -> Headers.of("k", "line\nbreak")).hasMessageContaining("U+000A");
        assertThatThrownBy(() -> Headers.of("", "v")).hasMessageContaining("empty");
    }

    @Test
    void typeRefCapturesGenericTypes() {
        TypeRef<List<Map<String, Integer>>> ref = new TypeRef<>() { };
        assertThat(ref.type().getTypeName()).isEqualTo("java.util.List<java.util.Map<java.lang.String, java.lang.Integer>>");
        assertThat(ref.rawType()).isEqualTo(List.class);
        assertThat(TypeRef.of(String.class).rawType()).isEqualTo(String.class);
    }

    @Test
    void settingsParseSizesDurationsAndRangesWithClearErrors() {
        Settings s = Settings.of(Map.of("size", "16MiB", "small", "512", "time", "250ms", "iso", "PT2S", "bad", "lots", "flag", "true"));
        assertThat(s.getBytes("size", 0, 0, Long.MAX_VALUE)).isEqualTo(16L << 20);
        assertThat(s.getBytes("small", 0, 0, Long.MAX_VALUE)).isEqualTo(512);
        assertThat(s.getDuration("time", Duration.ZERO)).isEqualTo(Duration.ofMillis(250));
        assertThat(s.getDuration("iso", Duration.ZERO)).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.getBoolean("flag", false)).isTrue();
        assertThat(s.getInt("absent", 7, 0, 10)).isEqualTo(7);
        assertThatThrownBy(() -> s.getInt("bad", 1, 0, 10)).isInstanceOf(ConfigurationException.class).hasMessageContaining("bad='lots'");
        assertThatThrownBy(() -> s.getInt("small", 1, 0, 10)).hasMessageContaining("between 0 and 10");
        assertThat(s.toString()).doesNotContain("16MiB");
    }

    @Test
    void sealingKeysAndKeyRingsNeverShowKeyMaterial() {
        byte[] material = "0123456789abcdef0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        KeyRing ring = KeyRing.single(3, new SecretKeySpec(material, "AES"));
        assertThat(ring.sealingKey("t").toString()).contains("keyId=3").doesNotContain("0123456789abcdef");
        assertThat(ring.toString()).doesNotContain("0123456789abcdef");
        assertThat(ring.key("t", 3)).isPresent();
        assertThat(ring.key("t", 4)).isEmpty();
    }

    @Test
    void subscribeOptionsValidateTheirRanges() {
        assertThatThrownBy(() -> SubscribeOptions.builder().queueCapacity(0)).hasMessageContaining("Invalid queueCapacity 0");
        assertThatThrownBy(() -> SubscribeOptions.builder().blockTimeout(Duration.ZERO)).hasMessageContaining("must be positive");
        assertThat(SubscribeOptions.defaults().overflowPolicy()).isEqualTo(OverflowPolicy.BLOCK);
        assertThat(SubscribeOptions.defaults().queueCapacity()).isEmpty();
    }

    @Test
    void brokerStatsRankTheSlowestSubscriptionsFirst() {
        SubscriptionStats fast = stats("fast", 1, Duration.ofMillis(1));
        SubscriptionStats slow = stats("slow", 5, Duration.ofSeconds(3));
        BrokerStats stats = new TestBrokerStats(List.of(fast, slow));
        assertThat(stats.slowest(2)).extracting(SubscriptionStats::name).containsExactly("slow", "fast");
        assertThat(stats.subscriptionsByFilter()).containsEntry("f", 2);
    }

    private static SubscriptionStats stats(String name, int depth, Duration oldest) {
        return new TestSubscriptionStats(name, name, "f", "String", OverflowPolicy.BLOCK, QoS.AT_MOST_ONCE, 10, depth, 0, 0, 0, 0, 0, 0,
                oldest, true);
    }

    private record TestSubscriptionStats(String id, String name, String filter, String payloadType, OverflowPolicy overflowPolicy,
                                         QoS qos, int capacity, int queueDepth, long delivered, long dropped, long handlerErrors,
                                         long rejected, long redelivered, long duplicates, Duration oldestPending, boolean open)
            implements SubscriptionStats {
    }

    private record TestBrokerStats(List<SubscriptionStats> subscriptions) implements BrokerStats {
        @Override
        public long topics() {
            return 1;
        }

        @Override
        public long published() {
            return 0;
        }

        @Override
        public long delivered() {
            return 0;
        }

        @Override
        public long dropped() {
            return 0;
        }

        @Override
        public long rejected() {
            return 0;
        }

        @Override
        public long handlerErrors() {
            return 0;
        }

        @Override
        public long pluginErrors() {
            return 0;
        }

        @Override
        public long denied() {
            return 0;
        }
    }
}
