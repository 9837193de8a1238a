package io.whispeer.it.junit;

import java.security.SecureRandom;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import io.whispeer.api.spi.EncryptionEngineProvider;
import io.whispeer.crypto.chacha.XChaCha20Poly1305Provider;
import io.whispeer.tck.EncryptionEngineCompatibilityKit;

/** The encryption kit as a third party writes it, run under this module's JUnit version. */
class XChaChaKitTest extends EncryptionEngineCompatibilityKit {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    protected EncryptionEngineProvider provider() {
        return new XChaCha20Poly1305Provider();
    }

    @Override
    protected SecretKey newKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return new SecretKeySpec(key, "XChaCha20");
    }
}
