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
        try (ChaChaPoly1305Engine engine = TestKeys.engine(provider)) {
            SecretKey key = TestKeys.random();
            SealedPayload sealed = engine.seal(key, new byte[100], AAD);
            byte[] ciphertext = sealed.ciphertext();
            byte[] flipped = ciphertext.clone();
            flipped[0] ^= 1;
            List<MessageAuthenticationException> failures = Stream.<Runnable>of(
                    () -> engine.open(TestKeys.random(), sealed.nonce(), ciphertext, AAD),
                    () -> engine.open(key, sealed.nonce(), flipped, AAD),
                    () -> engine.open(key, sealed.nonce(), ciphertext, new byte[0]),
                    () -> engine.open(key, Arrays.copyOf(sealed.nonce(), 3), ciphertext, AAD),
                    () -> engine.open(key, sealed.nonce(), Arrays.copyOf(ciphertext, 5), AAD),
                    () -> engine.open(new SecretKeySpec(new byte[16], "ChaCha20"), sealed.nonce(), ciphertext, AAD))
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
    void sealingWithAKeyOfTheWrongSizeNamesTheSizeItNeeds(EncryptionEngineProvider provider) {
        try (ChaChaPoly1305Engine engine = TestKeys.engine(provider)) {
            assertThatThrownBy(() -> engine.seal(new SecretKeySpec(new byte[16], "AES"), new byte[1], AAD))
                    .isExactlyInstanceOf(EncryptionException.class)
                    .hasMessageContaining("32 bytes")
                    .hasMessageContaining("16 bytes");
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void sealingReusesOnePooledCipherInsteadOfCreatingOnePerMessage(EncryptionEngineProvider provider) {
        try (ChaChaPoly1305Engine engine = TestKeys.engine(provider)) {
            SecretKey key = TestKeys.random();
            for (int i = 0; i < 1000; i++) {
                SealedPayload sealed = engine.seal(key, new byte[i % 50], AAD);
                engine.open(key, sealed.nonce(), sealed.ciphertext(), AAD);
                assertThatThrownBy(() -> engine.open(key, sealed.nonce(), sealed.ciphertext(), new byte[0]))
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
    void aClosedEngineRefusesToSealAndOpen(EncryptionEngineProvider provider) {
        ChaChaPoly1305Engine engine = TestKeys.engine(provider);
        SecretKey key = TestKeys.random();
        SealedPayload sealed = engine.seal(key, new byte[1], AAD);
        engine.close();
        assertThatThrownBy(() -> engine.seal(key, new byte[1], AAD)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> engine.open(key, sealed.nonce(), sealed.ciphertext(), AAD)).isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest
    @MethodSource("providers")
    void sealedBytesDoNotDependOnTheKeysAlgorithmName(EncryptionEngineProvider provider) {
        try (ChaChaPoly1305Engine engine = TestKeys.engine(provider)) {
            byte[] material = TestKeys.random().getEncoded();
            SealedPayload sealed = engine.seal(new SecretKeySpec(material, "XChaCha20"), new byte[] {5}, AAD);
            assertThat(engine.open(new SecretKeySpec(material, "RAW"), sealed.nonce(), sealed.ciphertext(), AAD)).containsExactly(5);
        }
    }
}
