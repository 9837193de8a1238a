package io.whispeer.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.whispeer.api.spi.ConnectionInfo;
import io.whispeer.api.spi.Settings;
import io.whispeer.api.spi.TransportSettings;

/** The settings every transport reads, and the connection description every transport builds. */
class TransportSettingsTest {

    @Test
    void absentKeysGiveTheDefaults() {
        assertThat(TransportSettings.from(Settings.empty())).isEqualTo(TransportSettings.defaults())
                .isEqualTo(new TransportSettings(16 << 20, 64 << 10, 32 << 10));
    }

    @Test
    void sizesAreReadFromTheTransportsScopedViewWithUnitsAndTheLowMarkDefaultsToHalfTheHighOne() {
        TransportSettings settings = TransportSettings.from(Settings.of(Map.of(TransportSettings.MAX_FRAME_BYTES, "1MiB",
                TransportSettings.WRITE_BUFFER_HIGH_WATER_MARK, "256KiB")).scoped("whispeer.transport."));
        assertThat(settings).isEqualTo(new TransportSettings(1 << 20, 256 << 10, 128 << 10));
    }

    @Test
    void aLowMarkAboveTheHighOneIsRejectedNamingBoth() {
        Settings settings = Settings.of(Map.of(TransportSettings.WRITE_BUFFER_HIGH_WATER_MARK, "16KiB",
                TransportSettings.WRITE_BUFFER_LOW_WATER_MARK, "32KiB")).scoped("whispeer.transport.");
        assertThatThrownBy(() -> TransportSettings.from(settings)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(TransportSettings.WRITE_BUFFER_LOW_WATER_MARK + "=32768")
                .hasMessageContaining(TransportSettings.WRITE_BUFFER_HIGH_WATER_MARK + "=16384");
        assertThatThrownBy(() -> new TransportSettings(0, 1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(TransportSettings.MAX_FRAME_BYTES + "=0");
    }

    @Test
    void connectionInfoWithoutTlsHasNoSessionAndNoPrincipal() {
        InetSocketAddress remote = new InetSocketAddress("127.0.0.1", 50_000);
        InetSocketAddress local = new InetSocketAddress("127.0.0.1", 7420);
        ConnectionInfo info = ConnectionInfo.of("tcp", remote, local);
        assertThat(info.scheme()).isEqualTo("tcp");
        assertThat(info.remoteAddress()).isEqualTo(remote);
        assertThat(info.localAddress()).isEqualTo(local);
        assertThat(info.sslSession()).isEmpty();
        assertThat(info.peerPrincipal()).isEmpty();
        assertThat(info.toString()).contains("tcp", "50000", "7420");
        assertThatThrownBy(() -> ConnectionInfo.of("tcp", remote, null)).isInstanceOf(NullPointerException.class).hasMessageContaining("localAddress");
    }
}
