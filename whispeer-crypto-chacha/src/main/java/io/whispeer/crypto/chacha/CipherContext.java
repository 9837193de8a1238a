package io.whispeer.crypto.chacha;

import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.NoSuchPaddingException;

import io.whispeer.api.ConfigurationException;

/**
 * What one seal or open borrows from the pool: a JCE ChaCha20-Poly1305 {@link Cipher}, re-initialised for every
 * message, and the scratch space of {@link HChaCha20}, zeroed after every message.
 */
final class CipherContext {
    /** The JCE name of the AEAD. */
    static final String TRANSFORMATION = "ChaCha20-Poly1305";
    /** The JCE key algorithm. */
    static final String KEY_ALGORITHM = "ChaCha20";
    /** The JDK's provider, whose implementation has intrinsics; preferred over any provider installed ahead of it. */
    private static final String PREFERRED_PROVIDER = "SunJCE";

    final Cipher cipher;
    final int[] state = new int[HChaCha20.STATE_WORDS];
    final int[] mixed = new int[HChaCha20.STATE_WORDS];
    final byte[] subkey = new byte[HChaCha20.SUBKEY_BYTES];
    /** The 96-bit ChaCha20-Poly1305 nonce of XChaCha20: 4 zero bytes, then the last 8 bytes of the 192-bit nonce. */
    final byte[] innerNonce = new byte[12];

    private CipherContext(Cipher cipher) {
        this.cipher = cipher;
    }

    /**
     * {@return a context with a new cipher}
     *
     * @throws ConfigurationException when this JDK has no ChaCha20-Poly1305
     */
    static CipherContext create() {
        return new CipherContext(newCipher());
    }

    /** Zeroes the HChaCha20 scratch space. */
    void wipe() {
        Arrays.fill(state, 0);
        Arrays.fill(mixed, 0);
        Arrays.fill(subkey, (byte) 0);
    }

    private static Cipher newCipher() {
        Provider preferred = Security.getProvider(PREFERRED_PROVIDER);
        try {
            if (preferred != null) {
                try {
                    return Cipher.getInstance(TRANSFORMATION, preferred);
                } catch (NoSuchAlgorithmException e) {
                    // a restricted SunJCE (FIPS configurations): take whichever provider has it
                }
            }
            return Cipher.getInstance(TRANSFORMATION);
        } catch (NoSuchAlgorithmException | NoSuchPaddingException e) {
            throw new ConfigurationException("This JVM (" + System.getProperty("java.vendor") + " " + System.getProperty("java.version")
                    + ") has no JCE provider of " + TRANSFORMATION + ", which whispeer-crypto-chacha needs; run on a JDK that has"
                    + " it (every OpenJDK 11 or newer does, unless its providers are restricted) or use whispeer.encryption=aes-256-gcm"
                    + " (whispeer-crypto-aesgcm)", e);
        }
    }
}
