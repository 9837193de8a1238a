package io.whispeer.tck;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.IvParameterSpec;

import io.whispeer.api.EncryptionException;
import io.whispeer.api.KeyUsageLimitException;
import io.whispeer.api.MessageAuthenticationException;
import io.whispeer.api.spi.EncryptionEngine;
import io.whispeer.api.spi.EncryptionEngineProvider;
import io.whispeer.api.spi.KeyMaterial;
import io.whispeer.api.spi.KeyedCipher;
import io.whispeer.api.spi.SealedPayload;
import io.whispeer.api.spi.Settings;

/**
 * The TCK's reference encryption engine: JCE {@code ChaCha20-Poly1305} with random 96-bit nonces and one
 * {@link Cipher} per thread. Each bound key counts its seals against {@value #LIMIT_SETTING} (default 2^30).
 */
final class ChaChaEncryptionEngineProvider implements EncryptionEngineProvider {
    static final int KEY_SIZE = 32;
    static final String LIMIT_SETTING = "whispeer.encryption.reference.max-messages-per-key";

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public int id() {
        return 200;
    }

    @Override
    public EncryptionEngine create(Settings settings) {
        return new ChaChaEngine(settings.getLong(LIMIT_SETTING, 1L << 30, 1, 1L << 32));
    }

    private final class ChaChaEngine implements EncryptionEngine {
        private static final int NONCE_SIZE = 12;
        private static final int TAG_SIZE = 16;

        private final long limit;
        private final SecureRandom random = new SecureRandom();
        private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(() -> {
            try {
                return Cipher.getInstance("ChaCha20-Poly1305");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("This JDK has no ChaCha20-Poly1305", e);
            }
        });

        ChaChaEngine(long limit) {
            this.limit = limit;
        }

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
        public long maxMessagesPerKey() {
            return limit;
        }

        @Override
        public KeyedCipher forKey(SecretKey key) {
            return new Bound(KeyMaterial.copyOf(key, KEY_SIZE, name()));
        }

        @Override
        public String toString() {
            return "ChaChaEngine[chacha20-poly1305]";
        }

        private final class Bound implements KeyedCipher {
            private final KeyMaterial key;
            private final AtomicLong sealed = new AtomicLong();

            Bound(KeyMaterial key) {
                this.key = key;
            }

            @Override
            public SealedPayload seal(byte[] plaintext, byte[] aad) {
                Objects.requireNonNull(plaintext, "plaintext");
                Objects.requireNonNull(aad, "aad");
                if (sealed.getAndUpdate(n -> n < limit ? n + 1 : n) >= limit) {
                    throw new KeyUsageLimitException("chacha20-poly1305: this key sealed " + limit + " messages; rotate it");
                }
                byte[] nonce = new byte[NONCE_SIZE];
                random.nextBytes(nonce);
                key.acquire();
                try {
                    Cipher cipher = ciphers.get();
                    cipher.init(Cipher.ENCRYPT_MODE, key.view("ChaCha20"), new IvParameterSpec(nonce));
                    cipher.updateAAD(aad);
                    return new SealedPayload(nonce, cipher.doFinal(plaintext));
                } catch (GeneralSecurityException e) {
                    throw new EncryptionException("chacha20-poly1305 could not seal: " + e.getClass().getSimpleName());
                } finally {
                    key.release();
                }
            }

            @Override
            public byte[] open(byte[] nonce, byte[] ciphertext, byte[] aad) {
                if (nonce.length != NONCE_SIZE || ciphertext.length < TAG_SIZE) {
                    throw failed();
                }
                key.acquire();
                try {
                    Cipher cipher = ciphers.get();
                    cipher.init(Cipher.DECRYPT_MODE, key.view("ChaCha20"), new IvParameterSpec(nonce));
                    cipher.updateAAD(aad);
                    return cipher.doFinal(ciphertext);
                } catch (GeneralSecurityException e) {
                    throw failed();
                } finally {
                    key.release();
                }
            }

            @Override
            public void close() {
                key.close();
            }

            @Override
            public String toString() {
                return "ChaChaEngine.Bound[chacha20-poly1305, " + sealed.get() + " sealed]";
            }
        }

        private static MessageAuthenticationException failed() {
            return new MessageAuthenticationException("The payload did not authenticate");
        }
    }
}
