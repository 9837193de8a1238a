package io.whispeer.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Keeps a module's {@code provides} lines and its {@code META-INF/services} files equal, so that its providers are
 * found on the module path and on the class path alike, and checks that each provider is a {@code public final}
 * class with a public no-arg constructor. Every implementation module extends it in one line:
 * <pre>{@code
 * class ServiceDeclarationTest extends ServiceDeclarationKit {
 * }
 * }</pre>
 *
 * <p>It reads the compiled module in {@link #classesDirectory()}: {@code target/classes}, relative to the working
 * directory, which Maven Surefire sets to the module's directory.
 */
public abstract class ServiceDeclarationKit {
    private static final String SERVICES = "META-INF/services";

    /** For subclasses. */
    protected ServiceDeclarationKit() {
    }

    /**
     * Where the compiled module is: its {@code module-info.class} and its {@code META-INF/services} directory.
     *
     * @return {@code target/classes}, unless overridden
     */
    protected Path classesDirectory() {
        return Path.of("target", "classes");
    }

    /** Each {@code provides} of the module has a services file that lists exactly its providers. */
    @Test
    public void everyProvidesHasAMatchingServicesFile() {
        assertEveryProvidesIsListed(descriptor(), servicesFiles());
    }

    /** Each services file of the module lists exactly the providers of a {@code provides}. */
    @Test
    public void everyServicesFileHasAMatchingProvides() {
        assertEveryListingIsProvided(descriptor(), servicesFiles());
    }

    /** Each provider is a {@code public final} class with a public no-arg constructor that implements its service. */
    @Test
    public void everyProviderIsAPublicFinalClassWithAPublicNoArgConstructor() {
        for (ModuleDescriptor.Provides provides : descriptor().provides()) {
            Class<?> service = load(provides.service());
            for (String provider : provides.providers()) {
                assertProviderClass(service, load(provider));
            }
        }
    }

    /** {@return the descriptor of the module in {@link #classesDirectory()}} */
    protected final ModuleDescriptor descriptor() {
        Path directory = classesDirectory().toAbsolutePath();
        assertThat(directory.resolve("module-info.class")).as("compiled module descriptor").exists();
        Set<ModuleReference> modules = ModuleFinder.of(directory).findAll();
        assertThat(modules).as("modules in %s", directory).hasSize(1);
        return modules.iterator().next().descriptor();
    }

    /** {@return the services files in {@link #classesDirectory()}: service name to the provider names listed} */
    protected final Map<String, List<String>> servicesFiles() {
        Path directory = classesDirectory().resolve(SERVICES);
        Map<String, List<String>> files = new TreeMap<>();
        if (!Files.isDirectory(directory)) {
            return files;
        }
        try (Stream<Path> paths = Files.list(directory)) {
            for (Path path : paths.filter(Files::isRegularFile).sorted().toList()) {
                files.put(path.getFileName().toString(), parse(Files.readAllLines(path, StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + directory, e);
        }
        return files;
    }

    /**
     * Checks that every {@code provides} has a services file listing the same providers.
     *
     * @param descriptor    the module descriptor
     * @param servicesFiles service name to provider names, as in {@code META-INF/services}
     */
    protected static void assertEveryProvidesIsListed(ModuleDescriptor descriptor, Map<String, List<String>> servicesFiles) {
        for (ModuleDescriptor.Provides provides : descriptor.provides()) {
            List<String> listed = servicesFiles.get(provides.service());
            if (listed == null) {
                fail("module %s provides %s with %s, but there is no %s/%s file; add it with these lines",
                        descriptor.name(), provides.service(), provides.providers(), SERVICES, provides.service());
            }
            assertThat(listed).as("%s/%s of module %s (module-info provides %s)", SERVICES, provides.service(), descriptor.name(),
                    provides.providers()).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(provides.providers());
        }
    }

    /**
     * Checks that every services file belongs to a {@code provides} with the same providers.
     *
     * @param descriptor    the module descriptor
     * @param servicesFiles service name to provider names, as in {@code META-INF/services}
     */
    protected static void assertEveryListingIsProvided(ModuleDescriptor descriptor, Map<String, List<String>> servicesFiles) {
        Map<String, List<String>> provided = new TreeMap<>();
        descriptor.provides().forEach(p -> provided.put(p.service(), p.providers()));
        servicesFiles.forEach((service, listed) -> {
            List<String> providers = provided.get(service);
            if (providers == null) {
                fail("%s/%s lists %s, but module %s has no 'provides %s'; add it to module-info.java or delete the file",
                        SERVICES, service, listed, descriptor.name(), service);
            }
            assertThat(providers).as("providers of %s in module-info of %s (%s/%s lists %s)", service, descriptor.name(), SERVICES,
                    service, listed).containsExactlyInAnyOrderElementsOf(listed);
        });
    }

    /**
     * Checks that a provider class can be instantiated by {@link java.util.ServiceLoader} on the module path and
     * the class path alike.
     *
     * @param service  the service type
     * @param provider the provider class
     */
    protected static void assertProviderClass(Class<?> service, Class<?> provider) {
        int modifiers = provider.getModifiers();
        assertThat(Modifier.isPublic(modifiers)).as("%s is public", provider.getName()).isTrue();
        assertThat(Modifier.isFinal(modifiers)).as("%s is final", provider.getName()).isTrue();
        assertThat(provider.isMemberClass() && !Modifier.isStatic(modifiers)).as("%s is an inner class", provider.getName()).isFalse();
        assertThat(service.isAssignableFrom(provider)).as("%s implements %s", provider.getName(), service.getName()).isTrue();
        Constructor<?> constructor;
        try {
            constructor = provider.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new AssertionError(provider.getName() + " has no public no-arg constructor; ServiceLoader needs one", e);
        }
        assertThat(Modifier.isPublic(constructor.getModifiers())).as("no-arg constructor of %s is public", provider.getName()).isTrue();
    }

    private Class<?> load(String name) {
        try {
            return Class.forName(name, false, getClass().getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new AssertionError("Class " + name + " named in module-info is not on the test's class or module path", e);
        }
    }

    private static List<String> parse(List<String> lines) {
        List<String> names = new ArrayList<>();
        for (String line : lines) {
            int comment = line.indexOf('#');
            String name = (comment >= 0 ? line.substring(0, comment) : line).strip();
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }
}
