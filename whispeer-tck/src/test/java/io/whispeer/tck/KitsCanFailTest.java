package io.whispeer.tck;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import io.whispeer.api.CodecException;
import io.whispeer.api.CompressionException;
import io.whispeer.api.Envelope;
import io.whispeer.api.TypeRef;
import io.whispeer.api.spi.BuiltInProviders;
import io.whispeer.api.spi.Codec;
import io.whispeer.api.spi.CodecProvider;
import io.whispeer.api.spi.CompressionEngine;
import io.whispeer.api.spi.CompressionEngineProvider;
import io.whispeer.api.spi.EncryptionEngine;
import io.whispeer.api.spi.EncryptionEngineProvider;
import io.whispeer.api.spi.KeyMaterial;
import io.whispeer.api.spi.KeyedCipher;
import io.whispeer.api.spi.Plugin;
import io.whispeer.api.spi.PluginProvider;
import io.whispeer.api.spi.SealedPayload;
import io.whispeer.api.spi.Settings;
import io.whispeer.api.spi.TransportProvider;
import io.whispeer.api.spi.TypeSupport;
import io.whispeer.api.spi.WireIds;

/** The kits catch broken implementations: each test runs one kit check on a deliberately broken one. */
class KitsCanFailTest {
    @Test
    void codecThatLosesTheLastCharacterFailsTheRoundTripCheck() {
        ReferenceCodecTest kit = codecKit(new CodecWrapper() {
            @Override
            public byte[] encode(Object value, TypeRef<?> type) {
                Object changed = value instanceof String s && !s.isEmpty() ? s.substring(0, s.length() - 1) : value;
                return delegate.encode(changed, type);
            }
        });
        assertThatThrownBy(kit::everySampleSurvivesARoundTrip).isInstanceOf(AssertionError.class);
    }

    @Test
    void codecThatQuotesThePayloadInErrorsFailsTheLeakCheck() {
        ReferenceCodecTest kit = codecKit(new CodecWrapper() {
            @Override
            public <T> T decode(byte[] data, int offset, int length, TypeRef<T> type) {
                try {
                    return delegate.decode(data, offset, length, type);
                } catch (CodecException e) {
                    throw new CodecException("Cannot decode " + new String(data, offset, length, StandardCharsets.ISO_8859_1), e);
                }
            }
        });
        assertThatThrownBy(kit::decodingErrorsDoNotRevealThePayload).isInstanceOf(AssertionError.class);
    }

    @Test
    void codecThatThrowsAnotherExceptionForGarbageFailsTheGarbageCheck() {
        ReferenceCodecTest kit = codecKit(new CodecWrapper() {
            @Override
            public <T> T decode(byte[] data, int offset, int length, TypeRef<T> type) {
                try {
                    return delegate.decode(data, offset, length, type);
                } catch (CodecException e) {
                    throw new IllegalArgumentException("bad input", e);
                }
            }
        });
        assertThatThrownBy(kit::decodingGarbageThrowsCodecException).isInstanceOf(AssertionError.class);
    }

    @Test
    void compressionEngineThatIgnoresMaxSizeFailsTheLimitCheck() {
        DeflateCompressionEngineTest kit = compressionKit((engine, input, maxSize) -> engine.decompress(input, Integer.MAX_VALUE - 16));
        try {
            assertThatThrownBy(kit::decompressingMoreThanMaxSizeThrowsCompressionException).isInstanceOf(AssertionError.class);
        } finally {
            kit.closeEngine();
        }
    }

    @Test
    void compressionProviderClaimingZstdFailsItsKitWithTheMessageBuildGives() {
        CompressionEngineCompatibilityKit kit = new ImpostorCompressionKit("zstd", WireIds.COMPRESSION_ZSTD);
        assertThatThrownBy(kit::providerClaimsNoBuiltInNameOrReservedIdThatBuildWouldRefuse)
                .isInstanceOf(AssertionError.class)
                .hasMessage(BuiltInProviders.identityProblem(BuiltInProviders.COMPRESSION, ImpostorCompression.class, "zstd",
                        WireIds.COMPRESSION_ZSTD).orElseThrow())
                .hasMessageContaining("claims the name 'zstd', which belongs to whispeer-compression-zstd");
    }

    @Test
    void compressionProviderUsingAReservedIdFailsItsKit() {
        CompressionEngineCompatibilityKit kit = new ImpostorCompressionKit("brotli", 7);
        assertThatThrownBy(kit::providerClaimsNoBuiltInNameOrReservedIdThatBuildWouldRefuse)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("claims wire id 7, which is reserved for whispeer's own compression engines (0..63)");
    }

