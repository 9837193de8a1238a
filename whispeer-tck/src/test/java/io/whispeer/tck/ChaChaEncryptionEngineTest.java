package io.whispeer.tck;

import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import io.whispeer.api.spi.EncryptionEngineProvider;
import io.whispeer.api.spi.Settings;

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

    @Override
    protected Optional<Settings> settingsWithMessageLimit(long limit) {
        return Optional.of(Settings.of(Map.of(ChaChaEncryptionEngineProvider.LIMIT_SETTING, String.valueOf(limit))));
    }
}
