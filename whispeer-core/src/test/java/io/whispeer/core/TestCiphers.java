package io.whispeer.core;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

import io.whispeer.api.MessageAuthenticationException;
import io.whispeer.api.EncryptionException;
import io.whispeer.api.spi.EncryptionEngine;
import io.whispeer.api.spi.EncryptionEngineProvider;
import io.whispeer.api.spi.SealedPayload;
import io.whispeer.api.spi.Settings;

/** A real JCE AES-GCM engine under a test name, so the pipeline is exercised before the crypto modules exist. */
final class TestCiphers {
    private TestCiphers() {
    }

    record AesGcmProvider(String name, int id) implements EncryptionEngineProvider {
        @Override
        public EncryptionEngine create(Settings settings) {
            return new AesGcm(name, id);
        }
    }

    private record AesGcm(String name, int id) implements EncryptionEngine {
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
        public SealedPayload seal(SecretKey key, byte[] plaintext, byte[] aad) {
            byte[] nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            try {
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
                cipher.updateAAD(aad);
                return new SealedPayload(nonce, cipher.doFinal(plaintext));
            } catch (GeneralSecurityException e) {
                throw new EncryptionException("AES-GCM seal failed", e);
            }
        }

        @Override
        public byte[] open(SecretKey key, byte[] nonce, byte[] ciphertext, byte[] aad) {
            try {
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, nonce));
                cipher.updateAAD(aad);
                return cipher.doFinal(ciphertext);
            } catch (AEADBadTagException | IllegalArgumentException e) {
                throw new MessageAuthenticationException("Message authentication failed");
            } catch (GeneralSecurityException e) {
                throw new MessageAuthenticationException("Message authentication failed");
            }
        }
    }
}