    @Test
    void encryptionProviderClaimingABuiltInIdFailsItsKit() {
        EncryptionEngineProvider reference = new ChaChaEncryptionEngineProvider();
        EncryptionEngineCompatibilityKit kit = new ChaChaEncryptionEngineTest() {
            @Override
            protected EncryptionEngineProvider provider() {
                return new EncryptionEngineProvider() {
                    @Override
                    public String name() {
                        return "my-cipher";
                    }

                    @Override
                    public int id() {
                        return WireIds.CIPHER_AES_256_GCM;
                    }

                    @Override
                    public EncryptionEngine create(Settings settings) {
                        return reference.create(settings);
                    }
                };
            }
        };
        assertThatThrownBy(kit::providerClaimsNoBuiltInNameOrReservedIdThatBuildWouldRefuse)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("claims wire id 3, which is reserved")
                .hasMessageContaining("3 belongs to whispeer-crypto-aesgcm (provider io.whispeer.crypto.aesgcm.AesGcmProvider)");
    }

    @Test
    void codecProviderClaimingJsonFailsItsKit() {
        CodecProvider reference = new ReferenceCodecProvider();
        CodecCompatibilityKit kit = new ReferenceCodecTest() {
            @Override
            protected CodecProvider provider() {
                return new CodecProvider() {
                    @Override
                    public String name() {
                        return "json";
                    }

                    @Override
                    public int id() {
                        return reference.id();
                    }

                    @Override
                    public TypeSupport support(Type type) {
                        return reference.support(type);
                    }

                    @Override
                    public Codec create(Settings settings) {
                        return reference.create(settings);
                    }
                };
            }
        };
        assertThatThrownBy(kit::providerClaimsNoBuiltInNameOrReservedIdThatBuildWouldRefuse)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("claims the name 'json', which belongs to whispeer-codec-json");
    }

    @Test
    void theReferenceProvidersPassTheIdentityCheck() {
        assertThatCode(() -> new DeflateCompressionEngineTest().providerClaimsNoBuiltInNameOrReservedIdThatBuildWouldRefuse())
                .doesNotThrowAnyException();
        assertThatCode(() -> new ChaChaEncryptionEngineTest().providerClaimsNoBuiltInNameOrReservedIdThatBuildWouldRefuse())
                .doesNotThrowAnyException();
        assertThatCode(() -> new ReferenceCodecTest().providerClaimsNoBuiltInNameOrReservedIdThatBuildWouldRefuse())
                .doesNotThrowAnyException();
    }

    /** A compression provider with any name and id: the kit's identity check is all that is run on it. */
    static final class ImpostorCompression implements CompressionEngineProvider {
        private final String name;
        private final int id;

        ImpostorCompression(String name, int id) {
            this.name = name;
            this.id = id;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int id() {
            return id;
        }

        @Override
        public CompressionEngine create(Settings settings) {
            return new DeflateCompressionEngineProvider().create(settings);
        }
    }

    /** The compression kit over an {@link ImpostorCompression}. */
    private static final class ImpostorCompressionKit extends CompressionEngineCompatibilityKit {
        private final ImpostorCompression provider;

        ImpostorCompressionKit(String name, int id) {
            this.provider = new ImpostorCompression(name, id);
        }

        @Override
        protected CompressionEngineProvider provider() {
            return provider;
        }
    }

    @Test
    void theMaxSizeCheckSaysWhichLimitAndWhichSizesWhenNothingIsThrown() {
        DeflateCompressionEngineTest kit = compressionKit((engine, input, maxSize) -> engine.decompress(input, Integer.MAX_VALUE - 16));
        try {
            assertThatThrownBy(kit::decompressingMoreThanMaxSizeThrowsCompressionException)
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("expand to 1048576, maxSize 1048575) must throw CompressionException")
                    .hasMessageContaining("the output limit maxSize is below the decompressed size");
        } finally {
            kit.closeEngine();
        }
    }

