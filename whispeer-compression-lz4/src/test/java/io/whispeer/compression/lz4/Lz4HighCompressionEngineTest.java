package io.whispeer.compression.lz4;

import java.util.Map;

import io.whispeer.api.spi.CompressionEngineProvider;
import io.whispeer.api.spi.Settings;
import io.whispeer.tck.CompressionEngineCompatibilityKit;

/** The kit again in high-compression mode, whose compressors are pooled with their native state. */
class Lz4HighCompressionEngineTest extends CompressionEngineCompatibilityKit {
    @Override
    protected CompressionEngineProvider provider() {
        return new Lz4CompressionProvider();
    }

    @Override
    protected Settings settings() {
        return Settings.of(Map.of(Lz4CompressionProvider.LEVEL, "9")).scoped(Lz4CompressionProvider.SCOPE);
    }
}
