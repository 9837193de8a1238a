/**
 * The AES-256-GCM encryption engine, found through {@link java.util.ServiceLoader} as the
 * {@link io.whispeer.api.spi.EncryptionEngineProvider} {@link io.whispeer.crypto.aesgcm.AesGcmProvider}, and
 * {@link io.whispeer.crypto.aesgcm.TinkKeyRing}, a key ring read from Google Tink keysets.
 *
 * <p>Applications do not use the engine directly: adding {@code whispeer-crypto-aesgcm} and choosing
 * {@code whispeer.encryption=aes-256-gcm} (or the builder's {@code encryption("aes-256-gcm", keyRing)}) selects it.
 * The only public class for applications is {@code TinkKeyRing}:
 * <pre>{@code
 * KeyRing keys = TinkKeyRing.fromEncryptedJson(Files.readString(keysetFile), kmsAead, new byte[0]);
 * }</pre>
 *
 * <h2>Security guarantees</h2>
 * AES-256-GCM with random 96-bit nonces drawn by the engine, 128-bit tags, and a limit on the messages one key may
 * seal (default 2^30, at most NIST SP 800-38D's 2^32; {@code whispeer.encryption.aes-256-gcm.max-messages-per-key}),
 * after which sealing fails with {@link io.whispeer.api.KeyUsageLimitException} until the key is rotated. Opening
 * fails with {@link io.whispeer.api.MessageAuthenticationException} and one fixed message on every error. The full
 * statement, including what the count cannot see and what is not protected, is on
 * {@link io.whispeer.crypto.aesgcm.AesGcmProvider}.
 *
 * <h2>Performance</h2>
 * The engine runs the JCE's {@code AES/GCM/NoPadding}, which uses AES-NI and carry-less multiplication where the CPU
 * has them (9.7 GB/s at 64 KiB on JDK 25 here, against 0.1 GB/s for Bouncy Castle without them), and pools its
 * {@code Cipher} objects: a new one per message cost 6 to 11 times a reused one. Tink only parses keysets.
 */
package io.whispeer.crypto.aesgcm;
