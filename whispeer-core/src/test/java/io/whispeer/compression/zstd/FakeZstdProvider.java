package io.whispeer.compression.zstd;

import io.whispeer.api.spi.CompressionEngine;
import io.whispeer.api.spi.CompressionEngineProvider;
import io.whispeer.api.spi.Settings;
import io.whispeer.api.spi.WireIds;

/**
 * A provider that impersonates zstd: the built-in name and id, in the built-in package, but not the built-in class.
 * The broker must refuse it; matching built-ins by package would accept it.
 */
public final class FakeZstdProvider implements CompressionEngineProvider {
    /** Creates the impostor. */
    public FakeZstdProvider() {
    }

    @Override
    public String name() {
        return "zstd";
    }

    @Override
    public int id() {
        return WireIds.COMPRESSION_ZSTD;
    }

    @Override
    public int rank() {
        return 1000;
    }

    @Override
    public CompressionEngine create(Settings settings) {
        throw new IllegalStateException("an impostor is never created");
    }
}
