package io.whispeer.api;

import java.util.Arrays;
import java.util.Objects;

/**
 * A trained compression dictionary. Small messages of one shape (sensor readings, events) share most of their
 * bytes; a dictionary trained on samples of a topic lets each message refer to them instead of carrying them,
 * which turns a 160-byte JSON message from barely compressible into a fraction of its size.
 *
 * <p>The id travels in every envelope compressed with the dictionary, and the subscriber side looks the dictionary
 * up by it: publishers and subscribers must configure the same dictionaries
 * ({@link BrokerBuilder#dictionary(CompressionDictionary)}). Save {@link #bytes()} to a file to share one.
 *
 * @param engine the compression engine name it was trained for, such as {@code zstd}
 * @param id     the unsigned 32-bit id written into envelopes; never 0
 * @param bytes  the dictionary content
 */
public record CompressionDictionary(String engine, int id, byte[] bytes) {
    /** Checks and copies the components. */
    public CompressionDictionary {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(bytes, "bytes");
        if (id == 0) {
            throw new IllegalArgumentException("Dictionary id 0 is reserved for 'no dictionary'; use another id");
        }
        if (bytes.length == 0) {
            throw new IllegalArgumentException("A dictionary of 0 bytes is useless; train one from samples of the topic");
        }
        bytes = bytes.clone();
    }

    /** {@return a copy of the dictionary content} */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** {@return the size of the dictionary in bytes} */
    public int size() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CompressionDictionary other && other.id == id && other.engine.equals(engine) && Arrays.equals(other.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * engine.hashCode() + id) + Arrays.hashCode(bytes);
    }

    /** {@return the engine, id and size; the content is left out} */
    @Override
    public String toString() {
        return "CompressionDictionary[engine=" + engine + ", id=" + Integer.toUnsignedString(id) + ", size=" + bytes.length + "]";
    }
}
