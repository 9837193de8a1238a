package io.whispeer.crypto.aesgcm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.SecretKey;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;

import io.whispeer.api.ConfigurationException;
import io.whispeer.api.SealingKey;
import io.whispeer.api.spi.EncryptionEngine;
import io.whispeer.api.spi.SealedPayload;
import io.whispeer.api.spi.Settings;

class TinkKeyRingTest {
    private static final String TOPIC = "sensors/kitchen";
    private static final byte[] AAD = "topic=sensors/kitchen".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PLAINTEXT = "reading=21.5".getBytes(StandardCharsets.US_ASCII);

    private final EncryptionEngine engine = new AesGcmProvider().create(Settings.empty());

    @BeforeAll
    static void registerTink() throws GeneralSecurityException {
        AeadConfig.register();
    }

    @AfterEach
    void closeEngine() {
        engine.close();
    }

    @Test
    void aCleartextJsonKeysetSealsWithItsPrimaryKeyAndOpensByTinkKeyId() throws GeneralSecurityException {
        KeysetHandle keyset = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
        TinkKeyRing ring = TinkKeyRing.fromJson(json(keyset));

        SealingKey sealing = ring.sealingKey(TOPIC);
        assertThat(sealing.keyId()).isEqualTo(keyset.getPrimary().getId());
        SealedPayload sealed = engine.forKey(sealing.key()).seal(PLAINTEXT, AAD);
        SecretKey opening = ring.key(TOPIC, sealing.keyId()).orElseThrow();
        assertThat(engine.forKey(opening).open(sealed.nonce(), sealed.ciphertext(), AAD)).isEqualTo(PLAINTEXT);
    }

