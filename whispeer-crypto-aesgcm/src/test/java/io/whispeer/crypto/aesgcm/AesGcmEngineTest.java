package io.whispeer.crypto.aesgcm;

import java.security.SecureRandom;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import io.whispeer.api.spi.EncryptionEngineProvider;
import io.whispeer.tck.EncryptionEngineCompatibilityKit;

class AesGcmEngineTest extends EncryptionEngineCompatibilityKit {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    protected EncryptionEngineProvider provider() {
        return new AesGcmProvider();
    }

    @Override
    protected SecretKey newKey() {
        return newAesKey();
    }

    /** {@return a random AES-256 key} */
    static SecretKey newAesKey() {
        byte[] bytes = new byte[AesGcmEngine.KEY_SIZE];
        RANDOM.nextBytes(bytes);
        return new SecretKeySpec(bytes, "AES");
    }
}
