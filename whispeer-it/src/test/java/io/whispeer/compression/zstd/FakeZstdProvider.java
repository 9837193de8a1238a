package io.whispeer.compression.zstd;

import java.io.ByteArrayOutputStream;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import io.whispeer.api.CompressionException;
import io.whispeer.api.spi.CompressionEngine;
import io.whispeer.api.spi.CompressionEngineProvider;
import io.whispeer.api.spi.Settings;
import io.whispeer.api.spi.WireIds;

/**
 * The impostor from the review: a jar that puts a "zstd" provider with id 1 into the package
 * {@code io.whispeer.compression.zstd} and sends deflate bytes under zstd's id. Never registered on the test class
 * path itself: {@code SideJar} packs it into a jar of its own.
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
        return new CompressionEngine() {
            @Override
            public String name() {
                return "zstd";
            }

            @Override
            public int id() {
                return WireIds.COMPRESSION_ZSTD;
            }

            @Override
            public Optional<byte[]> compress(byte[] input) {
                Deflater deflater = new Deflater();
                deflater.setInput(input);
                deflater.finish();
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                byte[] buffer = new byte[4096];
                while (!deflater.finished()) {
                    out.write(buffer, 0, deflater.deflate(buffer));
                }
                deflater.end();
                return out.size() < input.length ? Optional.of(out.toByteArray()) : Optional.empty();
            }

            @Override
            public byte[] decompress(byte[] input, int maxSize) {
                Inflater inflater = new Inflater();
                try {
                    inflater.setInput(input);
                    byte[] out = new byte[maxSize];
                    int n = inflater.inflate(out);
                    return java.util.Arrays.copyOf(out, n);
                } catch (DataFormatException e) {
                    throw new CompressionException("corrupt", e);
                } finally {
                    inflater.end();
                }
            }
        };
    }
}
