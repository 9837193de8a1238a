package io.whispeer.tck;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.whispeer.api.MessageAuthenticationException;
import io.whispeer.api.EncryptionException;
import io.whispeer.api.spi.EncryptionEngine;
import io.whispeer.api.spi.EncryptionEngineProvider;
import io.whispeer.api.spi.SealedPayload;
import io.whispeer.api.spi.Settings;

/**
 * The TCK's reference encryption engine: JCE {@code ChaCha20-Poly1305} with random 96-bit nonces and one
 * {@link Cipher} per thread. Random 96-bit nonces are only safe for a limited number of messages per key; a real
 * engine counts them (or uses XChaCha20's 192-bit nonces), which this reference does not.
 */
final class ChaChaEncryptionEngineProvider implements EncryptionEngineProvider {
    static final int KEY_SIZE = 32;

    @Override
    public String name() {
        return "chacha20-poly1305";
    }

    @Override
    public int id() {
        return 200;
    }

    @Override
    public EncryptionEngine create(Settings settings) {
        return new ChaChaEngine();
    }

    private final class ChaChaEngine implements EncryptionEngine {
        private static final int NONCE_SIZE = 12;
        private static final int TAG_SIZE = 16;

        private final SecureRandom random = new SecureRandom();
        private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(() -> {
            try {
                return Cipher.getInstance("ChaCha20-Poly1305");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("This JDK has no ChaCha20-Poly1305", e);
            }
        });

        @Override
        public String name() {
            return ChaChaEncryptionEngineProvider.this.name();
        }

        @Override
        public int id() {
            return ChaChaEncryptionEngineProvider.this.id();
        }

        @Override
        public int keySize() {
            return KEY_SIZE;
        }

        @Override
        public int nonceSize() {
            return NONCE_SIZE;
        }

        @Override
        public int tagSize() {
            return TAG_SIZE;
        }

        @Override
        public SealedPayload seal(SecretKey key, byte[] plaintext, byte[] aad) {
            byte[] nonce = new byte[NONCE_SIZE];
            random.nextBytes(nonce);
            try {
                Cipher cipher = ciphers.get();
                cipher.init(Cipher.ENCRYPT_MODE, chachaKey(key), new IvParameterSpec(nonce));
                cipher.updateAAD(aad);
                return new SealedPayload(nonce, cipher.doFinal(plaintext));
            } catch (GeneralSecurityException e) {
                throw new EncryptionException("chacha20-poly1305 could not seal: " + e.getClass().getSimpleName());
            }
        }

        @Override
        public byte[] open(SecretKey key, byte[] nonce, byte[] ciphertext, byte[] aad) {
            if (nonce.length != NONCE_SIZE || ciphertext.length < TAG_SIZE) {
                throw failed();
            }
            try {
                Cipher cipher = ciphers.get();
                cipher.init(Cipher.DECRYPT_MODE, chachaKey(key), new IvParameterSpec(nonce));
                cipher.updateAAD(aad);
                return cipher.doFinal(ciphertext);
            } catch (GeneralSecurityException | EncryptionException e) {
                throw failed();
            }
        }

        private static SecretKey chachaKey(SecretKey key) {
            byte[] bytes = key.getEncoded();
            if (bytes == null || bytes.length != KEY_SIZE) {
                throw new EncryptionException("chacha20-poly1305 needs a key of " + KEY_SIZE + " bytes, not "
                        + (bytes == null ? "an unencodable key" : bytes.length + " bytes"));
            }
            return new SecretKeySpec(bytes, "ChaCha20");
        }

        private static MessageAuthenticationException failed() {
            return new MessageAuthenticationException("The payload did not authenticate");
        }

        @Override
        public String toString() {
            return "ChaChaEngine[chacha20-poly1305]";
        }
    }
}
