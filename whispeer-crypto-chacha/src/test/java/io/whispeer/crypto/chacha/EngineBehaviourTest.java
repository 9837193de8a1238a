package io.whispeer.crypto.chacha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.whispeer.api.MessageAuthenticationException;
import io.whispeer.api.EncryptionException;
import io.whispeer.api.spi.EncryptionEngineProvider;
import io.whispeer.api.spi.KeyedCipher;
import io.whispeer.api.spi.SealedPayload;

/** What the kit does not check, for both engines. */
class EngineBehaviourTest {
    private static final byte[] AAD = {9, 8, 7};

    static Stream<Arguments> providers() {
        return Stream.of(Arguments.of(new XChaCha20Poly1305Provider()), Arguments.of(new ChaCha20Poly1305Provider()));
    }

    @ParameterizedTest
    @MethodSource("providers")
    void everyKindOfOpeningFailureGivesTheSameMessageAndNoCause(EncryptionEngineProvider provider) {
        try (ChaChaPoly1305Engine engine = TestKeys.engine(provider);
                KeyedCipher cipher = engine.forKey(TestKeys.random());
                KeyedCipher other = engine.forKey(TestKeys.random())) {
            SealedPayload sealed = cipher.seal(new byte[100], AAD);
            byte[] ciphertext = sealed.ciphertext();
            byte[] flipped = ciphertext.clone();
            flipped[0] ^= 1;
            List<MessageAuthenticationException> failures = Stream.<Runnable>of(
                    () -> other.open(sealed.nonce(), ciphertext, AAD),
                    () -> cipher.open(sealed.nonce(), flipped, AAD),
                    () -> cipher.open(sealed.nonce(), ciphertext, new byte[0]),
                    () -> cipher.open(Arrays.copyOf(sealed.nonce(), 3), ciphertext, AAD),
                    () -> cipher.open(sealed.nonce(), Arrays.copyOf(ciphertext, 5), AAD))
                    .map(call -> catchThrowableOfType(MessageAuthenticationException.class, call::run))
                    .toList();
            assertThat(failures).allSatisfy(e -> {
                assertThat(e).isNotNull().hasNoCause().hasNoSuppressedExceptions();
                assertThat(e.getMessage()).isEqualTo(failures.get(0).getMessage()).contains(provider.name());
            });
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void bindingAKeyOfTheWrongSizeNamesTheSizeItNeeds(EncryptionEngineProvider provider) {
        try (ChaChaPoly1305Engine engine = TestKeys.engine(provider)) {
            assertThatThrownBy(() -> engine.forKey(new SecretKeySpec(new byte[16], "AES")))
                    .isExactlyInstanceOf(EncryptionException.class)
                    .hasMessageContaining("32 bytes")
                    .hasMessageContaining("16 bytes")
                    .hasMessageContaining(provider.name());
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void sealingReusesOnePooledCipherInsteadOfCreatingOnePerMessage(EncryptionEngineProvider provider) {
        try (ChaChaPoly1305Engine engine = TestKeys.engine(provider); KeyedCipher cipher = engine.forKey(TestKeys.random())) {
            for (int i = 0; i < 1000; i++) {
                SealedPayload sealed = cipher.seal(new byte[i % 50], AAD);
                cipher.open(sealed.nonce(), sealed.ciphertext(), AAD);
                assertThatThrownBy(() -> cipher.open(sealed.nonce(), sealed.ciphertext(), new byte[0]))
                        .isInstanceOf(MessageAuthenticationException.class);
            }
            assertThat(engine.pool().created()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void theCiphersComeFromTheJdksSunJceProvider(EncryptionEngineProvider provider) {
        try (ChaChaPoly1305Engine engine = TestKeys.engine(provider)) {
            assertThat(engine.cipherProvider()).isEqualTo("SunJCE");
            assertThat(engine.toString()).contains(provider.name()).contains("SunJCE");
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void aClosedEngineRefusesToBindAndItsBoundObjectsRefuseToSealAndOpen(EncryptionEngineProvider provider) {
        ChaChaPoly1305Engine engine = TestKeys.engine(provider);
        KeyedCipher cipher = engine.forKey(TestKeys.random());
        SealedPayload sealed = cipher.seal(new byte[1], AAD);
        engine.close();
        assertThatThrownBy(() -> engine.forKey(TestKeys.random())).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> cipher.seal(new byte[1], AAD)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> cipher.open(sealed.nonce(), sealed.ciphertext(), AAD)).isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest
    @MethodSource("providers")
    void sealedBytesDoNotDependOnTheKeysAlgorithmName(EncryptionEngineProvider provider) {
        try (ChaChaPoly1305Engine engine = TestKeys.engine(provider)) {
            byte[] material = TestKeys.random().getEncoded();
            SealedPayload sealed = engine.forKey(new SecretKeySpec(material, "XChaCha20")).seal(new byte[] {5}, AAD);
            assertThat(engine.forKey(new SecretKeySpec(material, "RAW")).open(sealed.nonce(), sealed.ciphertext(), AAD)).containsExactly(5);
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void theBoundObjectKeepsItsOwnCopyOfTheKeyMaterial(EncryptionEngineProvider provider) {
        byte[] material = TestKeys.random().getEncoded();
        byte[] original = material.clone();
        // A key that hands out its own array rather than a copy: zeroing it afterwards must not reach the bound object.
        SecretKey sharing = new SecretKey() {
            private static final long serialVersionUID = 1L;

            @Override
            public String getAlgorithm() {
                return "ChaCha20";
            }

            @Override
            public String getFormat() {
                return "RAW";
            }

            @Override
            public byte[] getEncoded() {
                return material;
            }
        };
        try (ChaChaPoly1305Engine engine = TestKeys.engine(provider); KeyedCipher cipher = engine.forKey(sharing)) {
            Arrays.fill(material, (byte) 0);
            SealedPayload sealed = cipher.seal(new byte[] {6}, AAD);
            assertThat(engine.forKey(new SecretKeySpec(original, "ChaCha20")).open(sealed.nonce(), sealed.ciphertext(), AAD)).containsExactly(6);
        }
    }
}
