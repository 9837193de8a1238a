package io.whispeer.tck;

import io.whispeer.api.spi.CompressionEngineProvider;

class DictionaryDeflateCompressionEngineTest extends CompressionEngineCompatibilityKit {
    @Override
    protected CompressionEngineProvider provider() {
        return new DictionaryDeflateCompressionEngineProvider();
    }
}