    @Test
    void aRoundTripThatChangesOneByteIsSummarisedNotDumped() {
        DeflateCompressionEngineTest kit = compressionKit((engine, input, maxSize) -> {
            byte[] out = engine.decompress(input, maxSize);
            if (out.length > 600) {
                out[600] ^= 1;
            }
            return out;
        });
        try {
            assertThatThrownBy(() -> kit.assertRoundTrip(Kits.compressibleBytes(1000)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("round trip of 1000 bytes: both 1000 bytes; first difference at index 600")
                    .hasMessageMatching("(?s).{0,400}");
        } finally {
            kit.closeEngine();
        }
    }

    @Test
    void byteDifferencesAreSummarisedByLengthAndFirstDifferingIndex() {
        byte[] expected = new byte[1000];
        byte[] longer = new byte[1001];
        byte[] changed = expected.clone();
        changed[700] = 0x7f;
        assertThatThrownBy(() -> Kits.assertSameBytes("decoded", changed, expected))
                .hasMessage("decoded: both 1000 bytes; first difference at index 700: expected ... 00 00 00 00 [00] 00 00 00 00 00 00 00 00"
                        + " 00 00 00 ..., got ... 00 00 00 00 [7f] 00 00 00 00 00 00 00 00 00 00 00 ...");
        assertThatThrownBy(() -> Kits.assertSameBytes("decoded", longer, expected))
                .hasMessage("decoded: expected 1000 bytes, got 1001; equal up to index 1000, where the shorter one ends");
        assertThatCode(() -> Kits.assertSameBytes("decoded", expected.clone(), expected)).doesNotThrowAnyException();
    }

    @Test
    void compressionEngineThatChecksMaxSizeOnlyAfterDecompressingFailsTheBombCheck() {
        DeflateCompressionEngineTest kit = compressionKit((engine, input, maxSize) -> {
            byte[] out = engine.decompress(input, Integer.MAX_VALUE - 16);
            if (out.length > maxSize) {
                throw new CompressionException("Too large");
            }
            return out;
        });
        try {
            assertThatThrownBy(kit::decompressionBombIsRefusedWithoutAllocatingTheWholeOutput)
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("bytes allocated");
        } finally {
            kit.closeEngine();
        }
    }

    @Test
    void encryptionEngineThatThrowsIllegalStateExceptionFailsTheWrongKeyCheck() {
        ChaChaEncryptionEngineTest kit = encryptionKit(engine -> new EngineWrapper(engine) {
            @Override
            public KeyedCipher forKey(SecretKey key) {
                KeyedCipher bound = engine.forKey(key);
                return new CipherWrapper(bound) {
                    @Override
                    public byte[] open(byte[] nonce, byte[] ciphertext, byte[] aad) {
                        try {
                            return bound.open(nonce, ciphertext, aad);
                        } catch (RuntimeException e) {
                            throw new IllegalStateException("Tag mismatch", e);
                        }
                    }
                };
            }
        });
        try {
            assertThatThrownBy(kit::openingWithAnotherKeyThrowsMessageAuthenticationException).isInstanceOf(AssertionError.class);
        } finally {
            kit.closeEngine();
        }
    }

    @Test
    void encryptionEngineWhoseBoundObjectIgnoresTheKeyFailsTheBoundKeyCheck() {
        SecretKey fixed = new SecretKeySpec(new byte[ChaChaEncryptionEngineProvider.KEY_SIZE], "ChaCha20");
        ChaChaEncryptionEngineTest kit = encryptionKit(engine -> new EngineWrapper(engine) {
            @Override
            public KeyedCipher forKey(SecretKey key) {
                KeyMaterial.copyOf(key, keySize(), name()).close();
                return engine.forKey(fixed);
            }
        });
        try {
            assertThatThrownBy(kit::boundObjectsUseTheKeyTheyWereBoundTo).isInstanceOf(AssertionError.class);
        } finally {
            kit.closeEngine();
        }
    }

    @Test
    void encryptionEngineThatDeclaresALimitItDoesNotEnforceFailsTheLimitCheck() {
        ChaChaEncryptionEngineTest kit = encryptionKit(engine -> new EngineWrapper(engine) {
            @Override
            public long maxMessagesPerKey() {
                return 100;
            }
        });
        try {
            assertThatThrownBy(kit::eachBoundObjectSealsExactlyTheLimitThenRefusesWithKeyUsageLimitException)
                    .isInstanceOf(AssertionError.class);
        } finally {
            kit.closeEngine();
        }
    }

    @Test
    void pluginThatThrowsFromAHookFailsTheHookCheck() {
        CountingPluginTest kit = new CountingPluginTest() {
            @Override
            protected PluginProvider provider() {
                return new PluginProvider() {
                    @Override
                    public String name() {
                        return "throwing";
                    }

                    @Override
                    public Plugin create(Settings settings) {
                        return new Plugin() {
                            @Override
                            public String name() {
                                return "throwing";
                            }

                            @Override
                            public void onPublish(Envelope envelope) {
                                if (envelope.payloadSize() > 100_000) {
                                    throw new IllegalStateException("payload too large for this plugin");
                                }
                            }
                        };
                    }
                };
            }
        };
        try {
            assertThatThrownBy(kit::everyHookAcceptsArbitraryEnvelopes).isInstanceOf(IllegalStateException.class);
        } finally {
            kit.closePlugin();
        }
    }

    @Test
    void servicesFileWithAnExtraProviderFailsTheDeclarationCheck() {
        ModuleDescriptor descriptor = ModuleDescriptor.newModule("com.example.codec").packages(java.util.Set.of("com.example.codec"))
                .provides(CodecProvider.class.getName(), List.of("com.example.codec.FastCodecProvider")).build();
        Map<String, List<String>> files = Map.of(CodecProvider.class.getName(),
                List.of("com.example.codec.FastCodecProvider", "com.example.codec.OldCodecProvider"));
        assertThatThrownBy(() -> ServiceDeclarationKit.assertEveryProvidesIsListed(descriptor, files)).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> ServiceDeclarationKit.assertEveryListingIsProvided(descriptor, files)).isInstanceOf(AssertionError.class);
    }

    @Test
    void provideWithoutAServicesFileFailsTheDeclarationCheck() {
        ModuleDescriptor descriptor = ModuleDescriptor.newModule("com.example.codec").packages(java.util.Set.of("com.example.codec"))
                .provides(CodecProvider.class.getName(), List.of("com.example.codec.FastCodecProvider")).build();
        assertThatThrownBy(() -> ServiceDeclarationKit.assertEveryProvidesIsListed(descriptor, Map.of())).isInstanceOf(AssertionError.class);
        assertThatCode(() -> ServiceDeclarationKit.assertEveryListingIsProvided(descriptor, Map.of())).doesNotThrowAnyException();
    }

    @Test
    void servicesFileWithoutAProvidesFailsTheDeclarationCheck() {
        ModuleDescriptor descriptor = ModuleDescriptor.newModule("com.example.codec").build();
        Map<String, List<String>> files = Map.of(CodecProvider.class.getName(), List.of("com.example.codec.FastCodecProvider"));
        assertThatThrownBy(() -> ServiceDeclarationKit.assertEveryListingIsProvided(descriptor, files)).isInstanceOf(AssertionError.class);
    }

    @Test
    void providerThatIsNotPublicFinalFailsTheProviderClassCheck() {
        assertThatThrownBy(() -> ServiceDeclarationKit.assertProviderClass(CodecProvider.class, ReferenceCodecProvider.class))
                .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> ServiceDeclarationKit.assertProviderClass(Number.class, Integer.class))
                .as("a public final class without a public no-arg constructor")
                .isInstanceOf(AssertionError.class);
        assertThatCode(() -> ServiceDeclarationKit.assertProviderClass(CharSequence.class, String.class)).doesNotThrowAnyException();
    }

