package io.whispeer.compression.zstd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.github.luben.zstd.Zstd;

import io.whispeer.api.CompressionDictionary;
import io.whispeer.api.CompressionException;
import io.whispeer.api.spi.CompressionEngine;
import io.whispeer.tck.CompressionEngineCompatibilityKit;

/** What the kit leaves open for dictionaries and zstd pins down. */
class ZstdDictionaryTest {
    private static final int MAX_BYTES = 16 << 10;

    private final CompressionEngine engine = TestData.engine();

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void aTrainedDictionaryHasTheZstdDictionaryIdStoredInIt() {
        CompressionDictionary dictionary = trained(1);
        assertThat(dictionary.engine()).isEqualTo("zstd");
        assertThat(dictionary.id()).isEqualTo((int) Zstd.getDictIdFromDict(dictionary.bytes())).isNotZero();
        assertThat(dictionary.size()).isLessThanOrEqualTo(MAX_BYTES);
    }

    @Test
    void aSixteenKibibyteDictionaryShrinksSmallJsonAtLeastTwoAndAHalfTimes() {
        CompressionDictionary dictionary = trained(1);
        List<byte[]> messages = CompressionEngineCompatibilityKit.smallJsonMessages(1000, 2);
        long original = 0;
        long compressed = 0;
        for (byte[] message : messages) {
            original += message.length;
            compressed += engine.compress(message, dictionary).map(out -> out.length).orElse(message.length);
        }
        assertThat((double) original / compressed).as("ratio on %d messages of %d bytes on average", messages.size(),
                original / messages.size()).isGreaterThanOrEqualTo(2.5);
    }

    @Test
    void decompressingWithAnotherDictionaryFailsNamingTheDictionaryNeeded() {
        CompressionDictionary dictionary = trained(1);
        CompressionDictionary other = engine.trainDictionary(CompressionEngineCompatibilityKit.kibibyteJsonMessages(300, 9), MAX_BYTES);
        byte[] message = CompressionEngineCompatibilityKit.smallJsonMessages(1, 5).get(0);
        byte[] compressed = engine.compress(message, dictionary).orElseThrow();

        assertThatThrownBy(() -> engine.decompress(compressed, message.length, other)).isInstanceOf(CompressionException.class)
                .hasMessageContaining("zstd dictionary " + Integer.toUnsignedString(dictionary.id()))
                .hasMessageContaining("with dictionary " + Integer.toUnsignedString(other.id()));
        assertThatThrownBy(() -> engine.decompress(compressed, message.length)).isInstanceOf(CompressionException.class)
                .hasMessageContaining("zstd dictionary " + Integer.toUnsignedString(dictionary.id()))
                .hasMessageContaining("without a dictionary");
        assertThat(engine.decompress(compressed, message.length, dictionary)).isEqualTo(message);
    }

    @Test
    void anotherEnginesDictionaryIsRefused() {
        CompressionDictionary lz4 = new CompressionDictionary("lz4", 7, trained(1).bytes());
        assertThatThrownBy(() -> engine.compress(new byte[200], lz4)).isInstanceOf(CompressionException.class)
                .hasMessageContaining("engine 'lz4'");
    }

    @Test
    void twoDifferentDictionariesWithOneIdAreRefused() {
        CompressionDictionary dictionary = trained(1);
        byte[] changed = dictionary.bytes();
        changed[changed.length - 1] ^= 1;
        CompressionDictionary impostor = new CompressionDictionary("zstd", dictionary.id(), changed);
        byte[] message = CompressionEngineCompatibilityKit.smallJsonMessages(1, 5).get(0);
        engine.compress(message, dictionary);

        assertThatThrownBy(() -> engine.compress(message, impostor)).isInstanceOf(CompressionException.class)
                .hasMessageContaining("id " + Integer.toUnsignedString(dictionary.id()));
        CompressionDictionary equalCopy = new CompressionDictionary("zstd", dictionary.id(), dictionary.bytes());
        assertThat(engine.compress(message, equalCopy)).isPresent();
    }

    @Test
    void rawContentWorksAsADictionaryToo() {
        byte[] content = String.join("", CompressionEngineCompatibilityKit.smallJsonMessages(50, 1).stream()
                .map(bytes -> new String(bytes, StandardCharsets.UTF_8)).toList()).getBytes(StandardCharsets.UTF_8);
        CompressionDictionary raw = new CompressionDictionary("zstd", 42, content);
        byte[] message = CompressionEngineCompatibilityKit.smallJsonMessages(1, 5).get(0);
        byte[] compressed = engine.compress(message, raw).orElseThrow();
        assertThat(engine.decompress(compressed, message.length, raw)).isEqualTo(message);
    }

    @Test
    void aCorruptZstdDictionaryIsRefused() {
        byte[] bytes = trained(1).bytes();
        Arrays.fill(bytes, 8, bytes.length, (byte) 0xFF);
        CompressionDictionary corrupt = new CompressionDictionary("zstd", 99, bytes);
        byte[] message = CompressionEngineCompatibilityKit.smallJsonMessages(1, 5).get(0);
        assertThatThrownBy(() -> engine.compress(message, corrupt)).isInstanceOf(CompressionException.class)
                .hasMessageContaining("dictionary 99");
        assertThat(engine.compress(message)).as("the engine without a dictionary").isPresent();
    }

    @Test
    void trainingOnTooFewSamplesOrWithAnUnusableSizeFailsWithCompressionException() {
        List<byte[]> few = CompressionEngineCompatibilityKit.smallJsonMessages(3, 1);
        assertThatThrownBy(() -> engine.trainDictionary(few, MAX_BYTES)).isInstanceOf(CompressionException.class)
                .hasMessageContaining("3 samples");
        List<byte[]> samples = CompressionEngineCompatibilityKit.smallJsonMessages(1000, 1);
        assertThatThrownBy(() -> engine.trainDictionary(samples, 100)).isInstanceOf(CompressionException.class)
                .hasMessageContaining("between 256 and 1048576");
        assertThatThrownBy(() -> engine.trainDictionary(samples, 2 << 20)).isInstanceOf(CompressionException.class)
                .hasMessageContaining("between 256 and 1048576");
    }

    private CompressionDictionary trained(long seed) {
        return engine.trainDictionary(CompressionEngineCompatibilityKit.smallJsonMessages(2000, seed), MAX_BYTES);
    }
}
