package io.whispeer.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.whispeer.api.BrokerBuilder;
import io.whispeer.api.ConfigurationException;
import io.whispeer.api.KeyRing;
import io.whispeer.tck.CapturedLogs;

/** Unknown whispeer.* keys are reported with the closest known key; strict mode makes them an error. */
class KnownSettingsTest {
    /** This class makes things fail on purpose; what whispeer logs about it is captured, not printed. */
    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs();

    private static BrokerBuilder strict() {
        return TestSupport.builder().property(KnownSettings.STRICT_SETTING, "true");
    }

    private static void build(BrokerBuilder builder) {
        TestSupport.broker(builder, List.of(new TestCompression()), List.of()).close();
    }

    @Test
    void aMisspelledCoreKeyIsAnErrorInStrictModeNamingTheClosestKey() {
        assertThatThrownBy(() -> build(strict().property("whispeer.subscription.queue-capacty", "10")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("Unknown setting whispeer.subscription.queue-capacty=10; did you mean"
                        + " whispeer.subscription.queue-capacity?")
                .hasMessageEndingWith("or set whispeer.settings.strict=false to log unknown settings instead of failing.");
    }

    @Test
    void withoutStrictModeAnUnknownKeyDoesNotFailTheBuild() {
        assertThatCode(() -> build(TestSupport.builder().property("whispeer.subscription.queue-capacty", "10"))).doesNotThrowAnyException();
    }

    @Test
    void keysAProviderDeclaresUnderItsScopeAreKnownAndItsTyposAreNot() {
        assertThatCode(() -> build(strict().property("whispeer.compression.deflate-test.level", "3"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> build(strict().property("whispeer.compression.deflate-test.levle", "3")))
                .hasMessageStartingWith("Unknown setting whispeer.compression.deflate-test.levle=3; did you mean"
                        + " whispeer.compression.deflate-test.level?");
    }

    @Test
    void aKeyForABuiltInEngineThatIsNotPresentSaysWhichArtifactReadsIt() {
        assertThatThrownBy(() -> build(strict().property("whispeer.compression.zstd.level", "3")))
                .hasMessageContaining("no compression engine 'zstd' is present to read it; add io.whispeer:whispeer-compression-zstd");
    }

    @Test
    void aKeyFarFromEveryKnownKeyIsReportedWithoutAGuess() {
        assertThatThrownBy(() -> build(strict().property("whispeer.frobnicate", "yes")))
                .hasMessageStartingWith("Unknown setting whispeer.frobnicate=yes; neither whispeer-core nor a provider present reads it");
    }

    @Test
    void theValueOfASecretLookingKeyIsNotRepeated() {
        assertThatThrownBy(() -> build(strict().property("whispeer.db-password", "hunter2")))
                .hasMessageContaining("whispeer.db-password=(hidden)")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void encryptionKeysAreCheckedAgainstTheEnginesWhenAKeyRingIsGiven() {
        KeyRing keys = KeyRing.single(1, new SecretKeySpec(new byte[32], "AES"));
        assertThatThrownBy(() -> TestSupport.broker(strict().encryption(keys).property("whispeer.encryption.test-gcm.max-mesages", "1"),
                List.of(), List.of(new TestCiphers.AesGcmProvider("test-gcm", 90))))
                .hasMessageStartingWith("Unknown setting whispeer.encryption.test-gcm.max-mesages=1;");
        assertThatCode(() -> build(strict().property("whispeer.encryption.test-gcm.max-mesages", "1")))
                .as("without a key ring no engine is loaded and its keys are not checked").doesNotThrowAnyException();
    }

    @Test
    void everyKeyTheCoreReadsIsKnown() {
        BrokerBuilder builder = strict();
        for (String key : KnownSettings.CORE) {
            if (key.equals("whispeer.encryption") || key.equals("whispeer.store")) {
                continue; // need a key ring or a store provider; covered above and in MessageStoreIntegrationTest
            }
            builder.property(key, switch (key) {
                case "whispeer.settings.strict" -> "true";
                case "whispeer.broker", "whispeer.plugins.allow" -> "x";
                case "whispeer.codec" -> "text";
                case "whispeer.compression" -> "none";
                case "whispeer.padding" -> "auto";
                case "whispeer.subscription.block-timeout", "whispeer.close-timeout" -> "2s";
                default -> "64";
            });
        }
        assertThatCode(() -> build(builder)).doesNotThrowAnyException();
    }

    @Test
    void closestPicksTheNearestKeyByEditDistance() {
        assertThat(io.whispeer.api.spi.Settings.editDistance("kitten", "sitting")).isEqualTo(3);
        assertThat(KnownSettings.closest("whispeer.compresion", KnownSettings.CORE)).contains("whispeer.compression");
        assertThat(KnownSettings.closest("whispeer.totally-else", KnownSettings.CORE)).isEmpty();
    }
}