    @Test
    void transportThatIgnoresPauseReadingFailsThePauseChecks() {
        SocketTransportTest kit = transportKit(SocketTransportProvider.Flaw.IGNORES_PAUSE);
        try {
            assertThatThrownBy(kit::pausingInOnFrameStopsDeliveryUntilResumed).isInstanceOf(AssertionError.class);
        } finally {
            kit.closeTransports();
        }
        try {
            assertThatThrownBy(kit::pausedReaderMakesTheWriterUnwritableUntilItResumes).isInstanceOf(AssertionError.class);
        } finally {
            kit.closeTransports();
        }
    }

    @Test
    void transportThatNeverTurnsUnwritableFailsTheBackpressureCheck() {
        SocketTransportTest kit = transportKit(SocketTransportProvider.Flaw.ALWAYS_WRITABLE);
        try {
            assertThatThrownBy(kit::pausedReaderMakesTheWriterUnwritableUntilItResumes).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("still writable");
        } finally {
            kit.closeTransports();
        }
    }

    @Test
    void transportThatDropsAPartOfAGatheringWriteFailsTheGatheringCheck() {
        SocketTransportTest kit = transportKit(SocketTransportProvider.Flaw.DROPS_LAST_PART);
        try {
            assertThatThrownBy(kit::gatheringWriteArrivesAsOneFrameEqualToTheConcatenation).isInstanceOf(AssertionError.class);
        } finally {
            kit.closeTransports();
        }
    }

    private static SocketTransportTest transportKit(SocketTransportProvider.Flaw flaw) {
        return new SocketTransportTest() {
            @Override
            protected TransportProvider provider() {
                return new SocketTransportProvider(flaw);
            }
        };
    }

    /** How a broken engine decompresses, given the reference engine. */
    @FunctionalInterface
    private interface Decompression {
        byte[] decompress(CompressionEngine reference, byte[] input, int maxSize);
    }

