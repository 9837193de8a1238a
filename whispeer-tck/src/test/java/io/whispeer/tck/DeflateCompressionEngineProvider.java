package io.whispeer.tck;

import java.util.Arrays;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import io.whispeer.api.CompressionException;
import io.whispeer.api.spi.CompressionEngine;
import io.whispeer.api.spi.CompressionEngineProvider;
import io.whispeer.api.spi.Settings;

/**
 * The TCK's reference compression engine: zlib streams (with their Adler-32 check) through {@link Deflater} and
 * {@link Inflater}. Decompression grows its output buffer up to {@code maxSize + 1} bytes and no further.
 */
final class DeflateCompressionEngineProvider implements CompressionEngineProvider {
    @Override
    public String name() {
        return "deflate";
    }

    @Override
    public int id() {
        return 200;
    }

    @Override
    public java.util.Set<String> settingKeys() {
        return java.util.Set.of("level");
    }

    @Override
    public CompressionEngine create(Settings settings) {
        int level = settings.getInt("level", Deflater.DEFAULT_COMPRESSION, -1, 9);
        return new DeflateEngine(level);
    }

    private final class DeflateEngine implements CompressionEngine {
        private final int level;

        DeflateEngine(int level) {
            this.level = level;
        }

        @Override
        public String name() {
            return DeflateCompressionEngineProvider.this.name();
        }

        @Override
        public int id() {
            return DeflateCompressionEngineProvider.this.id();
        }

        @Override
        public Optional<byte[]> compress(byte[] input) {
            if (input.length < 2) {
                return Optional.empty();
            }
            Deflater deflater = new Deflater(level);
            try {
                deflater.setInput(input);
                deflater.finish();
                byte[] out = new byte[input.length - 1];
                int size = 0;
                while (!deflater.finished()) {
                    if (size == out.length) {
                        return Optional.empty();
                    }
                    size += deflater.deflate(out, size, out.length - size);
                }
                return Optional.of(Arrays.copyOf(out, size));
            } finally {
                deflater.end();
            }
        }

        @Override
        public byte[] decompress(byte[] input, int maxSize) {
            int cap = (int) Math.min((long) maxSize + 1, Integer.MAX_VALUE - 8);
            Inflater inflater = new Inflater();
            try {
                inflater.setInput(input);
                byte[] out = new byte[(int) Math.min(cap, Math.max(256L, input.length * 4L))];
                int size = 0;
                while (!inflater.finished()) {
                    if (size == out.length) {
                        if (out.length == cap) {
                            throw tooLarge(maxSize);
                        }
                        out = Arrays.copyOf(out, (int) Math.min(cap, out.length * 2L));
                    }
                    int n = inflater.inflate(out, size, out.length - size);
                    size += n;
                    if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                        throw new CompressionException("Corrupt deflate input: it ends before the stream does");
                    }
                }
                if (size > maxSize) {
                    throw tooLarge(maxSize);
                }
                if (inflater.getRemaining() > 0) {
                    throw new CompressionException("Corrupt deflate input: " + inflater.getRemaining() + " bytes follow the stream");
                }
                return size == out.length ? out : Arrays.copyOf(out, size);
            } catch (DataFormatException e) {
                throw new CompressionException("Corrupt deflate input: " + e.getMessage(), e);
            } finally {
                inflater.end();
            }
        }

        private static CompressionException tooLarge(int maxSize) {
            return new CompressionException("Deflate input expands to more than the limit of " + maxSize + " bytes");
        }
    }
}