    @Test
    void everyTopicGetsTheSameSecretKeyInstanceEveryTime() throws GeneralSecurityException {
        TinkKeyRing ring = TinkKeyRing.fromJson(json(KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM)));
        SealingKey sealing = ring.sealingKey(TOPIC);
        assertThat(ring.sealingKey("other/topic")).isSameAs(sealing);
        assertThat(ring.key(TOPIC, sealing.keyId()).orElseThrow()).isSameAs(sealing.key());
        assertThat(ring.key("other/topic", sealing.keyId()).orElseThrow()).isSameAs(sealing.key());
    }

    @Test
    void theKeyIsTheTinkKeysMaterial() throws GeneralSecurityException {
        KeysetHandle keyset = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
        byte[] tinkBytes = ((com.google.crypto.tink.aead.AesGcmKey) keyset.getPrimary().getKey()).getKeyBytes()
                .toByteArray(InsecureSecretKeyAccess.get());
        SecretKey key = TinkKeyRing.fromJson(json(keyset)).sealingKey(TOPIC).key();
        assertThat(key.getEncoded()).isEqualTo(tinkBytes);
        assertThat(key.getAlgorithm()).isEqualTo("AES");
    }

    @Test
    void anUnknownKeyIdFindsNoKey() throws GeneralSecurityException {
        KeysetHandle keyset = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
        TinkKeyRing ring = TinkKeyRing.fromJson(json(keyset));
        assertThat(ring.key(TOPIC, keyset.getPrimary().getId() + 1)).isEmpty();
    }

    @Test
    void rotationWithANewPrimaryKeepsOpeningMessagesOfTheOldKeyAndSealsWithTheNewOne() throws GeneralSecurityException {
        KeysetHandle v1 = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
        int keyA = v1.getPrimary().getId();
        TinkKeyRing ringV1 = TinkKeyRing.fromJson(json(v1));
        SealingKey sealingA = ringV1.sealingKey(TOPIC);
        SealedPayload underA = engine.forKey(sealingA.key()).seal(PLAINTEXT, AAD);

        KeysetHandle v2 = KeysetHandle.newBuilder(v1)
                .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM).withRandomId().makePrimary())
                .build();
        int keyB = v2.getPrimary().getId();
        TinkKeyRing ringV2 = TinkKeyRing.fromJson(json(v2));

        assertThat(keyB).isNotEqualTo(keyA);
        assertThat(ringV2.sealingKey(TOPIC).keyId()).as("new messages use key B").isEqualTo(keyB);
        SecretKey oldKey = ringV2.key(TOPIC, sealingA.keyId()).orElseThrow();
        assertThat(engine.forKey(oldKey).open(underA.nonce(), underA.ciphertext(), AAD)).as("a message sealed under A opens with ring v2").isEqualTo(PLAINTEXT);
        SealedPayload underB = engine.forKey(ringV2.sealingKey(TOPIC).key()).seal(PLAINTEXT, AAD);
        assertThat(engine.forKey(ringV2.key(TOPIC, keyB).orElseThrow()).open(underB.nonce(), underB.ciphertext(), AAD)).isEqualTo(PLAINTEXT);
        assertThat(ringV1.key(TOPIC, keyB)).as("ring v1 does not know key B").isEmpty();
    }

    @Test
    void disabledAndDestroyedKeysNeitherSealNorOpen() throws GeneralSecurityException {
        KeysetHandle.Builder builder = KeysetHandle.newBuilder();
        builder.addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM).withFixedId(1).makePrimary());
        builder.addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM).withFixedId(2).setStatus(KeyStatus.DISABLED));
        builder.addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM).withFixedId(3).setStatus(KeyStatus.DESTROYED));
        TinkKeyRing ring = TinkKeyRing.fromJson(json(builder.build()));

        assertThat(ring.key(TOPIC, 1)).isPresent();
        assertThat(ring.key(TOPIC, 2)).isEmpty();
        assertThat(ring.key(TOPIC, 3)).isEmpty();
        assertThat(ring).hasToString("TinkKeyRing[primary=1, keys=[1]]");
    }

    @Test
    void keyIdsAboveTwoToThe31AreUnsignedInToStringAndWorkAsEnvelopeKeyIds() throws GeneralSecurityException {
        int id = (int) 4_026_531_841L;
        KeysetHandle keyset = KeysetHandle.newBuilder()
                .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM).withFixedId(id).makePrimary())
                .build();
        TinkKeyRing ring = TinkKeyRing.fromJson(json(keyset));
        assertThat(ring.sealingKey(TOPIC).keyId()).isEqualTo(id);
        assertThat(ring.key(TOPIC, id)).isPresent();
        assertThat(ring.toString()).contains("primary=4026531841");
    }

    @Test
    void anEncryptedKeysetOpensWithItsKeyEncryptionKeyAndAssociatedData() throws GeneralSecurityException {
        Aead kms = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM).getPrimitive(RegistryConfiguration.get(), Aead.class);
        byte[] associatedData = "whispeer keyset prod".getBytes(StandardCharsets.US_ASCII);
        KeysetHandle keyset = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
        String encrypted = TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(keyset, kms, associatedData);

        TinkKeyRing ring = TinkKeyRing.fromEncryptedJson(encrypted, kms, associatedData);
        SealedPayload sealed = engine.forKey(ring.sealingKey(TOPIC).key()).seal(PLAINTEXT, AAD);
        assertThat(engine.forKey(ring.key(TOPIC, keyset.getPrimary().getId()).orElseThrow()).open(sealed.nonce(), sealed.ciphertext(), AAD))
                .isEqualTo(PLAINTEXT);
    }

    @Test
    void anEncryptedKeysetWithTheWrongKeyEncryptionKeyOrAssociatedDataIsRefused() throws GeneralSecurityException {
        Aead kms = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM).getPrimitive(RegistryConfiguration.get(), Aead.class);
        Aead otherKms = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM).getPrimitive(RegistryConfiguration.get(), Aead.class);
        byte[] associatedData = "whispeer keyset prod".getBytes(StandardCharsets.US_ASCII);
        String encrypted = TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(
                KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM), kms, associatedData);

        assertThatThrownBy(() -> TinkKeyRing.fromEncryptedJson(encrypted, otherKms, associatedData))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("Cannot decrypt the Tink keyset");
        assertThatThrownBy(() -> TinkKeyRing.fromEncryptedJson(encrypted, kms, new byte[0]))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("associated data");
    }

    @Test
    void aKeysetFileLoads(@TempDir Path dir) throws GeneralSecurityException, IOException {
        KeysetHandle keyset = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
        Path file = ownerOnly(Files.writeString(dir.resolve("keyset.json"), json(keyset)));
        assertThat(TinkKeyRing.fromFile(file).sealingKey(TOPIC).keyId()).isEqualTo(keyset.getPrimary().getId());
    }

    @Test
    void aWorldReadableKeysetFileIsRefusedNamingThePermissionsAndTheFix(@TempDir Path dir) throws GeneralSecurityException, IOException {
        KeysetHandle keyset = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
        Path file = Files.writeString(dir.resolve("keyset.json"), json(keyset));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> TinkKeyRing.fromFile(file)).isInstanceOf(IOException.class).hasMessageContaining(file.toString())
                .hasMessageContaining("rw-r--r--").hasMessageContaining("chmod 600");
    }

    @Test
    void aKeysetFileInADirectoryOthersCanWriteIsRefused(@TempDir Path dir) throws GeneralSecurityException, IOException {
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Path file = ownerOnly(Files.writeString(shared.resolve("keyset.json"), json(KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM))));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> TinkKeyRing.fromFile(file)).isInstanceOf(IOException.class).hasMessageContaining(shared.toString())
                .hasMessageContaining("rwxrwxrwx").hasMessageContaining("chmod go-w");
    }

    private static Path ownerOnly(Path file) throws IOException {
        return Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void aFileThatIsNotAKeysetIsRefusedNamingTheFile(@TempDir Path dir) throws IOException {
        Path file = ownerOnly(Files.writeString(dir.resolve("keyset.json"), "not json"));
        assertThatThrownBy(() -> TinkKeyRing.fromFile(file))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(file.toString());
    }

    @Test
    void toStringShowsKeyIdsButNeverKeyBytes() throws GeneralSecurityException {
        KeysetHandle v1 = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
        KeysetHandle v2 = KeysetHandle.newBuilder(v1)
                .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM).withRandomId().makePrimary())
                .build();
        String json = json(v2);
        TinkKeyRing ring = TinkKeyRing.fromJson(json);
        String text = ring.toString() + " " + ring.sealingKey(TOPIC);

        assertThat(text).contains(Integer.toUnsignedString(v1.getPrimary().getId()), Integer.toUnsignedString(v2.getPrimary().getId()));
        for (int id : List.of(v1.getPrimary().getId(), v2.getPrimary().getId())) {
            byte[] bytes = ring.key(TOPIC, id).orElseThrow().getEncoded();
            assertThat(text).doesNotContain(HexFormat.of().formatHex(bytes), HexFormat.of().withUpperCase().formatHex(bytes),
                    Base64.getEncoder().encodeToString(bytes), Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        }
        int value = json.indexOf("\"value\":\"") + "\"value\":\"".length();
        assertThat(text).as("the serialized key of the JSON keyset").doesNotContain(json.substring(value, value + 24));
    }

    @Test
    void aChaCha20Poly1305KeyIsRefusedWithItsIdAndType() throws GeneralSecurityException {
        KeysetHandle keyset = KeysetHandle.generateNew(PredefinedAeadParameters.CHACHA20_POLY1305);
        String id = Integer.toUnsignedString(keyset.getPrimary().getId());
        assertThatThrownBy(() -> TinkKeyRing.fromJson(json(keyset)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Tink key " + id)
                .hasMessageContaining("ChaCha20Poly1305")
                .hasMessageContaining("AES256_GCM");
    }

    @Test
    void anAes128GcmKeyIsRefusedWithItsIdAndSize() throws GeneralSecurityException {
        KeysetHandle keyset = KeysetHandle.generateNew(PredefinedAeadParameters.AES128_GCM);
        assertThatThrownBy(() -> TinkKeyRing.fromJson(json(keyset)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Tink key " + Integer.toUnsignedString(keyset.getPrimary().getId()))
                .hasMessageContaining("16-byte key");
    }

    @Test
    void aDisabledKeyOfAnotherTypeIsIgnored() throws GeneralSecurityException {
        KeysetHandle keyset = KeysetHandle.newBuilder()
                .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM).withFixedId(7).makePrimary())
                .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.CHACHA20_POLY1305).withFixedId(8)
                        .setStatus(KeyStatus.DISABLED))
                .build();
        assertThat(TinkKeyRing.fromJson(json(keyset))).hasToString("TinkKeyRing[primary=7, keys=[7]]");
    }

    @Test
    void aKeysetWithoutPrimaryIsRefused() throws GeneralSecurityException {
        String json = json(KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM)).replaceFirst("\"primaryKeyId\":\\d+,", "");
        assertThatThrownBy(() -> TinkKeyRing.fromJson(json))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("no enabled primary key");
    }

    @Test
    void textThatIsNotAKeysetIsRefusedWithAClearMessage() {
        assertThatThrownBy(() -> TinkKeyRing.fromJson("{\"not\": \"a keyset\""))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Cannot read the Tink keyset");
    }

    private static String json(KeysetHandle keyset) throws GeneralSecurityException {
        return TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get());
    }
}
