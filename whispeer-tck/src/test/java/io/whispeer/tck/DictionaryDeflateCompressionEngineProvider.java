package io.whispeer.tck;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.Adler32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import io.whispeer.api.CompressionDictionary;
import io.whispeer.api.CompressionException;
import io.whispeer.api.spi.CompressionEngine;
import io.whispeer.api.spi.CompressionEngineProvider;
import io.whispeer.api.spi.Settings;

/**
 * The TCK's reference engine with dictionaries: the {@code deflate} reference plus zlib preset dictionaries. A
 * "trained" dictionary is the tail of the concatenated samples (zlib prefers the most common strings last), its id
 * the Adler-32 that zlib writes into every stream compressed with it; so decompressing with another dictionary or
 * without one fails.
 */
final class DictionaryDeflateCompressionEngineProvider implements CompressionEngineProvider {
    /** zlib uses at most the last 32 KiB of a dictionary. */
    private static final int MAX_DICTIONARY = 32 << 10;

    @Override
    public String name() {
        return "deflate-dictionary";
    }

    @Override
    public int id() {
        return 201;
    }

    @Override
    public CompressionEngine create(Settings settings) {
        return new Engine(new DeflateCompressionEngineProvider().create(settings));
    }

    private final class Engine implements CompressionEngine {
        private final CompressionEngine plain;

        Engine(CompressionEngine plain) {
            this.plain = plain;
        }

        @Override
        public String name() {
            return DictionaryDeflateCompressionEngineProvider.this.name();
        }

        @Override
        public int id() {
            return DictionaryDeflateCompressionEngineProvider.this.id();
        }

        @Override
        public Optional<byte[]> compress(byte[] input) {
            return plain.compress(input);
        }

        @Override
        public byte[] decompress(byte[] input, int maxSize) {
            return plain.decompress(input, maxSize);
        }

        @Override
        public boolean supportsDictionaries() {
            return true;
        }

        @Override
        public CompressionDictionary trainDictionary(List<byte[]> samples, int maxBytes) {
            if (samples.isEmpty() || maxBytes <= 0) {
                throw new CompressionException("Cannot train a deflate dictionary from " + samples.size() + " samples into "
                        + maxBytes + " bytes; give samples and a positive size");
            }
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            samples.forEach(all::writeBytes);
            byte[] bytes = all.toByteArray();
            byte[] tail = Arrays.copyOfRange(bytes, Math.max(0, bytes.length - Math.min(maxBytes, MAX_DICTIONARY)), bytes.length);
            if (tail.length == 0) {
                throw new CompressionException("Cannot train a deflate dictionary from empty samples");
            }
            Adler32 adler = new Adler32();
            adler.update(tail);
            return new CompressionDictionary(name(), (int) adler.getValue(), tail);
        }

        @Override
        public Optional<byte[]> compress(byte[] input, CompressionDictionary dictionary) {
            if (input.length < 2) {
                return Optional.empty();
            }
            Deflater deflater = new Deflater();
            try {
                deflater.setDictionary(dictionary.bytes());
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
        public byte[] decompress(byte[] input, int maxSize, CompressionDictionary dictionary) {
            Inflater inflater = new Inflater();
            try {
                inflater.setInput(input);
                byte[] out = new byte[(int) Math.min(maxSize + 1L, 1 << 16)];
                int size = 0;
                while (!inflater.finished()) {
                    if (size == out.length) {
                        if (size > maxSize) {
                            throw new CompressionException("Deflate input expands to more than the limit of " + maxSize + " bytes");
                        }
                        out = Arrays.copyOf(out, (int) Math.min((long) maxSize + 1, out.length * 2L));
                    }
                    int n = inflater.inflate(out, size, out.length - size);
                    size += n;
                    if (n == 0 && inflater.needsDictionary()) {
                        int wanted = inflater.getAdler();
                        if (wanted != dictionary.id()) {
                            throw new CompressionException("The deflate input was compressed with dictionary "
                                    + Integer.toUnsignedString(wanted) + ", not " + Integer.toUnsignedString(dictionary.id()));
                        }
                        inflater.setDictionary(dictionary.bytes());
                    } else if (n == 0 && inflater.needsInput()) {
                        throw new CompressionException("Corrupt deflate input: it ends before the stream does");
                    }
                }
                if (size > maxSize) {
                    throw new CompressionException("Deflate input expands to more than the limit of " + maxSize + " bytes");
                }
                return Arrays.copyOf(out, size);
            } catch (DataFormatException | IllegalArgumentException e) {
                throw new CompressionException("Corrupt deflate input: " + e.getMessage(), e);
            } finally {
                inflater.end();
            }
        }
    }
}
