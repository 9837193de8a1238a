package io.whispeer.crypto.chacha;

import java.security.GeneralSecurityException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.whispeer.api.KeyUsageLimitException;
import io.whispeer.api.spi.KeyMaterial;

/**
 * XChaCha20-Poly1305 (draft-irtf-cfrg-xchacha section 2.3): the subkey is HChaCha20 of the key and the first 16
 * nonce bytes, and the message is sealed with ChaCha20-Poly1305 under that subkey and the nonce
 * {@code 00 00 00 00 ‖ nonce[16..24)}. Random 192-bit nonces do not collide in practice, so nothing is counted.
 */
final class XChaCha20Poly1305Engine extends ChaChaPoly1305Engine {
    /** Nonce bytes: 192 bits. */
    static final int NONCE_SIZE = 24;

    XChaCha20Poly1305Engine(String name, int id) {
        super(name, id, NONCE_SIZE);
    }

    /**
     * {@return never: 2^64 messages under one key give a nonce collision with probability about 2^-65, so
     * {@link #maxMessagesPerKey()} is unbounded and nothing is counted}
     */
    @Override
    KeyUsageLimitException limitReached() {
        throw new IllegalStateException(name() + " has no message limit per key");
    }

    @Override
    void init(CipherContext context, int mode, KeyMaterial key, byte[] material, byte[] nonce) throws GeneralSecurityException {
        HChaCha20.subkey(material, nonce, context.state, context.mixed, context.subkey);
        System.arraycopy(nonce, HChaCha20.NONCE_PREFIX_BYTES, context.innerNonce, 4, NONCE_SIZE - HChaCha20.NONCE_PREFIX_BYTES);
        // SecretKeySpec and IvParameterSpec copy the arrays; the caller wipes the context's copies after the message.
        context.cipher.init(mode, new SecretKeySpec(context.subkey, CipherContext.KEY_ALGORITHM), new IvParameterSpec(context.innerNonce));
    }
}
