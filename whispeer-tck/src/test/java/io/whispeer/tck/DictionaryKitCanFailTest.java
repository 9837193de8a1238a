package io.whispeer.tck;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.whispeer.api.CompressionDictionary;
import io.whispeer.api.spi.CompressionEngine;
import io.whispeer.api.spi.CompressionEngineProvider;
import io.whispeer.api.spi.Settings;

/** The dictionary checks of the compression kit catch an engine that claims dictionaries but ignores them. */
class DictionaryKitCanFailTest {
    @Test
    void engineThatIgnoresTheDictionaryFailsTheSmallerCheck() {
        CompressionEngineProvider reference = new DictionaryDeflateCompressionEngineProvider();
        CompressionEngineProvider broken = new CompressionEngineProvider() {
            @Override
            public String name() {
                return reference.name();
            }

            @Override
            public int id() {
                return reference.id();
            }

            @Override
            public CompressionEngine create(Settings settings) {
                CompressionEngine engine = reference.create(settings);
                return new CompressionEngine() {
                    @Override
                    public String name() {
                        return engine.name();
                    }

                    @Override
                    public int id() {
                        return engine.id();
                    }

                    @Override
                    public Optional<byte[]> compress(byte[] input) {
                        return engine.compress(input);
                    }

                    @Override
                    public byte[] decompress(byte[] input, int maxSize) {
                        return engine.decompress(input, maxSize);
                    }

                    @Override
                    public boolean supportsDictionaries() {
                        return true;
                    }

                    @Override
                    public CompressionDictionary trainDictionary(List<byte[]> samples, int maxBytes) {
                        return engine.trainDictionary(samples, maxBytes);
                    }

                    @Override
                    public Optional<byte[]> compress(byte[] input, CompressionDictionary dictionary) {
                        return engine.compress(input);
                    }

                    @Override
                    public byte[] decompress(byte[] input, int maxSize, CompressionDictionary dictionary) {
                        return engine.decompress(input, maxSize);
                    }
                };
            }
        };
        DictionaryDeflateCompressionEngineTest kit = new DictionaryDeflateCompressionEngineTest() {
            @Override
            protected CompressionEngineProvider provider() {
                return broken;
            }
        };
        try {
            assertThatThrownBy(kit::trainedDictionaryMakesSmallMessagesSmaller).isInstanceOf(AssertionError.class);
            assertThatThrownBy(kit::decompressingWithoutTheDictionaryThrowsOrGivesOtherBytes).isInstanceOf(AssertionError.class);
        } finally {
            kit.closeEngine();
        }
    }
}
