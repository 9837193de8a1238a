package io.whispeer.crypto.aesgcm;

import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import io.whispeer.api.spi.EncryptionEngineProvider;
import io.whispeer.api.spi.Settings;
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

    @Override
    protected Optional<Settings> settingsWithMessageLimit(long limit) {
        return Optional.of(Settings.of(Map.of(AesGcmProvider.MAX_MESSAGES_PER_KEY_KEY, String.valueOf(limit))));
    }

    /** {@return a random AES-256 key} */
    static SecretKey newAesKey() {
        byte[] bytes = new byte[AesGcmEngine.KEY_SIZE];
        RANDOM.nextBytes(bytes);
        return new SecretKeySpec(bytes, "AES");
    }
}
