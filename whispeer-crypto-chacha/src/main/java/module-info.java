/**
 * The ChaCha20-Poly1305 encryption engines: {@code xchacha20-poly1305} (random 192-bit nonces, no per-key message
 * limit) and {@code chacha20-poly1305} (RFC 8439, random 96-bit nonces, a counted per-key message limit). Both seal
 * with the JDK's own ChaCha20-Poly1305 {@link javax.crypto.Cipher} (SunJCE, with its intrinsics), pooled rather
 * than created per message; XChaCha20's HChaCha20 subkey comes from Bouncy Castle's ChaCha core. Nothing is
 * exported: the engines are found through {@link java.util.ServiceLoader} only.
 *
 * @provides io.whispeer.api.spi.EncryptionEngineProvider the engines named {@code xchacha20-poly1305}, wire id
 *           {@value io.whispeer.api.spi.WireIds#CIPHER_XCHACHA20_POLY1305}, and {@code chacha20-poly1305}, wire id
 *           {@value io.whispeer.api.spi.WireIds#CIPHER_CHACHA20_POLY1305}
 */
module io.whispeer.crypto.chacha {
    requires io.whispeer.api;
    /* A named module (bcprov-jdk18on ships module-info): only org.bouncycastle.crypto.engines and .util are used. */
    requires org.bouncycastle.provider;

    provides io.whispeer.api.spi.EncryptionEngineProvider with
            io.whispeer.crypto.chacha.XChaCha20Poly1305Provider,
            io.whispeer.crypto.chacha.ChaCha20Poly1305Provider;
}
