package io.whispeer.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Type;
import java.util.List;
import java.util.Optional;

import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.whispeer.api.CodecException;
import io.whispeer.api.ConfigurationException;
import io.whispeer.api.KeyRing;
import io.whispeer.api.TopicPolicy;
import io.whispeer.api.spi.Codec;
import io.whispeer.api.spi.CodecProvider;
import io.whispeer.api.spi.CompressionEngine;
import io.whispeer.api.spi.CompressionEngineProvider;
import io.whispeer.api.spi.Settings;
import io.whispeer.api.spi.TypeSupport;
import io.whispeer.tck.CapturedLogs;

/** The selection rules of DESIGN section 9 and their error texts. */
class ProviderSelectionTest {
    /** This class makes things fail on purpose; what whispeer logs about it is captured, not printed. */
    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs();

    private static final KeyRing KEYS = KeyRing.single(1, new SecretKeySpec(new byte[32], "AES"));

    @Test
    void twoEncryptionEnginesAndNoChoiceIsAnErrorListingBoth() {
        assertThatThrownBy(() -> TestSupport.broker(TestSupport.builder().encryption(KEYS), List.of(),
                List.of(new TestCiphers.AesGcmProvider("test-gcm", 90), new TestCiphers.AesGcmProvider("test-gcm-two", 91))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Several encryption engines are present and none was chosen")
                .hasMessageContaining("test-gcm (")
                .hasMessageContaining("test-gcm-two (")
                .hasMessageContaining("whispeer.encryption=<name>");
    }

    @Test
    void aKeyRingWithoutAnyEncryptionEngineIsAnErrorNamingTheArtifacts() {
        assertThatThrownBy(() -> TestSupport.broker(TestSupport.builder().encryption(KEYS), List.of(), List.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("no encryption engine is on the module path or class path")
                .hasMessageContaining("whispeer-crypto-chacha")
                .hasMessageContaining("whispeer-crypto-aesgcm");
    }

    @Test
    void choosingAnAbsentBuiltInEngineNamesItsArtifactAndListsWhatWasFound() {
        assertThatThrownBy(() -> TestSupport.broker(TestSupport.builder().encryption("aes-256-gcm", KEYS), List.of(),
                List.of(new TestCiphers.AesGcmProvider("test-gcm", 90))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("whispeer.encryption=aes-256-gcm, but no encryption engine of that name is on the module path or class path;"
                        + " add io.whispeer:whispeer-crypto-aesgcm (versions come from whispeer-bom). Found: test-gcm ("
                        + TestCiphers.AesGcmProvider.class.getName() + ", ");
    }

    @Test
    void theOnlyEncryptionEngineIsChosenWhenNoneIsNamed() {
        try (CoreBroker broker = TestSupport.broker(TestSupport.builder().encryption(KEYS), List.of(),
                List.of(new TestCiphers.AesGcmProvider("test-gcm", 90)))) {
            assertThat(broker.publish("t", "x").join().matched()).isZero();
        }
    }

    @Test
    void aJarsDefaultEngineIsChosenOverItsOtherEngines() {
        TestCiphers.AesGcmProvider notDefault = new TestCiphers.AesGcmProvider("test-gcm-legacy", 91);
        try (CoreBroker broker = TestSupport.broker(TestSupport.builder().encryption(KEYS), List.of(),
                List.of(new TestCiphers.AesGcmProvider("test-gcm", 90), new NonDefault(notDefault)))) {
            broker.publish("t", "x").join();
        }
    }

    /** An engine its jar does not offer as the default. */
    private record NonDefault(io.whispeer.api.spi.EncryptionEngineProvider delegate) implements io.whispeer.api.spi.EncryptionEngineProvider {
        @Override
        public String name() {
            return "test-gcm-legacy";
        }

        @Override
        public int id() {
            return 91;
        }

        @Override
        public boolean isDefault() {
            return false;
        }

        @Override
        public io.whispeer.api.spi.EncryptionEngine create(Settings settings) {
            return delegate.create(settings);
        }
    }

    @Test
    void encryptionChosenWithoutAKeyRingIsAnError() {
        assertThatThrownBy(() -> TestSupport.broker(TestSupport.builder().property("whispeer.encryption", "test-gcm")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("no key ring was given");
    }

    @Test
    void unknownCompressionNameNamesTheArtifactToAdd() {
        assertThatThrownBy(() -> TestSupport.broker(TestSupport.builder().compression("zstd")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("whispeer.compression=zstd, but no compression engine of that name")
                .hasMessageContaining("add io.whispeer:whispeer-compression-zstd")
                .hasMessageContaining("Found: none (io.whispeer.core.NoCompression, ");
    }

    @Test
    void unknownCompressionInATopicPolicyFailsTheBuild() {
        assertThatThrownBy(() -> TestSupport.broker(TestSupport.builder().topic("a/#", TopicPolicy.compression("lz4"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("whispeer-compression-lz4");
    }

    @Test
    void highestRankedCompressionEngineIsTheDefaultAndTiesAreAnError() {
        try (CoreBroker broker = TestSupport.broker(TestSupport.builder(),
                List.of(new FakeCompression("fast", 80, 10), new FakeCompression("strong", 81, 20)), List.of())) {
            assertThat(broker.publish("t", "x").join().matched()).isZero();
        }
        assertThatThrownBy(() -> TestSupport.broker(TestSupport.builder(),
                List.of(new FakeCompression("fast", 80, 10), new FakeCompression("strong", 81, 10)), List.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Several compression engines are present with the same rank");
    }

    @Test
    void aThirdPartyProviderClaimingABuiltInNameIsRefused() {
        assertThatThrownBy(() -> new CodecRegistry(List.of(new FakeCodec("json", 80)), Settings.empty(), Optional.empty()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("claims the name 'json', which belongs to whispeer-codec-json");
    }

    @Test
    void aProviderInTheZstdPackageThatIsNotTheZstdProviderIsRefusedAndNamedByItsOwnLocation() {
        String location = io.whispeer.compression.zstd.FakeZstdProvider.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        assertThatThrownBy(() -> new CompressionRegistry(List.of(new io.whispeer.compression.zstd.FakeZstdProvider()), Settings.empty(),
                Optional.empty(), List.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("The compression provider zstd (io.whispeer.compression.zstd.FakeZstdProvider, ")
                .hasMessageContaining("from " + java.nio.file.Path.of(location))
                .hasMessageContaining("claims the name 'zstd', which belongs to whispeer-compression-zstd"
                        + " (provider io.whispeer.compression.zstd.ZstdCompressionProvider)")
                .hasMessageNotContaining("whispeer-compression-zstd 0.")
                .hasMessageEndingWith("Refusing it: remove that jar or rename its provider.");
    }

    @Test
    void aThirdPartyProviderClaimingAReservedIdIsRefused() {
        assertThatThrownBy(() -> new CodecRegistry(List.of(new FakeCodec("cbor", 1)), Settings.empty(), Optional.empty()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("claims wire id 1, which is reserved");
        assertThatThrownBy(() -> new CodecRegistry(List.of(new FakeCodec("cbor", 40)), Settings.empty(), Optional.empty()))
                .hasMessageContaining("claims wire id 40, which is reserved");
    }

    @Test
    void twoProvidersWithTheSameIdAreRefused() {
        assertThatThrownBy(() -> new CodecRegistry(List.of(new FakeCodec("cbor", 80), new FakeCodec("smile", 80)), Settings.empty(), Optional.empty()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Two codec providers use wire id 80");
    }

    @Test
    void twoEquallyStrongCodecsNeedAChoice() {
        CodecRegistry registry = new CodecRegistry(List.of(new FakeCodec("cbor", 80), new FakeCodec("smile", 81)), Settings.empty(), Optional.empty());
        assertThatThrownBy(() -> registry.forType(StringBuilder.class))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("Several codecs support java.lang.StringBuilder equally")
                .hasMessageContaining("whispeer.codec=<name>");
        CodecRegistry chosen = new CodecRegistry(List.of(new FakeCodec("cbor", 80), new FakeCodec("smile", 81)),
                Settings.of(java.util.Map.of("whispeer.codec", "smile")), Optional.empty());
        assertThat(chosen.forType(StringBuilder.class)).isSameAs(chosen.byName("smile"));
    }

    @Test
    void aTypeNoCodecSupportsNamesTheCodecArtifacts() {
        CodecRegistry registry = new CodecRegistry(List.of(), Settings.empty(), Optional.empty());
        assertThatThrownBy(() -> registry.forType(StringBuilder.class))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("No codec can encode java.lang.StringBuilder")
                .hasMessageContaining("whispeer-codec-json")
                .hasMessageContaining("whispeer-codec-protobuf");
    }

    /** A generic codec that only exists to be selected or refused. */
    private record FakeCodec(String name, int id) implements CodecProvider {
        @Override
        public TypeSupport support(Type type) {
            return TypeSupport.GENERIC;
        }

        @Override
        public Codec create(Settings settings) {
            return new TestSupport.TextCodecProvider();
        }
    }

    /** A compression engine that never compresses; only its rank matters here. */
    private record FakeCompression(String name, int id, int rank) implements CompressionEngineProvider {
        @Override
        public CompressionEngine create(Settings settings) {
            return new NoCompression();
        }
    }
}
