package io.whispeer.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.whispeer.api.ClientOptions;
import io.whispeer.api.ConfigurationException;
import io.whispeer.api.Whispeer;
import io.whispeer.api.spi.Settings;

class ClientSettingsTest {
    @Test
    void defaultsAreTheDocumentedOnes() {
        ClientSettings s = ClientSettings.from(Settings.empty());
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.reconnectInitial()).isEqualTo(Duration.ofMillis(100));
        assertThat(s.reconnectMax()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.reconnectMaxAttempts()).isEqualTo(-1);
        assertThat(s.publishBufferMax()).isEqualTo(8192);
        assertThat(s.drainTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void everySettingIsRead() {
        ClientSettings s = ClientSettings.from(Settings.of(Map.of(
                "whispeer.client.connect-timeout", "1s",
                "whispeer.client.request-timeout", "2s",
                "whispeer.client.reconnect.initial-delay", "10ms",
                "whispeer.client.reconnect.max-delay", "20ms",
                "whispeer.client.reconnect.max-attempts", "3",
                "whispeer.client.publish-buffer.max-messages", "7",
                "whispeer.client.drain-timeout", "3s",
                "whispeer.client.keep-alive", "4s")));
        assertThat(s).isEqualTo(new ClientSettings(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofMillis(10),
                Duration.ofMillis(20), 3, 7, Duration.ofSeconds(3), Duration.ofSeconds(4)));
    }

    @Test
    void anUnknownClientKeyNamesTheClosestKnownOne() {
        assertThatThrownBy(() -> ClientSettings.from(Settings.of(Map.of("whispeer.client.reconect.max-delay", "1s"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("whispeer.client.reconect.max-delay")
                .hasMessageContaining("did you mean whispeer.client.reconnect.max-delay?");
    }

    @Test
    void anUnknownKeyFarFromAnyListsTheKnownOnes() {
        assertThatThrownBy(() -> ClientSettings.from(Settings.of(Map.of("whispeer.client.colour", "blue"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("whispeer.client.colour").hasMessageContaining("whispeer.client.connect-timeout");
    }

    @Test
    void connectRefusesAnUnknownClientKeyBeforeConnecting() {
        assertThatThrownBy(() -> Whispeer.connect("tcp://127.0.0.1:1", ClientOptions.builder()
                .property("whispeer.client.publish-bufer.max-messages", "1").build()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("did you mean whispeer.client.publish-buffer.max-messages?");
    }

    @Test
    void aMaximumDelayBelowTheInitialOneIsRefusedNamingBoth() {
        assertThatThrownBy(() -> ClientSettings.from(Settings.of(Map.of("whispeer.client.reconnect.initial-delay", "2s",
                "whispeer.client.reconnect.max-delay", "1s"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("whispeer.client.reconnect.max-delay").hasMessageContaining("whispeer.client.reconnect.initial-delay");
    }

    @Test
    void outOfRangeValuesAreRefused() {
        assertThatThrownBy(() -> ClientSettings.from(Settings.of(Map.of("whispeer.client.connect-timeout", "0ms"))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("whispeer.client.connect-timeout");
        assertThatThrownBy(() -> ClientSettings.from(Settings.of(Map.of("whispeer.client.reconnect.max-attempts", "-2"))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("whispeer.client.reconnect.max-attempts");
        assertThatThrownBy(() -> ClientSettings.from(Settings.of(Map.of("whispeer.client.publish-buffer.max-messages", "-1"))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("whispeer.client.publish-buffer.max-messages");
    }
}
