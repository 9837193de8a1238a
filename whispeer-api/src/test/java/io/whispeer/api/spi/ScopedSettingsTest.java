package io.whispeer.api.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.whispeer.api.ConfigurationException;

class ScopedSettingsTest {
    private static final Settings ALL = Settings.of(Map.of(
            "whispeer.compression", "zstd",
            "whispeer.compression.zstd.level", "3",
            "whispeer.compression.zstd.max-window-log", "lots",
            "whispeer.compression.lz4.level", "9",
            "whispeer.message.max-bytes", "1MiB"));

    @Test
    void aScopedViewHoldsOnlyTheKeysUnderItsPrefixWithThePrefixRemoved() {
        assertThat(ALL.scoped("whispeer.compression.zstd.").asMap()).containsOnly(
                Map.entry("level", "3"), Map.entry("max-window-log", "lots"));
    }

    @Test
    void errorsOfAScopedViewNameTheKeyAsTheUserWroteIt() {
        Settings zstd = ALL.scoped("whispeer.compression.zstd.");
        assertThatThrownBy(() -> zstd.getInt("max-window-log", 23, 10, 27))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("Invalid whispeer.compression.zstd.max-window-log='lots'");
        assertThat(zstd.fullKey("absent")).isEqualTo("whispeer.compression.zstd.absent");
    }

    @Test
    void aViewOfAViewScopesFurther() {
        Settings nested = ALL.scoped("whispeer.").scoped("compression.").scoped("lz4.");
        assertThat(nested.asMap()).containsOnly(Map.entry("level", "9"));
        assertThat(nested.fullKey("level")).isEqualTo("whispeer.compression.lz4.level");
    }

    @Test
    void overridingAScopedViewKeepsTheFullKeysOfBothSides() {
        Settings shared = Settings.of(Map.of("whispeer.transport.max-frame-bytes", "1KiB", "whispeer.transport.tcp.max-frame-bytes", "x"));
        Settings tcp = shared.scoped("whispeer.transport.").overriddenBy(shared.scoped("whispeer.transport.tcp."));
        assertThat(tcp.get("max-frame-bytes")).contains("x");
        assertThatThrownBy(() -> tcp.getBytes("max-frame-bytes", 1, 1, 1 << 20))
                .hasMessageStartingWith("Invalid whispeer.transport.tcp.max-frame-bytes='x'");
        Settings udp = shared.scoped("whispeer.transport.").overriddenBy(shared.scoped("whispeer.transport.udp."));
        assertThat(udp.getBytes("max-frame-bytes", 1, 1, 1 << 20)).isEqualTo(1024);
    }

    @Test
    void aScopeMustEndWithADot() {
        assertThatThrownBy(() -> ALL.scoped("whispeer.compression"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must end with '.'");
    }

    @Test
    void toStringShowsFullKeysAndNoValues() {
        assertThat(ALL.scoped("whispeer.compression.zstd.").toString())
                .isEqualTo("Settings[whispeer.compression.zstd.level, whispeer.compression.zstd.max-window-log]")
                .doesNotContain("lots");
    }
}
