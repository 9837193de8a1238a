package io.whispeer.core;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

import io.whispeer.api.EncryptionException;
import io.whispeer.api.KeyUsageLimitException;
import io.whispeer.api.MessageAuthenticationException;
import io.whispeer.api.spi.EncryptionEngine;
import io.whispeer.api.spi.EncryptionEngineProvider;
import io.whispeer.api.spi.KeyMaterial;
import io.whispeer.api.spi.KeyedCipher;
import io.whispeer.api.spi.SealedPayload;
import io.whispeer.api.spi.Settings;

/** A real JCE AES-GCM engine under a test name, so the pipeline is exercised before the crypto modules exist. */
final class TestCiphers {
    private TestCiphers() {
    }

    /**
     * The provider of the test engine.
     *
     * @param name  the engine name
     * @param id    the wire id
     * @param limit the messages one bound key may seal
     */
    record AesGcmProvider(String name, int id, long limit) implements EncryptionEngineProvider {
        AesGcmProvider(String name, int id) {
            this(name, id, Long.MAX_VALUE);
        }

        @Override
        public EncryptionEngine create(Settings settings) {
            return new AesGcm(name, id, limit);
        }
    }

    private record AesGcm(String name, int id, long maxMessagesPerKey) implements EncryptionEngine {
        private static final SecureRandom RANDOM = new SecureRandom();

        @Override
        public int keySize() {
            return 32;
        }

        @Override
        public int nonceSize() {
            return 12;
        }

        @Override
        public int tagSize() {
            return 16;
        }

        @Override
        public KeyedCipher forKey(SecretKey key) {
            KeyMaterial material = KeyMaterial.copyOf(key, 32, name);
            AtomicLong sealed = new AtomicLong();
            return new KeyedCipher() {
                @Override
                public SealedPayload seal(byte[] plaintext, byte[] aad) {
                    if (sealed.getAndUpdate(n -> n < maxMessagesPerKey ? n + 1 : n) >= maxMessagesPerKey) {
                        throw new KeyUsageLimitException(name + ": this key sealed " + maxMessagesPerKey + " messages");
                    }
                    byte[] nonce = new byte[12];
                    RANDOM.nextBytes(nonce);
                    material.acquire();
                    try {
                        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                        cipher.init(Cipher.ENCRYPT_MODE, material.view("AES"), new GCMParameterSpec(128, nonce));
                        cipher.updateAAD(aad);
                        return new SealedPayload(nonce, cipher.doFinal(plaintext));
                    } catch (GeneralSecurityException e) {
                        throw new EncryptionException("AES-GCM seal failed", e);
                    } finally {
                        material.release();
                    }
                }

                @Override
                public byte[] open(byte[] nonce, byte[] ciphertext, byte[] aad) {
                    material.acquire();
                    try {
                        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                        cipher.init(Cipher.DECRYPT_MODE, material.view("AES"), new GCMParameterSpec(128, nonce));
                        cipher.updateAAD(aad);
                        return cipher.doFinal(ciphertext);
                    } catch (GeneralSecurityException | IllegalArgumentException e) {
                        throw new MessageAuthenticationException("Message authentication failed");
                    } finally {
                        material.release();
                    }
                }

                @Override
                public void close() {
                    material.close();
                }

                @Override
                public String toString() {
                    return name + " bound key";
                }
            };
        }
    }
}
