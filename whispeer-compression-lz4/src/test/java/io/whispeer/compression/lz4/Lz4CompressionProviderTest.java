package io.whispeer.compression.lz4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import net.jpountz.lz4.LZ4Factory;

import io.whispeer.api.ConfigurationException;
import io.whispeer.api.spi.CompressionEngine;
import io.whispeer.api.spi.WireIds;
import io.whispeer.tck.CompressionEngineCompatibilityKit;

class Lz4CompressionProviderTest {
    @Test
    void providerIsNamedLz4WithItsWireIdAndRanksBelowZstd() {
        Lz4CompressionProvider provider = new Lz4CompressionProvider();
        assertThat(provider.name()).isEqualTo("lz4");
        assertThat(provider.id()).isEqualTo(WireIds.COMPRESSION_LZ4);
        assertThat(provider.rank()).isEqualTo(50).isLessThan(100);
    }

    @Test
    void highCompressionGivesSmallerOrEqualOutputThanTheFastModeAndHigherLevelsNoLarger() {
        byte[] input = CompressionEngineCompatibilityKit.compressibleText(256 << 10);
        int fast = compressedSize(input, "0");
        int three = compressedSize(input, "3");
        int nine = compressedSize(input, "9");
        int seventeen = compressedSize(input, "17");
        assertThat(three).as("level 3 against the fast mode (%d bytes)", fast).isLessThan(fast);
        assertThat(nine).as("level 9 against level 3 (%d bytes)", three).isLessThanOrEqualTo(three);
        assertThat(seventeen).as("level 17 against level 9 (%d bytes)", nine).isLessThanOrEqualTo(nine);
    }

    @Test
    void theDefaultIsTheFastMode() {
        byte[] input = CompressionEngineCompatibilityKit.compressibleText(64 << 10);
        try (CompressionEngine byDefault = TestData.engine(); CompressionEngine fast = TestData.engine(Lz4CompressionProvider.LEVEL, "0")) {
            assertThat(byDefault.compress(input).orElseThrow()).isEqualTo(fast.compress(input).orElseThrow());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "18", "100", "hc", ""})
    void anInvalidLevelIsAConfigurationErrorNamingTheSettingAndTheAllowedLevels(String level) {
        assertThatThrownBy(() -> TestData.engine(Lz4CompressionProvider.LEVEL, level)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("whispeer.compression.lz4.level='" + level + "'")
                .hasMessageContaining("0 for the fast mode").hasMessageContaining("1 to 17");
    }

    @Test
    void theOutputIsTheOriginalLengthLittleEndianThenAnLz4BlockThatOtherReadersDecode() {
        byte[] input = CompressionEngineCompatibilityKit.compressibleText(100_000);
        try (CompressionEngine engine = TestData.engine()) {
            byte[] out = engine.compress(input).orElseThrow();
            assertThat(Arrays.copyOf(out, 4)).containsExactly(0xA0, 0x86, 0x01, 0x00);
            byte[] decoded = LZ4Factory.safeInstance().safeDecompressor().decompress(out, 4, out.length - 4, input.length);
            assertThat(decoded).isEqualTo(input);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "9", "17"})
    void runsOfOneByteAtTheHighestRatioLz4ReachesSurviveTheExpansionCheck(String level) {
        try (CompressionEngine engine = TestData.engine(Lz4CompressionProvider.LEVEL, level)) {
            for (int size : new int[] {24, 100, 4096, 1 << 20, 16 << 20}) {
                byte[] input = new byte[size];
                Arrays.fill(input, (byte) 'x');
                byte[] out = engine.compress(input).orElseThrow();
                assertThat(engine.decompress(out, size)).as("round trip of %d equal bytes, compressed to %d", size, out.length)
                        .isEqualTo(input);
            }
        }
    }

    @Test
    void theNativeLibraryIsUsedOnThisPlatform() {
        assertThat(LZ4Factory.fastestInstance()).as("lz4-java's fastest instance on %s/%s", System.getProperty("os.name"),
                System.getProperty("os.arch")).isSameAs(LZ4Factory.nativeInstance());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "9"})
    void anEngineRefusesUseAfterCloseAndClosingTwiceIsHarmless(String level) {
        CompressionEngine engine = TestData.engine(Lz4CompressionProvider.LEVEL, level);
        engine.close();
        engine.close();
        assertThatThrownBy(() -> engine.compress(new byte[100])).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    private static int compressedSize(byte[] input, String level) {
        try (CompressionEngine engine = TestData.engine(Lz4CompressionProvider.LEVEL, level)) {
            return engine.compress(input).orElseThrow().length;
        }
    }
}
