package io.whispeer.crypto.chacha;

import java.security.GeneralSecurityException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.SecretKey;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.whispeer.api.KeyUsageLimitException;

/**
 * ChaCha20-Poly1305 of RFC 8439 with random 96-bit nonces, counting the messages each key seals. Keys are told
 * apart by their bytes (a {@link SecretKeySpec} of the material, whatever class and algorithm name the caller's key
 * has), so a key ring that makes a new key object for every message is still counted as one key.
 */
final class ChaCha20Poly1305Engine extends ChaChaPoly1305Engine {
    /** Nonce bytes: 96 bits. */
    static final int NONCE_SIZE = 12;

    private final long maxMessagesPerKey;
    private final String limitSetting;
    private final ConcurrentHashMap<SecretKey, AtomicLong> sealed = new ConcurrentHashMap<>();

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
    void countSeal(byte[] material) {
        AtomicLong count = sealed.computeIfAbsent(new SecretKeySpec(material, CipherContext.KEY_ALGORITHM), k -> new AtomicLong());
        // Saturates at the limit, so that refused attempts cannot wrap the count around.
        long before = count.getAndUpdate(n -> n < maxMessagesPerKey ? n + 1 : n);
        if (before >= maxMessagesPerKey) {
            throw new KeyUsageLimitException("Cannot seal with " + name() + ": this key has sealed " + maxMessagesPerKey + " messages, its"
                    + " limit, beyond which its random 96-bit nonces risk repeating. Rotate to a new key (a rotating key ring does this"
                    + " itself), use xchacha20-poly1305, whose 192-bit nonces need no limit, or change " + limitSetting + ".");
        }
    }

    @Override
    void init(CipherContext context, int mode, byte[] material, byte[] nonce) throws GeneralSecurityException {
        context.cipher.init(mode, new SecretKeySpec(material, CipherContext.KEY_ALGORITHM), new IvParameterSpec(nonce));
    }

    /** {@return how many keys have been counted, for tests} */
    int countedKeys() {
        return sealed.size();
    }

    @Override
    void forgetKeys() {
        sealed.clear();
    }

    @Override
    String limits() {
        return ", at most " + maxMessagesPerKey + " messages per key";
    }
}
