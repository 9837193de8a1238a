package io.whispeer.crypto.chacha;

import javax.crypto.SecretKey;

import io.whispeer.api.spi.EncryptionEngineProvider;
import io.whispeer.tck.EncryptionEngineCompatibilityKit;

class ChaCha20Poly1305EngineTest extends EncryptionEngineCompatibilityKit {
    @Override
    protected EncryptionEngineProvider provider() {
        return new ChaCha20Poly1305Provider();
    }

    @Override
    protected SecretKey newKey() {
        return TestKeys.random();
    }
}
