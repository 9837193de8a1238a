package io.whispeer.api.spi;

import java.util.Objects;

/**
 * The output of {@link KeyedCipher#seal}: the nonce the engine chose and the ciphertext with its tag.
 *
 * @param nonce      the nonce, {@link EncryptionEngine#nonceSize()} bytes
 * @param ciphertext the ciphertext followed by the tag
 */
public record SealedPayload(byte[] nonce, byte[] ciphertext) {
    /** Checks the components. */
    public SealedPayload {
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(ciphertext, "ciphertext");
    }

    /** {@return the sizes only} */
    @Override
    public String toString() {
        return "SealedPayload[nonce=" + nonce.length + " bytes, ciphertext=" + ciphertext.length + " bytes]";
    }
}
