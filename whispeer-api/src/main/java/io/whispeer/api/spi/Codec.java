package io.whispeer.api.spi;

import io.whispeer.api.CodecException;
import io.whispeer.api.TypeRef;

/**
 * Turns payload values into bytes and back. Instances are thread-safe and shared by all topics that use them.
 *
 * <p>Contract, checked by {@code CodecCompatibilityKit}:
 * <ul>
 *   <li>{@code decode(encode(v, t), t)} equals {@code v} for every supported value;</li>
 *   <li>bad input (wrong shape, truncated, garbage, a value of an unsupported type) throws {@link CodecException}
 *       and nothing else;</li>
 *   <li>encoding does not change the value, and neither method keeps a reference to its arguments.</li>
 * </ul>
 */
public interface Codec {
    /** {@return the codec name, as its provider's} */
    String name();

    /** {@return the wire id, as its provider's} */
    int id();

    /**
     * Encodes a value.
     *
     * @param value the value, not null
     * @param type  the declared type (may be generic); {@code value} is an instance of it
     * @return the bytes
     * @throws CodecException when the value cannot be encoded
     */
    byte[] encode(Object value, TypeRef<?> type);

    /**
     * Decodes bytes.
     *
     * @param data   the array
     * @param offset where the encoded value starts
     * @param length how many bytes it has
     * @param type   the type to decode into
     * @param <T>    the type
     * @return the value, not null
     * @throws CodecException when the bytes are not a value of that type
     */
    <T> T decode(byte[] data, int offset, int length, TypeRef<T> type);

    /**
     * Decodes a whole array.
     *
     * @param data the bytes
     * @param type the type to decode into
     * @param <T>  the type
     * @return the value, not null
     * @throws CodecException when the bytes are not a value of that type
     */
    default <T> T decode(byte[] data, TypeRef<T> type) {
        return decode(data, 0, data.length, type);
    }
}
