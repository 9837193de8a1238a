package io.whispeer.crypto.chacha;

import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import io.whispeer.api.spi.EncryptionEngineProvider;
import io.whispeer.api.spi.Settings;

/** Keys and hex for the tests. */
final class TestKeys {
    private static final SecureRandom RANDOM = new SecureRandom();

    private TestKeys() {
    }

    /** {@return a new random 256-bit key} */
    static SecretKey random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return new SecretKeySpec(bytes, "ChaCha20");
    }

    /** {@return the key with these bytes, given as hex} */
    static SecretKey fromHex(String hex) {
        return new SecretKeySpec(hex(hex), "ChaCha20");
    }

    /** {@return the bytes of hex that may contain spaces and line breaks, as RFCs print it} */
    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("\\s+", ""));
    }

    /** {@return the engine a provider creates with empty settings, as the package-private class} */
    static ChaChaPoly1305Engine engine(EncryptionEngineProvider provider) {
        return (ChaChaPoly1305Engine) provider.create(Settings.empty());
    }
}
