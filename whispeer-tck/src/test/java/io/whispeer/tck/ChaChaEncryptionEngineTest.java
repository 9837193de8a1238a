package io.whispeer.tck;

import java.security.SecureRandom;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import io.whispeer.api.spi.EncryptionEngineProvider;

class ChaChaEncryptionEngineTest extends EncryptionEngineCompatibilityKit {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    protected EncryptionEngineProvider provider() {
        return new ChaChaEncryptionEngineProvider();
    }

    @Override
    protected SecretKey newKey() {
        byte[] key = new byte[ChaChaEncryptionEngineProvider.KEY_SIZE];
        RANDOM.nextBytes(key);
        return new SecretKeySpec(key, "ChaCha20");
    }
}
