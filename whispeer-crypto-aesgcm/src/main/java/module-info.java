/**
 * The AES-256-GCM encryption engine on the JCE ({@code AES/GCM/NoPadding}, with AES-NI where the CPU has it), and
 * {@link io.whispeer.crypto.aesgcm.TinkKeyRing}, which reads Google Tink keysets (cleartext JSON or wrapped by a
 * key-encryption {@code Aead} such as a KMS key) as a whispeer {@link io.whispeer.api.KeyRing}.
 *
 * <p>Tink is used to parse keysets only; messages are sealed and opened by the JCE. Tink ships no module
 * descriptor, so it is the automatic module {@code com.google.crypto.tink}; it is required transitively because
 * {@link io.whispeer.crypto.aesgcm.TinkKeyRing#fromEncryptedJson} takes a Tink {@code Aead}.
 *
 * @provides io.whispeer.api.spi.EncryptionEngineProvider the engine named {@code aes-256-gcm}, wire id
 *           {@value io.whispeer.api.spi.WireIds#CIPHER_AES_256_GCM}: random 96-bit nonces and a per-key message
 *           limit (see {@link io.whispeer.crypto.aesgcm.AesGcmProvider})
 */
module io.whispeer.crypto.aesgcm {
    requires transitive io.whispeer.api;
    requires transitive com.google.crypto.tink;
    // Not used here: Tink, an automatic module, reads keysets with Gson but cannot declare it. Gson is an explicit
    // module, so nothing would resolve it when everything is on the module path (Tink then fails with
    // NoClassDefFoundError: com/google/gson/JsonParseException). protobuf-java is automatic and resolved with Tink.
    requires com.google.gson;

    // Only for TinkKeyRing, a public key source; the engine itself is reached through its provider.
    exports io.whispeer.crypto.aesgcm;

    provides io.whispeer.api.spi.EncryptionEngineProvider with io.whispeer.crypto.aesgcm.AesGcmProvider;
}
