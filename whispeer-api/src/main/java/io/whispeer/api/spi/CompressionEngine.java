package io.whispeer.api.spi;

import java.util.List;
import java.util.Optional;

import io.whispeer.api.CompressionDictionary;
import io.whispeer.api.CompressionException;

/**
 * Compresses and decompresses payloads. Instances are thread-safe; an engine that holds native contexts reuses
 * them (per thread or pooled), never allocates one per message, and frees them in {@link #close()}.
 *
 * <p>Contract, checked by {@code CompressionEngineCompatibilityKit}:
 * <ul>
 *   <li>{@code decompress(compress(x).get(), x.length)} equals {@code x}, with and without a dictionary;</li>
 *   <li>{@link #compress(byte[])} returns empty when the result would not be smaller than the input;</li>
 *   <li>{@link #decompress(byte[], int)} never allocates more than {@code maxSize} bytes of output whatever the
 *       input claims (never sizes a buffer from a declared content size, streams with a running cap), and throws
 *       {@link CompressionException} (never an {@link Error} and never a native crash) for corrupt, truncated or
 *       oversized input.</li>
 * </ul>
 * Dictionary support is a capability: engines that do not declare it keep the default methods, which refuse.
 */
public interface CompressionEngine extends AutoCloseable {
    /** {@return the engine name, as its provider's} */
    String name();

    /** {@return the wire id, as its provider's} */
    int id();

    /**
     * Compresses.
     *
     * @param input the bytes
     * @return the compressed bytes, or empty when they would not be smaller than {@code input}
     */
    Optional<byte[]> compress(byte[] input);

    /**
     * Decompresses, with a bound.
     *
     * @param input   compressed bytes
     * @param maxSize the most bytes the output may have
     * @return the original bytes
     * @throws CompressionException when the input is corrupt or would decompress to more than {@code maxSize}
     */
    byte[] decompress(byte[] input, int maxSize);

    /** {@return whether this engine can train and use dictionaries} */
    default boolean supportsDictionaries() {
        return false;
    }

    /**
     * Trains a dictionary from sample messages.
     *
     * @param samples  representative messages, typically hundreds to thousands
     * @param maxBytes the largest dictionary to produce
     * @return the dictionary, with an id derived from its content
     * @throws CompressionException when the engine has no dictionary support or the samples are unusable
     */
    default CompressionDictionary trainDictionary(List<byte[]> samples, int maxBytes) {
        throw noDictionaries();
    }

    /**
     * Compresses with a dictionary.
     *
     * @param input      the bytes
     * @param dictionary a dictionary trained for this engine
     * @return the compressed bytes, or empty when they would not be smaller than {@code input}
     * @throws CompressionException when the engine has no dictionary support
     */
    default Optional<byte[]> compress(byte[] input, CompressionDictionary dictionary) {
        throw noDictionaries();
    }

    /**
     * Decompresses with the dictionary the input was compressed with, with a bound.
     *
     * @param input      compressed bytes
     * @param maxSize    the most bytes the output may have
     * @param dictionary the dictionary
     * @return the original bytes
     * @throws CompressionException when the input is corrupt, too large, or the engine has no dictionary support
     */
    default byte[] decompress(byte[] input, int maxSize, CompressionDictionary dictionary) {
        throw noDictionaries();
    }

    private CompressionException noDictionaries() {
        return new CompressionException("Compression engine '" + name() + "' does not support dictionaries;"
                + " check supportsDictionaries() or use an engine that does, such as zstd");
    }

    /** Frees native resources. Idempotent; the engine must not be used afterwards. */
    @Override
    default void close() {
    }
}
