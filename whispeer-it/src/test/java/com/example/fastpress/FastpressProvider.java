package com.example.fastpress;

import java.util.Optional;

import io.whispeer.api.spi.CompressionEngine;
import io.whispeer.api.spi.CompressionEngineProvider;
import io.whispeer.api.spi.Settings;

/**
 * A third-party compression engine that outranks zstd (rank 200 against 100): present, it becomes the default for
 * every topic without a choice, which the build-time log line must show. It never compresses. Packed into a jar of
 * its own by {@code SideJar}; not registered on the test class path.
 */
public final class FastpressProvider implements CompressionEngineProvider {
    /** Creates the provider. */
    public FastpressProvider() {
    }

    @Override
    public String name() {
        return "fastpress";
    }

    @Override
    public int id() {
        return 100;
    }

    @Override
    public int rank() {
        return 200;
    }

    @Override
    public CompressionEngine create(Settings settings) {
        return new CompressionEngine() {
            @Override
            public String name() {
                return "fastpress";
            }

            @Override
            public int id() {
                return 100;
            }

            @Override
            public Optional<byte[]> compress(byte[] input) {
                return Optional.empty();
            }

            @Override
            public byte[] decompress(byte[] input, int maxSize) {
                return input.clone();
            }
        };
    }
}
