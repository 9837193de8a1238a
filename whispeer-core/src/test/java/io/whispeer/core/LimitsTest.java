package io.whispeer.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.whispeer.api.ConfigurationException;
import io.whispeer.api.LimitExceededException;

/**
 * Every size limit has a default, a setting, and an error naming the value, the limit and the setting. The header
 * limit is checked by {@link EmbeddedBrokerCompatibilityTest}.
 */
class LimitsTest {

    @Test
    void messageOverTheSizeLimitIsRefusedNamingSizeLimitAndSetting() {
        try (CoreBroker broker = TestSupport.broker(TestSupport.builder().maxMessageBytes(64))) {
            broker.publish("t", "x".repeat(63)).join();
            assertThatThrownBy(() -> broker.publish("t", "x".repeat(64)))
                    .isInstanceOf(LimitExceededException.class)
                    .hasMessageContaining("65 bytes")
                    .hasMessageContaining("limit is 64")
                    .hasMessageContaining("whispeer.message.max-bytes");
        }
    }

    @Test
    void defaultMessageLimitIsEightMebibytes() {
        try (CoreBroker broker = TestSupport.broker(TestSupport.builder())) {
            assertThat(broker.limits().maxMessageBytes()).isEqualTo(8 << 20);
            broker.publish("t", "x".repeat((8 << 20) - 1)).join();
            assertThatThrownBy(() -> broker.publish("t", "x".repeat(8 << 20))).isInstanceOf(LimitExceededException.class);
        }
    }

    @Test
    void sizeSettingsAcceptUnits() {
        try (CoreBroker broker = TestSupport.broker(TestSupport.builder().property("whispeer.message.max-bytes", "64KiB"))) {
            assertThat(broker.limits().maxMessageBytes()).isEqualTo(65_536);
        }
    }

    @Test
    void badSettingValuesFailTheBuildNamingKeyValueAndRange() {
        assertThatThrownBy(() -> TestSupport.broker(TestSupport.builder().property("whispeer.subscription.queue-capacity", "0")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("whispeer.subscription.queue-capacity='0'")
                .hasMessageContaining("between 1 and");
        assertThatThrownBy(() -> TestSupport.broker(TestSupport.builder().property("whispeer.close-timeout", "soon")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("not a duration");
    }
}
