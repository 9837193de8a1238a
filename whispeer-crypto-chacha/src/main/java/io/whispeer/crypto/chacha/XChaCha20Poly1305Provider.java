package io.whispeer.crypto.chacha;

import java.util.Objects;

import io.whispeer.api.ConfigurationException;
import io.whispeer.api.spi.EncryptionEngine;
import io.whispeer.api.spi.EncryptionEngineProvider;
import io.whispeer.api.spi.Settings;
import io.whispeer.api.spi.WireIds;

/**
 * Provides the XChaCha20-Poly1305 engine (draft-irtf-cfrg-xchacha), named {@code xchacha20-poly1305}, with wire id
 * {@value WireIds#CIPHER_XCHACHA20_POLY1305}: 256-bit keys, 192-bit nonces, 128-bit tags. It is the engine to
 * choose from this module. It reads no settings.
 *
 * <h2>Security guarantees</h2>
 * Under a key of 32 uniformly random bytes:
 * <ul>
 *   <li><b>Protected:</b> the confidentiality and integrity of the plaintext and the integrity of the associated
 *       data (IND-CCA2, as an AEAD). {@code open} throws {@link io.whispeer.api.MessageAuthenticationException},
 *       always with the same message and no cause, on a wrong key, any change to the nonce, ciphertext, tag or
 *       associated data, truncation, or a nonce or key of the wrong size; it releases no plaintext before the tag
 *       has been checked.</li>
 *   <li><b>Nonces:</b> the engine draws every nonce itself, 24 bytes from one {@link java.security.SecureRandom}
 *       per engine; callers cannot choose one. Two random 192-bit nonces collide with probability about
 *       {@code n^2 / 2^193} after {@code n} messages, about 2^-65 after 2^64 messages, so one key may seal any
 *       number of messages: {@link EncryptionEngine#maxMessagesPerKey()} is unbounded and nothing is counted.</li>
 *   <li><b>Limits:</b> one message may be up to 2^38 bytes (256 GiB, ChaCha20's 32-bit block counter), more than a
 *       Java array holds.</li>
 *   <li><b>Implementation:</b> HChaCha20 derives a subkey from the key and the first 16 nonce bytes with Bouncy
 *       Castle's ChaCha core; the JDK's ChaCha20-Poly1305 (SunJCE) seals under that subkey and the nonce
 *       {@code 00 00 00 00 ‖ nonce[16..24)}. The Wycheproof XChaCha20-Poly1305 vectors and the draft's vectors are
 *       tests of this module.</li>
 *   <li><b>Secrets:</b> keys and plaintext appear in no exception message, log or {@code toString()}. The engine
 *       holds no key; each {@link io.whispeer.api.spi.KeyedCipher} from {@link EncryptionEngine#forKey} holds one
 *       copy of the material, which its {@code close()} zeroes. The subkey derived for each message is zeroed after
 *       use, except the {@code SecretKeySpec} handed to the JCE and the JCE's own copy of the last subkey in the
 *       pooled {@code Cipher}, which cannot be zeroed from outside and are left to the garbage collector and the
 *       cipher's next use.</li>
 *   <li><b>Not protected:</b> the plaintext length (whispeer pads before sealing), replay (exactly-once
 *       de-duplication catches it), and anything outside the payload and associated data.</li>
 * </ul>
 */
public final class XChaCha20Poly1305Provider implements EncryptionEngineProvider {
    /** The engine name. */
    static final String NAME = "xchacha20-poly1305";

    /** Creates the provider; cheap, as {@link java.util.ServiceLoader} requires: the engine is made in {@link #create}. */
    public XChaCha20Poly1305Provider() {
    }

    /** {@return {@code xchacha20-poly1305}} */
    @Override
    public String name() {
        return NAME;
    }

    /** {@return {@value WireIds#CIPHER_XCHACHA20_POLY1305}} */
    @Override
    public int id() {
        return WireIds.CIPHER_XCHACHA20_POLY1305;
    }

    /**
     * Creates an engine.
     *
     * @param settings not read: the engine has no settings, and {@link #settingKeys()} declares none
     * @return the engine, thread-safe
     * @throws ConfigurationException when this JDK has no ChaCha20-Poly1305 cipher
     */
    @Override
    public EncryptionEngine create(Settings settings) {
        Objects.requireNonNull(settings, "settings");
        return new XChaCha20Poly1305Engine(NAME, id());
    }

    /** {@return the name and id} */
    @Override
    public String toString() {
        return NAME + " (id " + id() + ", whispeer-crypto-chacha)";
    }
}