    /** The reference encryption kit over an engine that {@code breaker} wraps; settings for a limit are ignored. */
    private static ChaChaEncryptionEngineTest encryptionKit(UnaryOperator<EncryptionEngine> breaker) {
        EncryptionEngineProvider reference = new ChaChaEncryptionEngineProvider();
        EncryptionEngineProvider broken = new EncryptionEngineProvider() {
            @Override
            public String name() {
                return reference.name();
            }

            @Override
            public int id() {
                return reference.id();
            }

            @Override
            public EncryptionEngine create(Settings settings) {
                return breaker.apply(reference.create(Settings.empty()));
            }
        };
        return new ChaChaEncryptionEngineTest() {
            @Override
            protected EncryptionEngineProvider provider() {
                return broken;
            }
        };
    }

    /** An engine that delegates to the reference engine; tests override one method to break it. */
    private static class EngineWrapper implements EncryptionEngine {
        final EncryptionEngine engine;

        EngineWrapper(EncryptionEngine engine) {
            this.engine = engine;
        }

        @Override
        public String name() {
            return engine.name();
        }

        @Override
        public int id() {
            return engine.id();
        }

        @Override
        public int keySize() {
            return engine.keySize();
        }

        @Override
        public int nonceSize() {
            return engine.nonceSize();
        }

        @Override
        public int tagSize() {
            return engine.tagSize();
        }

        @Override
        public long maxMessagesPerKey() {
            return engine.maxMessagesPerKey();
        }

        @Override
        public KeyedCipher forKey(SecretKey key) {
            return engine.forKey(key);
        }

        @Override
        public void close() {
            engine.close();
        }
    }

    /** A bound object that delegates; tests override one method to break it. */
    private static class CipherWrapper implements KeyedCipher {
        final KeyedCipher bound;

        CipherWrapper(KeyedCipher bound) {
            this.bound = bound;
        }

        @Override
        public SealedPayload seal(byte[] plaintext, byte[] aad) {
            return bound.seal(plaintext, aad);
        }

        @Override
        public byte[] open(byte[] nonce, byte[] ciphertext, byte[] aad) {
            return bound.open(nonce, ciphertext, aad);
        }

        @Override
        public void close() {
            bound.close();
        }

        @Override
        public String toString() {
            return bound.toString();
        }
    }

    private static DeflateCompressionEngineTest compressionKit(Decompression decompression) {
        CompressionEngineProvider reference = new DeflateCompressionEngineProvider();
        CompressionEngineProvider broken = new CompressionEngineProvider() {
            @Override
            public String name() {
                return reference.name();
            }

            @Override
            public int id() {
                return reference.id();
            }

            @Override
            public CompressionEngine create(Settings settings) {
                CompressionEngine engine = reference.create(settings);
                return new CompressionEngine() {
                    @Override
                    public String name() {
                        return engine.name();
                    }

                    @Override
                    public int id() {
                        return engine.id();
                    }

                    @Override
                    public Optional<byte[]> compress(byte[] input) {
                        return engine.compress(input);
                    }

                    @Override
                    public byte[] decompress(byte[] input, int maxSize) {
                        return decompression.decompress(engine, input, maxSize);
                    }
                };
            }
        };
        return new DeflateCompressionEngineTest() {
            @Override
            protected CompressionEngineProvider provider() {
                return broken;
            }
        };
    }

    private static ReferenceCodecTest codecKit(CodecWrapper codec) {
        CodecProvider reference = new ReferenceCodecProvider();
        codec.delegate = reference.create(Settings.empty());
        CodecProvider broken = new CodecProvider() {
            @Override
            public String name() {
                return reference.name();
            }

            @Override
            public int id() {
                return reference.id();
            }

            @Override
            public TypeSupport support(Type type) {
                return reference.support(type);
            }

            @Override
            public Codec create(Settings settings) {
                return codec;
            }
        };
        return new ReferenceCodecTest() {
            @Override
            protected CodecProvider provider() {
                return broken;
            }
        };
    }

    /** A codec that delegates to the reference codec; tests override one method to break it. */
    private abstract static class CodecWrapper implements Codec {
        Codec delegate;

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public int id() {
            return delegate.id();
        }

        @Override
        public byte[] encode(Object value, TypeRef<?> type) {
            return delegate.encode(value, type);
        }

        @Override
        public <T> T decode(byte[] data, int offset, int length, TypeRef<T> type) {
            return delegate.decode(data, offset, length, type);
        }
    }
}
