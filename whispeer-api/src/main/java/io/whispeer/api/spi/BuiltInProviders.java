package io.whispeer.api.spi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The one table of whispeer's own codecs and engines: their names, wire ids, artifacts and the exact class of each
 * provider, and the identity rules that the broker's {@code build()} and the compatibility kits in
 * {@code whispeer-tck} both apply, with the same messages.
 *
 * <p>A built-in name or id is accepted only from the provider class listed here, matched by its full class name: a
 * jar that puts another class into a whispeer package is refused like any other jar that claims a built-in name or
 * id. (On the class path, a class loader loads one class per name, so a jar that copies the exact class name of a
 * built-in provider only shadows or is shadowed by the real one; on the module path two modules cannot share a
 * package at all.)
 *
 * <p>{@link #origin(Class)} names where a class really comes from: its artifact and version, read from the jar it
 * was loaded from, never guessed from its package.
 */
public final class BuiltInProviders {
    /** The SPI name of codecs, as used in messages: {@value}. */
    public static final String CODEC = "codec";
    /** The SPI name of compression engines, as used in messages: {@value}. */
    public static final String COMPRESSION = "compression";
    /** The SPI name of encryption engines, as used in messages: {@value}. */
    public static final String ENCRYPTION = "encryption";
    /** The artifact of the providers built into the core. */
    public static final String CORE_ARTIFACT = "whispeer-core";

    /**
     * One built-in codec or engine.
     *
     * @param spi           {@link #CODEC}, {@link #COMPRESSION} or {@link #ENCRYPTION}
     * @param name          the provider name
     * @param id            the wire id
     * @param artifact      the Maven artifact that provides it ({@value #CORE_ARTIFACT} for those built into the core)
     * @param providerClass the full name of the only class allowed to provide it; empty when no provider exists
     *                      (cipher {@code none}: an envelope without encryption, written by the core itself)
     */
    public record BuiltIn(String spi, String name, int id, String artifact, Optional<String> providerClass) {
        /**
         * Checks the components.
         *
         * @throws NullPointerException when a component is null
         */
        public BuiltIn {
            Objects.requireNonNull(spi, "spi");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(artifact, "artifact");
            Objects.requireNonNull(providerClass, "providerClass");
        }

        /** {@return whether the artifact is the core, which needs no dependency of its own} */
        public boolean inCore() {
            return artifact.equals(CORE_ARTIFACT);
        }
    }

    private static final List<BuiltIn> ALL = List.of(
            builtIn(CODEC, "bytes", WireIds.CODEC_BYTES, CORE_ARTIFACT, "io.whispeer.core.BytesCodecProvider"),
            builtIn(CODEC, "json", WireIds.CODEC_JSON, "whispeer-codec-json", "io.whispeer.codec.json.JsonCodecProvider"),
            builtIn(CODEC, "protobuf", WireIds.CODEC_PROTOBUF, "whispeer-codec-protobuf", "io.whispeer.codec.protobuf.ProtobufCodecProvider"),
            builtIn(COMPRESSION, "none", WireIds.COMPRESSION_NONE, CORE_ARTIFACT, "io.whispeer.core.NoCompression"),
            builtIn(COMPRESSION, "zstd", WireIds.COMPRESSION_ZSTD, "whispeer-compression-zstd",
                    "io.whispeer.compression.zstd.ZstdCompressionProvider"),
            builtIn(COMPRESSION, "lz4", WireIds.COMPRESSION_LZ4, "whispeer-compression-lz4", "io.whispeer.compression.lz4.Lz4CompressionProvider"),
            new BuiltIn(ENCRYPTION, "none", WireIds.CIPHER_NONE, CORE_ARTIFACT, Optional.empty()),
            builtIn(ENCRYPTION, "xchacha20-poly1305", WireIds.CIPHER_XCHACHA20_POLY1305, "whispeer-crypto-chacha",
                    "io.whispeer.crypto.chacha.XChaCha20Poly1305Provider"),
            builtIn(ENCRYPTION, "chacha20-poly1305", WireIds.CIPHER_CHACHA20_POLY1305, "whispeer-crypto-chacha",
                    "io.whispeer.crypto.chacha.ChaCha20Poly1305Provider"),
            builtIn(ENCRYPTION, "aes-256-gcm", WireIds.CIPHER_AES_256_GCM, "whispeer-crypto-aesgcm", "io.whispeer.crypto.aesgcm.AesGcmProvider"));

    private static final Pattern POM_PROPERTIES = Pattern.compile("META-INF/maven/[^/]+/[^/]+/pom\\.properties");
    private static final Map<String, JarFacts> JARS = new ConcurrentHashMap<>();

    private BuiltInProviders() {
    }

    private static BuiltIn builtIn(String spi, String name, int id, String artifact, String providerClass) {
        return new BuiltIn(spi, name, id, artifact, Optional.of(providerClass));
    }

    /** {@return every built-in codec and engine} */
    public static List<BuiltIn> all() {
        return ALL;
    }

    /**
     * The built-in provider of an SPI with a name.
     *
     * @param spi  {@link #CODEC}, {@link #COMPRESSION} or {@link #ENCRYPTION}
     * @param name the provider name
     * @return the entry, or empty when the name is not built in
     */
    public static Optional<BuiltIn> byName(String spi, String name) {
        Objects.requireNonNull(spi, "spi");
        Objects.requireNonNull(name, "name");
        return ALL.stream().filter(k -> k.spi().equals(spi) && k.name().equals(name)).findFirst();
    }

    /**
     * The built-in provider of an SPI with a wire id.
     *
     * @param spi {@link #CODEC}, {@link #COMPRESSION} or {@link #ENCRYPTION}
     * @param id  the wire id
     * @return the entry, or empty when the id belongs to no built-in provider
     */
    public static Optional<BuiltIn> byId(String spi, int id) {
        Objects.requireNonNull(spi, "spi");
        return ALL.stream().filter(k -> k.spi().equals(spi) && k.id() == id).findFirst();
    }

    /**
     * Checks the identity of one provider: its name is lowercase and not blank, its id is within
     * 0..{@value WireIds#MAX}, and a built-in name or an id in 0..{@value WireIds#BUILT_IN_MAX} is claimed only by
     * the exact built-in provider class. {@code build()} refuses a provider for which this returns a problem, and
     * the compatibility kits fail it, with this message.
     *
     * @param spi           {@link #CODEC}, {@link #COMPRESSION} or {@link #ENCRYPTION}
     * @param providerClass the provider's class
     * @param name          the provider's {@code name()}
     * @param id            the provider's {@code id()}
     * @return the problem, naming the provider, its jar and the fix; empty when the identity is acceptable
     */
    public static Optional<String> identityProblem(String spi, Class<?> providerClass, String name, int id) {
        Objects.requireNonNull(spi, "spi");
        Objects.requireNonNull(providerClass, "providerClass");
        String who = "The " + spi + " provider " + describe(providerClass, name);
        if (name == null || name.isBlank() || !name.equals(name.toLowerCase(Locale.ROOT))) {
            return Optional.of(who + " has an invalid name '" + name + "'; names are lowercase and not blank.");
        }
        if (id < 0 || id > WireIds.MAX) {
            return Optional.of(who + " has wire id " + id + "; ids are 0.." + WireIds.MAX + ", and third-party providers use "
                    + WireIds.THIRD_PARTY_MIN + ".." + WireIds.MAX + ".");
        }
        String type = providerClass.getName();
        Optional<BuiltIn> claimedName = byName(spi, name);
        if (claimedName.isPresent() && !isProvider(claimedName.get(), type)) {
            return Optional.of(who + " claims the name '" + name + "', which belongs to " + owner(claimedName.get())
                    + ". Refusing it: remove that jar or rename its provider.");
        }
        Optional<BuiltIn> claimedId = byId(spi, id);
        if (claimedId.isPresent() ? !isProvider(claimedId.get(), type) : id <= WireIds.BUILT_IN_MAX) {
            return Optional.of(who + " claims wire id " + id + ", which is reserved for whispeer's own " + spi + " engines (0.."
                    + WireIds.BUILT_IN_MAX + (claimedId.isPresent() ? "; " + id + " belongs to " + owner(claimedId.get()) : "")
                    + "). Refusing it: third-party providers use ids " + WireIds.THIRD_PARTY_MIN + ".." + WireIds.MAX + ".");
        }
        return Optional.empty();
    }

    private static boolean isProvider(BuiltIn builtIn, String className) {
        return builtIn.providerClass().map(className::equals).orElse(false);
    }

    private static String owner(BuiltIn builtIn) {
        return builtIn.artifact() + " (" + builtIn.providerClass().map(c -> "provider " + c)
                .orElse("the core's " + builtIn.name() + " " + builtIn.spi() + ", which has no provider") + ")";
    }

    /**
     * Describes a provider for messages.
     *
     * @param providerClass the provider's class
     * @param name          the provider's name
     * @return {@code "name (class, origin)"}, the origin as {@link #origin(Class)} gives it
     */
    public static String describe(Class<?> providerClass, String name) {
        Objects.requireNonNull(providerClass, "providerClass");
        return name + " (" + providerClass.getName() + ", " + origin(providerClass) + ")";
    }

    /**
     * Where a class really comes from, for messages and logs:
     * {@code "artifact version from location[, module name]"}. Each part is read, never guessed from the package:
     * <ul>
     *   <li>the location is the class's code source (the jar file or classes directory);</li>
     *   <li>the artifact is the {@code artifactId} of the Maven {@code pom.properties} inside that jar, else the
     *       module name, else the jar's file name;</li>
     *   <li>the version is the {@code Implementation-Version} of that jar's manifest, else the module version, else
     *       the {@code version} of the jar's {@code pom.properties}, else {@code "(version unknown)"}.</li>
     * </ul>
     *
     * @param type the class
     * @return its origin
     */
    public static String origin(Class<?> type) {
        Objects.requireNonNull(type, "type");
        Optional<String> location = location(type);
        JarFacts facts = location.map(p -> JARS.computeIfAbsent(p, JarFacts::read)).orElse(JarFacts.NONE);
        Module module = type.getModule();
        Optional<ModuleDescriptor> descriptor = Optional.ofNullable(module.getDescriptor());
        String artifact = facts.artifactId()
                .or(() -> module.isNamed() ? Optional.of(module.getName()) : Optional.empty())
                .or(() -> location.map(p -> p.substring(p.lastIndexOf('/', p.length() - 2) + 1)))
                .orElse(type.getName());
        String version = facts.implementationVersion()
                .or(() -> descriptor.flatMap(ModuleDescriptor::rawVersion))
                .or(facts::pomVersion)
                .orElse("(version unknown)");
        String where = location.orElse("an unknown location");
        return artifact + " " + version + " from " + where + (module.isNamed() ? ", module " + module.getName() : "");
    }

    private static Optional<String> location(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return Optional.empty();
        }
        URL url = source.getLocation();
        if ("file".equals(url.getProtocol())) {
            try {
                return Optional.of(Path.of(url.toURI()).toString());
            } catch (URISyntaxException | IllegalArgumentException e) {
                return Optional.of(url.getPath());
            }
        }
        return Optional.of(url.toString());
    }

    /** What a jar (or classes directory) says about itself. */
    private record JarFacts(Optional<String> artifactId, Optional<String> pomVersion, Optional<String> implementationVersion) {
        static final JarFacts NONE = new JarFacts(Optional.empty(), Optional.empty(), Optional.empty());

        static JarFacts read(String where) {
            try {
                Path location = Path.of(where);
                if (Files.isRegularFile(location)) {
                    try (JarFile jar = new JarFile(location.toFile())) {
                        Manifest manifest = jar.getManifest();
                        List<JarEntry> poms = jar.stream().filter(e -> POM_PROPERTIES.matcher(e.getName()).matches()).toList();
                        Properties pom = new Properties();
                        if (poms.size() == 1) {
                            try (InputStream in = jar.getInputStream(poms.get(0))) {
                                pom.load(in);
                            }
                        }
                        return of(manifest, pom);
                    }
                }
                if (Files.isDirectory(location)) {
                    Manifest manifest = null;
                    Path mf = location.resolve("META-INF/MANIFEST.MF");
                    if (Files.isRegularFile(mf)) {
                        try (InputStream in = Files.newInputStream(mf)) {
                            manifest = new Manifest(in);
                        }
                    }
                    Properties pom = new Properties();
                    Path maven = location.resolve("META-INF/maven");
                    if (Files.isDirectory(maven)) {
                        List<Path> poms = new ArrayList<>();
                        try (Stream<Path> files = Files.walk(maven, 3)) {
                            files.filter(p -> POM_PROPERTIES.matcher(location.relativize(p).toString().replace('\\', '/')).matches())
                                    .forEach(poms::add);
                        }
                        if (poms.size() == 1) {
                            try (InputStream in = Files.newInputStream(poms.get(0))) {
                                pom.load(in);
                            }
                        }
                    }
                    return of(manifest, pom);
                }
            } catch (IOException | UncheckedIOException | SecurityException | java.nio.file.InvalidPathException e) {
                return NONE;
            }
            return NONE;
        }

        private static JarFacts of(Manifest manifest, Properties pom) {
            Optional<String> implementation = manifest == null ? Optional.empty()
                    : Optional.ofNullable(manifest.getMainAttributes().getValue(Attributes.Name.IMPLEMENTATION_VERSION));
            return new JarFacts(Optional.ofNullable(pom.getProperty("artifactId")), Optional.ofNullable(pom.getProperty("version")),
                    implementation);
        }
    }
}
