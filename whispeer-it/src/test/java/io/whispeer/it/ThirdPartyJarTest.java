package io.whispeer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.example.fastpress.FastpressProvider;

import io.whispeer.api.Broker;
import io.whispeer.api.ConfigurationException;
import io.whispeer.api.Whispeer;
import io.whispeer.api.spi.CompressionEngineProvider;
import io.whispeer.compression.zstd.FakeZstdProvider;
import io.whispeer.compression.zstd.ZstdCompressionProvider;

/**
 * Third-party jars next to the real ones on the class path: an impostor in zstd's package is refused and every jar
 * is named by its own location, and an engine that outranks zstd is visible in the build-time log line.
 */
class ThirdPartyJarTest {
    private static final Logger CORE_LOG = Logger.getLogger("io.whispeer.core");
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @TempDir
    Path dir;

    @BeforeEach
    void captureLog() {
        CORE_LOG.addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        CORE_LOG.removeHandler(capture);
    }

    @Test
    void aFakeZstdInTheZstdPackageIsRefusedAndEachJarIsNamedByItsOwnLocation() throws Exception {
        SideJar fake = SideJar.write(dir.resolve("fake-zstd-6.6.6.jar"), CompressionEngineProvider.class, FakeZstdProvider.class,
                "com.example", "fake-zstd", "6.6.6");
        String realJar = Path.of(ZstdCompressionProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        assertThat(realJar).as("the real zstd comes from its jar").endsWith(".jar");
        assertThatThrownBy(() -> fake.with(() -> Whispeer.builder().build()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("The compression provider zstd (io.whispeer.compression.zstd.FakeZstdProvider, fake-zstd 6.6.6 from "
                        + fake.file() + ") claims the name 'zstd', which belongs to whispeer-compression-zstd"
                        + " (provider io.whispeer.compression.zstd.ZstdCompressionProvider).")
                .hasMessageContaining("The real one is present too: zstd (io.whispeer.compression.zstd.ZstdCompressionProvider,"
                        + " whispeer-compression-zstd ")
                .hasMessageContaining(" from " + realJar + ")");
    }

    @Test
    void aThirdPartyEngineThatOutranksZstdIsTheDefaultAndTheBuildLogLineSaysSo() throws Exception {
        SideJar fastpress = SideJar.write(dir.resolve("fastpress-2.0.0.jar"), CompressionEngineProvider.class, FastpressProvider.class,
                "com.example", "fastpress", "2.0.0");
        try (Broker broker = fastpress.with(() -> Whispeer.builder().build())) {
            assertThat(broker).isNotNull();
        }
        List<String> built = records.stream().filter(r -> r.getLevel() == Level.INFO && r.getMessage().startsWith("whispeer broker built"))
                .map(LogRecord::getMessage).toList();
        assertThat(built).hasSize(1);
        assertThat(built.get(0))
                .contains("; compression: fastpress (com.example.fastpress.FastpressProvider, fastpress 2.0.0 from " + fastpress.file()
                        + ") [rank 200, the highest present; others: none lowest, ")
                .contains("zstd 100")
                .contains("lz4 50")
                .contains("codecs: bytes (io.whispeer.core.BytesCodecProvider, whispeer-core ")
                .contains("json (io.whispeer.codec.json.JsonCodecProvider, whispeer-codec-json ")
                .contains("; cipher: none (no key ring: messages are not encrypted)");
    }

    @Test
    void withoutThirdPartyJarsTheLogLineNamesZstdWithItsJarAndVersion() {
        try (Broker broker = Whispeer.builder().build()) {
            assertThat(broker).isNotNull();
        }
        assertThat(records).filteredOn(r -> r.getMessage().startsWith("whispeer broker built")).singleElement()
                .satisfies(r -> assertThat(r.getMessage())
                        .containsPattern("; compression: zstd \\(io\\.whispeer\\.compression\\.zstd\\.ZstdCompressionProvider,"
                                + " whispeer-compression-zstd \\d[^ ]* from [^ ]+whispeer-compression-zstd[^ ]*\\.jar\\)")
                        .contains("[rank 100, the highest present; others: none lowest, lz4 50]"));
    }
}
