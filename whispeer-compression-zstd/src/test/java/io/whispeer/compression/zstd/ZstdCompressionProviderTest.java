package io.whispeer.compression.zstd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.whispeer.api.CompressionException;
import io.whispeer.api.ConfigurationException;
import io.whispeer.api.spi.CompressionEngine;
import io.whispeer.api.spi.Settings;
import io.whispeer.api.spi.WireIds;
import io.whispeer.tck.CompressionEngineCompatibilityKit;

class ZstdCompressionProviderTest {
    @Test
    void providerIsNamedZstdWithItsWireIdAndOutranksLz4() {
        ZstdCompressionProvider provider = new ZstdCompressionProvider();
        assertThat(provider.name()).isEqualTo("zstd");
        assertThat(provider.id()).isEqualTo(WireIds.COMPRESSION_ZSTD);
        assertThat(provider.rank()).isEqualTo(100);
    }

    @Test
    void aHigherLevelGivesSmallerOrEqualOutputOnCompressibleData() {
        byte[] input = CompressionEngineCompatibilityKit.compressibleText(256 << 10);
        int fast = compressedSize(input, "-7");
        int one = compressedSize(input, "1");
        int three = compressedSize(input, "3");
        int nineteen = compressedSize(input, "19");
        assertThat(one).as("level 1 against level -7 (%d bytes)", fast).isLessThanOrEqualTo(fast);
        assertThat(nineteen).as("level 19 against level 3 (%d bytes)", three).isLessThanOrEqualTo(three);
        assertThat(nineteen).as("level 19 against level 1 (%d bytes)", one).isLessThan(one);
    }

    @Test
    void theDefaultLevelIsOne() {
        byte[] input = CompressionEngineCompatibilityKit.compressibleText(64 << 10);
        try (CompressionEngine byDefault = TestData.engine(); CompressionEngine one = TestData.engine(ZstdCompressionProvider.LEVEL, "1")) {
            assertThat(byDefault.compress(input).orElseThrow()).isEqualTo(one.compress(input).orElseThrow());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "23", "-8", "100", "fast", ""})
    void anInvalidLevelIsAConfigurationErrorNamingTheSettingAndTheAllowedLevels(String level) {
        assertThatThrownBy(() -> TestData.engine(ZstdCompressionProvider.LEVEL, level)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("whispeer.compression.zstd.level='" + level + "'")
                .hasMessageContaining("from 1 to 22").hasMessageContaining("from -1 to -7");
    }

    @ParameterizedTest
    @ValueSource(strings = {"9", "28", "31", "big"})
    void anInvalidWindowLimitIsAConfigurationErrorNamingTheSetting(String windowLog) {
        assertThatThrownBy(() -> TestData.engine(ZstdCompressionProvider.MAX_WINDOW_LOG, windowLog))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("whispeer.compression.zstd.max-window-log='" + windowLog + "'")
                .hasMessageContaining("10").hasMessageContaining("27");
    }

    @Test
    void aLowerWindowLimitIsHonouredWhenCompressingAndEnforcedWhenDecompressing() {
        byte[] input = CompressionEngineCompatibilityKit.compressibleText(1 << 20);
        try (CompressionEngine small = TestData.engine(ZstdCompressionProvider.MAX_WINDOW_LOG, "17", ZstdCompressionProvider.LEVEL, "3");
             CompressionEngine ultra = TestData.engine(ZstdCompressionProvider.MAX_WINDOW_LOG, "17", ZstdCompressionProvider.LEVEL, "20");
             CompressionEngine standard = TestData.engine(ZstdCompressionProvider.LEVEL, "3")) {
            assertThat(small.decompress(small.compress(input).orElseThrow(), input.length)).isEqualTo(input);
            byte[] ultraInput = CompressionEngineCompatibilityKit.compressibleText(256 << 10);
            assertThat(small.decompress(ultra.compress(ultraInput).orElseThrow(), ultraInput.length)).isEqualTo(ultraInput);

            byte[] wide = standard.compress(input).orElseThrow();
            assertThatThrownBy(() -> small.decompress(wide, input.length)).isInstanceOf(CompressionException.class)
                    .hasMessageContaining("whispeer.compression.zstd.max-window-log=17");
            assertThat(standard.decompress(wide, input.length)).isEqualTo(input);
        }
    }

    @Test
    void anEngineRefusesUseAfterCloseAndClosingTwiceIsHarmless() {
        CompressionEngine engine = TestData.engine();
        engine.close();
        engine.close();
        assertThatThrownBy(() -> engine.compress(new byte[100])).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    private static int compressedSize(byte[] input, String level) {
        try (CompressionEngine engine = new ZstdCompressionProvider().create(Settings.of(Map.of(ZstdCompressionProvider.LEVEL, level)).scoped(ZstdCompressionProvider.SCOPE))) {
            return engine.compress(input).orElseThrow().length;
        }
    }
}
