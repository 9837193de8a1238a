package io.whispeer.core;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import io.whispeer.api.CompressionDictionary;
import io.whispeer.api.CompressionException;
import io.whispeer.api.spi.CompressionEngine;
import io.whispeer.api.spi.CompressionEngineProvider;
import io.whispeer.api.spi.Settings;

/**
 * A real compression engine for core tests, on the JDK's Deflater with preset dictionaries, so the pipeline's
 * compression rules are tested without the native engines. Levels come from {@code whispeer.compression.deflate-test.level}.
 */
final class TestCompression implements CompressionEngineProvider {
    static final String NAME = "deflate-test";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int id() {
        return 80;
    }

    @Override
    public java.util.Set<String> settingKeys() {
        return java.util.Set.of("level");
    }

    @Override
    public CompressionEngine create(Settings settings) {
        return new Engine(settings.getInt("level", 6, 0, 9));
    }

    record Engine(int level) implements CompressionEngine {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public int id() {
            return 80;
        }

        @Override
        public Optional<byte[]> compress(byte[] input) {
            return deflate(input, null);
        }

        @Override
        public byte[] decompress(byte[] input, int maxSize) {
            return inflate(input, maxSize, null);
        }

        @Override
        public boolean supportsDictionaries() {
            return true;
        }

        @Override
        public CompressionDictionary trainDictionary(List<byte[]> samples, int maxBytes) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (byte[] sample : samples) {
                if (out.size() + sample.length > maxBytes) {
                    break;
                }
                out.writeBytes(sample);
            }
            byte[] bytes = out.toByteArray();
            return new CompressionDictionary(NAME, java.util.Arrays.hashCode(bytes) | 1, bytes);
        }

        @Override
        public Optional<byte[]> compress(byte[] input, CompressionDictionary dictionary) {
            return deflate(input, dictionary.bytes());
        }

        @Override
        public byte[] decompress(byte[] input, int maxSize, CompressionDictionary dictionary) {
            return inflate(input, maxSize, dictionary.bytes());
        }

        private Optional<byte[]> deflate(byte[] input, byte[] dictionary) {
            Deflater deflater = new Deflater(level);
            try {
                if (dictionary != null) {
                    deflater.setDictionary(dictionary);
                }
                deflater.setInput(input);
                deflater.finish();
                byte[] buffer = new byte[input.length];
                int n = 0;
                while (!deflater.finished()) {
                    if (n == buffer.length) {
                        return Optional.empty();
                    }
                    n += deflater.deflate(buffer, n, buffer.length - n);
                }
                return n < input.length ? Optional.of(java.util.Arrays.copyOf(buffer, n)) : Optional.empty();
            } finally {
                deflater.end();
            }
        }

        private static byte[] inflate(byte[] input, int maxSize, byte[] dictionary) {
            Inflater inflater = new Inflater();
            try {
                inflater.setInput(input);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                byte[] chunk = new byte[8192];
                while (!inflater.finished()) {
                    int n = inflater.inflate(chunk);
                    if (n == 0 && inflater.needsDictionary()) {
                        if (dictionary == null) {
                            throw new CompressionException("Input needs a dictionary");
                        }
                        inflater.setDictionary(dictionary);
                        continue;
                    }
                    if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                        throw new CompressionException("Truncated deflate input");
                    }
                    if (out.size() + n > maxSize) {
                        throw new CompressionException("Decompressed size exceeds the limit of " + maxSize + " bytes");
                    }
                    out.write(chunk, 0, n);
                }
                return out.toByteArray();
            } catch (DataFormatException | IllegalArgumentException e) {
                throw new CompressionException("Corrupt deflate input");
            } finally {
                inflater.end();
            }
        }
    }
}
