/**
 * The ChaCha20-Poly1305 encryption engines, found through {@link java.util.ServiceLoader} as the
 * {@link io.whispeer.api.spi.EncryptionEngineProvider}s {@link io.whispeer.crypto.chacha.XChaCha20Poly1305Provider}
 * ({@code xchacha20-poly1305}) and {@link io.whispeer.crypto.chacha.ChaCha20Poly1305Provider}
 * ({@code chacha20-poly1305}). Applications do not use this package directly: they add
 * {@code whispeer-crypto-chacha} and choose an engine with {@code whispeer.encryption=xchacha20-poly1305} or the
 * builder's {@code encryption(name, keyRing)}.
 *
 * <h2>Which one</h2>
 * {@code xchacha20-poly1305} is the one to use: its random 192-bit nonces cannot collide in practice, so a key
 * may seal any number of messages. {@code chacha20-poly1305} is plain RFC 8439 for interoperability; its random
 * 96-bit nonces make each key good for a limited number of messages, which each key bound with
 * {@code EncryptionEngine.forKey} counts and enforces.
 *
 * <h2>Implementation</h2>
 * No primitive is implemented here:
 * <ul>
 *   <li>ChaCha20-Poly1305 is the JDK's {@code Cipher.getInstance("ChaCha20-Poly1305")}, from SunJCE whenever it is
 *       installed (its intrinsics ran 2.4 GB/s at 64 KiB on JDK 25, against 0.26 GB/s for Bouncy Castle's), else
 *       from the first provider that has it;</li>
 *   <li>HChaCha20, which derives XChaCha20's subkey (draft-irtf-cfrg-xchacha section 2.2), is Bouncy Castle's
 *       {@code ChaChaEngine.chachaCore}, read out as Bouncy Castle's own {@code XChaCha20Engine} does;</li>
 *   <li>nonces come from one {@link java.security.SecureRandom} per engine.</li>
 * </ul>
 * {@code Cipher} objects are pooled: a caller borrows one for one seal or open and returns it. A pool, rather than
 * one {@code Cipher} per thread, keeps reuse high with virtual threads, which are many and short-lived, and keeps
 * the count bounded. The HChaCha20 working arrays travel with the pooled {@code Cipher} and are zeroed after each
 * use; no {@code Cipher} is created per message.
 */
package io.whispeer.crypto.chacha;
