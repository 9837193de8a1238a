package io.whispeer.crypto.chacha;

import java.util.Map;
import java.util.Optional;
import javax.crypto.SecretKey;

import io.whispeer.api.spi.EncryptionEngineProvider;
import io.whispeer.api.spi.Settings;
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

    @Override
    protected Optional<Settings> settingsWithMessageLimit(long limit) {
        return Optional.of(Settings.of(Map.of(ChaCha20Poly1305Provider.MAX_MESSAGES_PER_KEY_KEY, String.valueOf(limit))));
    }
}
