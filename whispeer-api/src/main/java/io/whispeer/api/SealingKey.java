package io.whispeer.api;

import java.util.Objects;
import javax.crypto.SecretKey;

/**
 * The key that seals new messages of a topic, with the id that travels in the envelope.
 *
 * @param keyId an unsigned 32-bit id that selects exactly this key when opening
 * @param key   the key material; never logged, never shown by {@link #toString()}
 */
public record SealingKey(int keyId, SecretKey key) {
    /** Checks the components. */
    public SealingKey {
        Objects.requireNonNull(key, "key");
    }

    /** {@return the key id and algorithm; never the key material} */
    @Override
    public String toString() {
        return "SealingKey[keyId=" + Integer.toUnsignedString(keyId) + ", algorithm=" + key.getAlgorithm() + ", material=<redacted>]";
    }
}
