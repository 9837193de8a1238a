package io.whispeer.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.whispeer.api.ConfigurationException;
import io.whispeer.api.spi.Settings;

class PasswordHasherTest {
    private final PasswordHasher hasher = Fixtures.HASHER;

    @Test
    void aHashIsAnArgon2idPhcStringCarryingItsParameters() {
        assertThat(hasher.hash("correct horse")).matches("\\$argon2id\\$v=19\\$m=64,t=1,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
    }

    @Test
    void theRightPasswordVerifies() {
        String hash = hasher.hash("correct horse");
        assertThat(hasher.verify("correct horse", hash)).isTrue();
        assertThat(hasher.verify("correct horse".toCharArray(), hash)).isTrue();
    }

    @Test
    void aWrongPasswordDoesNotVerify() {
        String hash = hasher.hash("correct horse");
        assertThat(hasher.verify("correct hors", hash)).isFalse();
        assertThat(hasher.verify("Correct horse", hash)).isFalse();
        assertThat(hasher.verify("", hash)).isFalse();
    }

    @Test
    void twoHashesOfOnePasswordDifferBecauseOfTheSalt() {
        assertThat(hasher.hash("pw")).isNotEqualTo(hasher.hash("pw"));
    }

    @Test
    void aTamperedHashSaltOrParameterDoesNotVerify() {
        String hash = hasher.hash("pw");
        int hashStart = hash.lastIndexOf('$') + 1;
        int saltStart = hash.lastIndexOf('$', hashStart - 2) + 1;
        assertThat(hasher.verify("pw", flip(hash, hashStart + 3))).isFalse();
        assertThat(hasher.verify("pw", flip(hash, saltStart + 3))).isFalse();
        assertThat(hasher.verify("pw", hash.replace(",t=1,", ",t=2,"))).isFalse();
        assertThat(hasher.verify("pw", hash.replace("m=64,", "m=72,"))).isFalse();
    }

    @Test
    void verifyingUsesTheParametersStoredInTheHashNotTheHashersOwn() {
        String stored = PasswordHasher.of(new PasswordHasher.Parameters(128, 2, 2)).hash("pw");
        assertThat(stored).contains("$m=128,t=2,p=2$");
        assertThat(hasher.verify("pw", stored)).isTrue();
    }

    @Test
    void nonUnicodeBmpPasswordsRoundTrip() {
        String password = "pässwörd \uD83D\uDD11 密码";
        assertThat(hasher.verify(password, hasher.hash(password))).isTrue();
    }

    @Test
    void aMalformedHashIsAnErrorThatShowsTheExpectedShape() {
        assertThatThrownBy(() -> hasher.verify("pw", "$2a$10$abcdefghijklmnopqrstuv"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Not an Argon2id v19 hash (found $2a$)")
                .hasMessageContaining("whispeer hash-password");
        assertThatThrownBy(() -> hasher.verify("pw", "$argon2id$v=19$m=64,t=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected m=<KiB>,t=<iterations>,p=<lanes>");
        assertThatThrownBy(() -> hasher.verify("pw", "$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$!!!"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the hash is not base64");
    }

    @Test
    void storedParametersOutsideTheLimitsAreRefusedBeforeAnyWork() {
        assertThatThrownBy(() -> hasher.verify("pw", "$argon2id$v=19$m=99999999,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid Argon2 memory 99999999 KiB");
    }

    @Test
    void theParametersComeFromTheSettings() {
        PasswordHasher configured = PasswordHasher.fromSettings(Settings.of(Map.of(PasswordHasher.MEMORY_SETTING, "256",
                PasswordHasher.ITERATIONS_SETTING, "3", PasswordHasher.PARALLELISM_SETTING, "2")));
        assertThat(configured.parameters()).isEqualTo(new PasswordHasher.Parameters(256, 3, 2));
        assertThat(PasswordHasher.fromSettings(Settings.empty()).parameters()).isEqualTo(PasswordHasher.Parameters.defaults());
    }

    @Test
    void aSettingOutOfRangeNamesTheKeyAndTheRange() {
        assertThatThrownBy(() -> PasswordHasher.fromSettings(Settings.of(Map.of(PasswordHasher.MEMORY_SETTING, "4"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(PasswordHasher.MEMORY_SETTING)
                .hasMessageContaining("between 8 and");
    }

    @Test
    void parametersOutOfRangeNameTheValueAndTheRange() {
        assertThatThrownBy(() -> new PasswordHasher.Parameters(64, 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid Argon2 iterations 0; it must be between 1 and 1024");
    }

    private static String flip(String text, int at) {
        char c = text.charAt(at);
        return text.substring(0, at) + (c == 'A' ? 'B' : 'A') + text.substring(at + 1);
    }
}
