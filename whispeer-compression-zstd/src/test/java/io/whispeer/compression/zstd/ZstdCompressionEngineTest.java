package io.whispeer.compression.zstd;

import io.whispeer.api.spi.CompressionEngineProvider;
import io.whispeer.tck.CompressionEngineCompatibilityKit;

class ZstdCompressionEngineTest extends CompressionEngineCompatibilityKit {
    @Override
    protected CompressionEngineProvider provider() {
        return new ZstdCompressionProvider();
    }
}
