package io.whispeer.tck;

import io.whispeer.api.spi.CompressionEngineProvider;

class DeflateCompressionEngineTest extends CompressionEngineCompatibilityKit {
    @Override
    protected CompressionEngineProvider provider() {
        return new DeflateCompressionEngineProvider();
    }
}
