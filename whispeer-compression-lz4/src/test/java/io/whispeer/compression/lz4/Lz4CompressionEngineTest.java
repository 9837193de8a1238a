package io.whispeer.compression.lz4;

import io.whispeer.api.spi.CompressionEngineProvider;
import io.whispeer.tck.CompressionEngineCompatibilityKit;

class Lz4CompressionEngineTest extends CompressionEngineCompatibilityKit {
    @Override
    protected CompressionEngineProvider provider() {
        return new Lz4CompressionProvider();
    }
}
