package io.whispeer.crypto.aesgcm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.Key;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.AesGcmKey;

import io.whispeer.api.ConfigurationException;
import io.whispeer.api.KeyRing;
import io.whispeer.api.SealingKey;
import io.whispeer.api.spi.SecretFiles;

/**
 * A {@link KeyRing} read from a Google Tink keyset of AES-256-GCM keys, for the {@code aes-256-gcm} engine.
 *
 * <p>The keyset's primary key seals every topic; its id in the envelope is Tink's key id (read as an unsigned
 * 32-bit number, as Tink's JSON writes it). Opening looks a key up by that id. Following Tink, only
 * {@link KeyStatus#ENABLED ENABLED} keys are used: {@code DISABLED} keys neither seal nor open (enable them again to
 * read their messages) and {@code DESTROYED} keys have no material. Every enabled key must be an {@link AesGcmKey}
 * of 32 bytes ({@code AES256_GCM} in Tink's terms; the variant, IV and tag sizes of its parameters do not matter,
 * since whispeer seals with its own envelope, 96-bit nonces and 128-bit tags); any other enabled key makes loading
 * fail with a message naming its id and type.
 *
 * <h2>Rotation</h2>
 * Tink rotates by changing the keyset: add a new key, make it primary, keep the old ones enabled. Load the new
 * keyset into a new ring: new messages are sealed with the new primary and messages sealed under an old key still
 * open as long as that key stays in the keyset and enabled. A ring never changes once loaded, so it cannot rotate by
 * itself when the engine's message limit is reached; rotate the keyset before that (see {@link AesGcmProvider}).
 *
 * <h2>Key handling</h2>
 * Tink is used only to parse the keyset: the keys' bytes are taken out once, with
 * {@link InsecureSecretKeyAccess}, into one {@link SecretKey} per key, which the ring returns every time, so that
 * the engine's per-key message count sees one key. {@link #toString()} shows key ids only.
 * <ul>
 *   <li><b>Cleartext keysets</b> ({@link #fromJson}, {@link #fromFile}) hold the keys in plain text: anyone who can
 *       read the file, a backup of it, or the process's configuration holds every key. Keep such files readable by
 *       the owner only and out of version control, or better, wrap the keyset with a KMS key and use
 *       {@link #fromEncryptedJson}.</li>
 *   <li><b>Encrypted keysets</b> ({@link #fromEncryptedJson}) are Tink's KMS-wrapped keysets: the key-encryption
 *       {@code Aead} (typically a key in a cloud KMS) decrypts the keyset once, when the ring is loaded.</li>
 *   <li>Use a keyset for whispeer only: the message count of a bound key does not see messages that other code seals
 *       with the same keys.</li>
 * </ul>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class TinkKeyRing implements KeyRing {
    private static final int KEY_SIZE = 32;

    private final SealingKey primary;
    private final Map<Integer, SecretKey> keys;

    private TinkKeyRing(SealingKey primary, Map<Integer, SecretKey> keys) {
        this.primary = primary;
        this.keys = keys;
    }

    /**
     * Reads a cleartext keyset in Tink's JSON format, as Tink's {@code tinkey} or
     * {@code TinkJsonProtoKeysetFormat.serializeKeyset} writes it. The keyset holds its keys in plain text: see the
     * class documentation.
     *
     * @param keysetJson the keyset
     * @return the ring
     * @throws ConfigurationException when the text is not a keyset, it has no enabled primary key, or an enabled key
     *                                is not an AES-256-GCM key
     */
    public static TinkKeyRing fromJson(String keysetJson) {
        Objects.requireNonNull(keysetJson, "keysetJson");
        registerTink();
        KeysetHandle handle;
        try {
            handle = TinkJsonProtoKeysetFormat.parseKeyset(keysetJson, InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new ConfigurationException("Cannot read the Tink keyset: it is not a cleartext keyset in Tink's JSON format ("
                    + e.getMessage() + "); an encrypted keyset needs TinkKeyRing.fromEncryptedJson", e);
        }
        return fromKeysetHandle(handle);
    }

    /**
     * Reads a cleartext keyset in Tink's JSON format from a UTF-8 file. The file holds the keys in plain text, so on
     * POSIX file systems it is refused, before it is read, when group or others have any permission on it, when
     * another user than the one running this process owns it, or when group or others can write its directory (and
     * so replace it). On other file systems (Windows) these checks are skipped: restrict the file with its access
     * control list.
     *
     * @param file the keyset file
     * @return the ring
     * @throws IOException            when the file cannot be read, or fails the permission checks; the message names
     *                                the file, the permissions or owner found, and the fix
     * @throws ConfigurationException when it is not a keyset, it has no enabled primary key, or an enabled key is
     *                                not an AES-256-GCM key; the message names the file
     */
    public static TinkKeyRing fromFile(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        SecretFiles.check("Tink keyset file", file);
        String json = Files.readString(file, StandardCharsets.UTF_8);
        try {
            return fromJson(json);
        } catch (ConfigurationException e) {
            throw new ConfigurationException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a keyset encrypted with a key-encryption key, as Tink's
     * {@code TinkJsonProtoKeysetFormat.serializeEncryptedKeyset} or {@code tinkey} with a master key writes it. The
     * key-encryption {@code Aead} is typically a KMS key (from a Tink {@code KmsClient}); it is called once, here.
     *
     * @param encryptedKeysetJson the encrypted keyset in Tink's JSON format
     * @param keyEncryptionAead   decrypts the keyset
     * @param associatedData      the associated data the keyset was encrypted with, possibly empty
     * @return the ring
     * @throws ConfigurationException when the keyset cannot be decrypted (wrong key-encryption key or associated data,
     *                                or not an encrypted keyset), it has no enabled primary key, or an enabled key is
     *                                not an AES-256-GCM key
     */
    public static TinkKeyRing fromEncryptedJson(String encryptedKeysetJson, Aead keyEncryptionAead, byte[] associatedData) {
        Objects.requireNonNull(encryptedKeysetJson, "encryptedKeysetJson");
        Objects.requireNonNull(keyEncryptionAead, "keyEncryptionAead");
        Objects.requireNonNull(associatedData, "associatedData");
        registerTink();
        KeysetHandle handle;
        try {
            handle = TinkJsonProtoKeysetFormat.parseEncryptedKeyset(encryptedKeysetJson, keyEncryptionAead, associatedData);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new ConfigurationException("Cannot decrypt the Tink keyset (" + e.getMessage() + "): check that it is an"
                    + " encrypted keyset in Tink's JSON format and that the key-encryption key and associated data are the"
                    + " ones it was encrypted with", e);
        }
        return fromKeysetHandle(handle);
    }

    /**
     * Takes the keys of a keyset that is already loaded, for instance read by Tink's own KMS integrations. The
     * handle is used only now; later changes to the keyset are not seen.
     *
     * @param keyset the keyset
     * @return the ring
     * @throws ConfigurationException when it has no enabled primary key or an enabled key is not an AES-256-GCM key
     */
    public static TinkKeyRing fromKeysetHandle(KeysetHandle keyset) {
        Objects.requireNonNull(keyset, "keyset");
        Map<Integer, SecretKey> keys = new LinkedHashMap<>();
        Integer primaryId = null;
        for (int i = 0; i < keyset.size(); i++) {
            KeysetHandle.Entry entry;
            try {
                entry = keyset.getAt(i);
            } catch (RuntimeException e) {
                throw new ConfigurationException("Cannot read key " + (i + 1) + " of " + keyset.size() + " of the Tink keyset ("
                        + e.getMessage() + ")", e);
            }
            if (!entry.getStatus().equals(KeyStatus.ENABLED)) {
                continue;
            }
            SecretKey key = secretKey(entry.getId(), entry.getKey());
            if (keys.putIfAbsent(entry.getId(), key) != null) {
                throw new ConfigurationException("The Tink keyset has two enabled keys with id " + unsigned(entry.getId())
                        + "; key ids must select exactly one key");
            }
            if (entry.isPrimary()) {
                primaryId = entry.getId();
            }
        }
        if (primaryId == null) {
            throw new ConfigurationException("The Tink keyset has no enabled primary key (" + keyset.size()
                    + " keys); make one AES256_GCM key primary, for instance with KeysetHandle.newBuilder(...).addEntry(...)"
                    + ".makePrimary() or tinkey promote-key");
        }
        return new TinkKeyRing(new SealingKey(primaryId, keys.get(primaryId)), Map.copyOf(keys));
    }

    private static SecretKey secretKey(int id, Key key) {
        if (!(key instanceof AesGcmKey aesGcm) || aesGcm.getParameters().getKeySizeBytes() != KEY_SIZE) {
            throw new ConfigurationException("Tink key " + unsigned(id) + " is a " + key.getClass().getSimpleName() + " ("
                    + key.getParameters() + "), but whispeer's aes-256-gcm engine takes AES256_GCM keys only (AesGcmKey of "
                    + KEY_SIZE + " bytes); disable or remove that key, or use a keyset made with"
                    + " PredefinedAeadParameters.AES256_GCM");
        }
        byte[] bytes = aesGcm.getKeyBytes().toByteArray(InsecureSecretKeyAccess.get());
        try {
            return new SecretKeySpec(bytes, "AES");
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /**
     * {@return the primary key and its Tink key id, the same for every topic}
     *
     * @param topic a concrete topic; every topic has the same key
     */
    @Override
    public SealingKey sealingKey(String topic) {
        Objects.requireNonNull(topic, "topic");
        return primary;
    }

    /**
     * {@return the enabled key with a Tink key id, the same instance every time, or empty}
     *
     * @param topic the topic; ignored, every topic has the same keys
     * @param keyId the Tink key id from the envelope
     */
    @Override
    public Optional<SecretKey> key(String topic, int keyId) {
        Objects.requireNonNull(topic, "topic");
        return Optional.ofNullable(keys.get(keyId));
    }

    /** {@return the primary key id and the ids of the enabled keys, unsigned as Tink's JSON writes them; never a key} */
    @Override
    public String toString() {
        return "TinkKeyRing[primary=" + unsigned(primary.keyId()) + ", keys="
                + keys.keySet().stream().sorted(Integer::compareUnsigned).map(TinkKeyRing::unsigned).collect(Collectors.joining(", ", "[", "]"))
                + "]";
    }

    private static String unsigned(int id) {
        return Integer.toUnsignedString(id);
    }

    /**
     * Registers Tink's AEAD key types, without which Tink parses keys as opaque {@code LegacyProtoKey}s. Idempotent;
     * the registry is Tink's global one.
     */
    private static void registerTink() {
        RegisteredTink.ensure();
    }

    /** Registers once, the first time a keyset is read. */
    private static final class RegisteredTink {
        static {
            try {
                AeadConfig.register();
            } catch (GeneralSecurityException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private RegisteredTink() {
        }

        static void ensure() {
            // Loading this class ran the registration.
        }
    }
}
