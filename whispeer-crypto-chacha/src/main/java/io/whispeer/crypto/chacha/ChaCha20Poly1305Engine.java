package io.whispeer.crypto.chacha;

import java.security.GeneralSecurityException;
import javax.crypto.spec.IvParameterSpec;

import io.whispeer.api.KeyUsageLimitException;
import io.whispeer.api.spi.KeyMaterial;

/**
 * ChaCha20-Poly1305 of RFC 8439 with random 96-bit nonces. Each {@link ChaChaKeyedCipher} counts the messages it
 * seals and refuses at {@link #maxMessagesPerKey()}; the engine keeps no count and no key.
 */
final class ChaCha20Poly1305Engine extends ChaChaPoly1305Engine {
    /** Nonce bytes: 96 bits. */
    static final int NONCE_SIZE = 12;

    private final long maxMessagesPerKey;
    private final String limitSetting;

    ChaCha20Poly1305Engine(String name, int id, long maxMessagesPerKey, String limitSetting) {
        super(name, id, NONCE_SIZE);
        this.maxMessagesPerKey = maxMessagesPerKey;
        this.limitSetting = limitSetting;
    }

    @Override
    public long maxMessagesPerKey() {
        return maxMessagesPerKey;
    }

    @Override
    KeyUsageLimitException limitReached() {
        return new KeyUsageLimitException("Cannot seal with " + name() + ": this key has sealed " + maxMessagesPerKey + " messages, its"
                + " limit, beyond which its random 96-bit nonces risk repeating. Rotate to a new key (a rotating key ring does this"
                + " itself), use xchacha20-poly1305, whose 192-bit nonces need no limit, or change " + limitSetting + ".");
    }

    @Override
    void init(CipherContext context, int mode, KeyMaterial key, byte[] material, byte[] nonce) throws GeneralSecurityException {
        // The view hands the JCE a fresh copy of the material, so no long-lived SecretKeySpec copy is made per message.
        context.cipher.init(mode, key.view(CipherContext.KEY_ALGORITHM), new IvParameterSpec(nonce));
    }

    @Override
    String limits() {
        return ", at most " + maxMessagesPerKey + " messages per key";
    }
}
