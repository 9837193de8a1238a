package io.whispeer.it.junit;

import io.whispeer.api.spi.CompressionEngineProvider;
import io.whispeer.compression.lz4.Lz4CompressionProvider;
import io.whispeer.tck.CompressionEngineCompatibilityKit;

/** The compression kit as a third party writes it, run under this module's JUnit version. */
class Lz4KitTest extends CompressionEngineCompatibilityKit {
    @Override
    protected CompressionEngineProvider provider() {
        return new Lz4CompressionProvider();
    }
}
