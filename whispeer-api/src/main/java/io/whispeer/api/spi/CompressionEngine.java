package io.whispeer.api.spi;

import java.util.Optional;

import io.whispeer.api.CompressionException;

/**
 * Compresses and decompresses payloads. Instances are thread-safe; an engine that holds native contexts reuses
 * them (per thread or pooled), never allocates one per message, and frees them in {@link #close()}.
 *
 * <p>Contract, checked by {@code CompressionEngineCompatibilityKit}:
 * <ul>
 *   <li>{@code decompress(compress(x).get(), x.length)} equals {@code x};</li>
 *   <li>{@link #compress(byte[])} returns empty when the result would not be smaller than the input;</li>
 *   <li>{@link #decompress(byte[], int)} never allocates more than {@code maxSize} bytes of output whatever the
 *       input claims, and throws {@link CompressionException} (never an {@link Error}) for corrupt, truncated or
 *       oversized input.</li>
 * </ul>
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

    /** Frees native resources. Idempotent; the engine must not be used afterwards. */
    @Override
    default void close() {
    }
}
