package io.whispeer.api;

import java.util.OptionalInt;

/**
 * What the envelope of a received {@link Message} says about how it was carried: the codec, compression engine and
 * cipher that the publisher used, the key id and the sealed size. An application or a test reads it to see which
 * engine carried a message, without writing a plugin.
 *
 * <p>An interface, so that it can grow; whispeer creates the instances. Implementations must be immutable and
 * thread-safe.
 */
public interface MessageInfo {
    /** {@return the name of the codec that encoded the payload, such as {@code json} or {@code bytes}} */
    String codec();

    /**
     * {@return the name of the compression engine that compressed the payload, or {@code none} when it was not
     * compressed (below the topic's threshold, not smaller, or compression off)}
     */
    String compression();

    /** {@return the name of the cipher that sealed the payload, or {@code none} when it was not encrypted} */
    String cipher();

    /** {@return the id of the key that sealed it, an unsigned 32-bit value (0 when not encrypted)} */
    int keyId();

    /** {@return the id of the compression dictionary, when one was used} */
    OptionalInt dictionaryId();

    /** {@return the size in bytes of the sealed envelope as it travels: header, nonce, ciphertext and tag} */
    int sealedSize();
}
