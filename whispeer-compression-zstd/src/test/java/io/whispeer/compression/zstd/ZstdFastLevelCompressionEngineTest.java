package io.whispeer.compression.zstd;

import java.util.Map;

import io.whispeer.api.spi.CompressionEngineProvider;
import io.whispeer.api.spi.Settings;
import io.whispeer.tck.CompressionEngineCompatibilityKit;

/** The kit again at a negative level, where zstd uses its fast strategy with acceleration. */
class ZstdFastLevelCompressionEngineTest extends CompressionEngineCompatibilityKit {
    @Override
    protected CompressionEngineProvider provider() {
        return new ZstdCompressionProvider();
    }

    @Override
    protected Settings settings() {
        return Settings.of(Map.of(ZstdCompressionProvider.LEVEL, "-5")).scoped(ZstdCompressionProvider.SCOPE);
    }
}
