package io.whispeer.it;

import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * A third-party jar made in a test: some of this module's test classes, a services file and a Maven
 * {@code pom.properties}, loaded child-first, so that the classes really come from that jar (their code source is
 * the jar) and the broker discovers them through the context class loader, as it would a jar on the class path.
 */
final class SideJar {
    private final Path file;
    private final Set<String> classes;

    private SideJar(Path file, Set<String> classes) {
        this.file = file;
        this.classes = classes;
    }

    /**
     * Writes the jar: the provider class and its nested and anonymous classes, its services file and a
     * pom.properties.
     *
     * @param file     where
     * @param service  the service type
     * @param provider the provider class, a test class of this module
     * @param group    the Maven group of pom.properties
     * @param artifact the Maven artifact
     * @param version  the Maven version
     */
    static SideJar write(Path file, Class<?> service, Class<?> provider, String group, String artifact, String version) throws Exception {
        Path classes = Path.of(provider.getProtectionDomain().getCodeSource().getLocation().toURI());
        String base = provider.getName().replace('.', '/');
        Path dir = classes.resolve(base).getParent();
        String simple = provider.getSimpleName();
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.map(f -> f.getFileName().toString()).filter(f -> f.equals(simple + ".class") || f.startsWith(simple + "$"))
                    .forEach(f -> names.add(provider.getPackageName() + "." + f.substring(0, f.length() - ".class".length())));
        }
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out)) {
            for (String name : names) {
                String entry = name.replace('.', '/') + ".class";
                jar.putNextEntry(new JarEntry(entry));
                jar.write(Files.readAllBytes(classes.resolve(entry)));
            }
            jar.putNextEntry(new JarEntry("META-INF/services/" + service.getName()));
            jar.write((provider.getName() + "\n").getBytes(StandardCharsets.UTF_8));
            jar.putNextEntry(new JarEntry("META-INF/maven/" + group + "/" + artifact + "/pom.properties"));
            jar.write(("groupId=" + group + "\nartifactId=" + artifact + "\nversion=" + version + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return new SideJar(file, Set.copyOf(names));
    }

    /** {@return the jar file's path as the broker names it} */
    Path file() {
        return file;
    }

    /** Runs {@code call} with this jar on the context class loader, its classes loaded from it. */
    <T> T with(Callable<T> call) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader loader = new ChildFirst(new URL[] {file.toUri().toURL()}, previous, classes)) {
            thread.setContextClassLoader(loader);
            return call.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Loads the jar's own classes from the jar, everything else from the parent. */
    private static final class ChildFirst extends URLClassLoader {
        private final Set<String> own;

        ChildFirst(URL[] urls, ClassLoader parent, Set<String> own) {
            super(urls, parent);
            this.own = own;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!own.contains(name)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    loaded = findClass(name);
                }
                if (resolve) {
                    resolveClass(loaded);
                }
                return loaded;
            }
        }
    }
}
