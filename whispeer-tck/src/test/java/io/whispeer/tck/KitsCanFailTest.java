package io.whispeer.tck;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.SecretKey;

import org.junit.jupiter.api.Test;

import io.whispeer.api.CodecException;
import io.whispeer.api.CompressionException;
import io.whispeer.api.Envelope;
import io.whispeer.api.TypeRef;
import io.whispeer.api.spi.Codec;
import io.whispeer.api.spi.CodecProvider;
import io.whispeer.api.spi.CompressionEngine;
import io.whispeer.api.spi.CompressionEngineProvider;
import io.whispeer.api.spi.EncryptionEngine;
import io.whispeer.api.spi.EncryptionEngineProvider;
import io.whispeer.api.spi.Plugin;
import io.whispeer.api.spi.PluginProvider;
import io.whispeer.api.spi.SealedPayload;
import io.whispeer.api.spi.Settings;
import io.whispeer.api.spi.TypeSupport;

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
                EncryptionEngine engine = reference.create(settings);
                return new EncryptionEngine() {
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
                    public SealedPayload seal(SecretKey key, byte[] plaintext, byte[] aad) {
                        return engine.seal(key, plaintext, aad);
                    }

                    @Override
                    public byte[] open(SecretKey key, byte[] nonce, byte[] ciphertext, byte[] aad) {
                        try {
                            return engine.open(key, nonce, ciphertext, aad);
                        } catch (RuntimeException e) {
                            throw new IllegalStateException("Tag mismatch", e);
                        }
                    }
                };
            }
        };
        ChaChaEncryptionEngineTest kit = new ChaChaEncryptionEngineTest() {
            @Override
            protected EncryptionEngineProvider provider() {
                return broken;
            }
        };
        assertThatThrownBy(kit::openingWithAnotherKeyThrowsMessageAuthenticationException).isInstanceOf(AssertionError.class);
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

    /** How a broken engine decompresses, given the reference engine. */
    @FunctionalInterface
    private interface Decompression {
        byte[] decompress(CompressionEngine reference, byte[] input, int maxSize);
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
