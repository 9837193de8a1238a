package io.whispeer.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.whispeer.api.ConfigurationException;
import io.whispeer.api.spi.CodecProvider;
import io.whispeer.api.spi.CompressionEngineProvider;
import io.whispeer.api.spi.EncryptionEngineProvider;
import io.whispeer.api.spi.PluginProvider;
import io.whispeer.api.spi.Settings;
import io.whispeer.tck.CapturedLogs;

/**
 * A jar whose {@code META-INF/services} entry names a class that does not exist, or one that is not a provider, is
 * named with its services file: skipped for codecs and compression, fatal for encryption and plugins.
 */
class BrokenProviderTest {
    /** This class makes things fail on purpose; what whispeer logs about it is captured, not printed. */
    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs();

    @TempDir
    Path jar;

    @Test
    void aCodecProviderWhoseClassIsMissingIsSkippedAndNamedWithItsServicesFile() throws Exception {
        register(CodecProvider.class, "com.example.MissingCodecProvider");
        List<String> problems = new ArrayList<>();
        List<CodecProvider> found = withServices(() -> Providers.loadAll(ServiceLoader.load(CodecProvider.class), CodecProvider.class, problems::add));
        assertThat(found).isEmpty();
        assertThat(problems).singleElement().asString()
                .contains("Provider com.example.MissingCodecProvider not found")
                .contains(jar.toUri().toURL().toString() + "META-INF/services/io.whispeer.api.spi.CodecProvider");
        assertThat(withServices(CodecRegistry::discover)).as("the registry skips it instead of failing").isEmpty();
    }

    @Test
    void afterABrokenCompressionProviderTheNextOneIsStillTried() throws Exception {
        register(CompressionEngineProvider.class, "com.example.FirstMissing", "com.example.SecondMissing");
        List<String> problems = new ArrayList<>();
        withServices(() -> Providers.loadAll(ServiceLoader.load(CompressionEngineProvider.class), CompressionEngineProvider.class, problems::add));
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).contains("com.example.FirstMissing not found");
        assertThat(problems.get(1)).contains("com.example.SecondMissing not found");
        assertThat(withServices(CompressionRegistry::discover)).isEmpty();
    }

    @Test
    void aMalformedServicesFileIsNamed() throws Exception {
        register(CompressionEngineProvider.class, "not a class name!");
        List<String> problems = new ArrayList<>();
        withServices(() -> Providers.loadAll(ServiceLoader.load(CompressionEngineProvider.class), CompressionEngineProvider.class, problems::add));
        assertThat(problems).singleElement().asString()
                .contains(jar.toUri().toURL() + "META-INF/services/io.whispeer.api.spi.CompressionEngineProvider")
                .contains("Illegal");
    }

    @Test
    void aBrokenEncryptionProviderFailsDiscoveryNamingItsJarSoTheCipherChoiceCannotChangeSilently() throws Exception {
        register(EncryptionEngineProvider.class, "com.example.BrokenCipherProvider");
        assertThatThrownBy(() -> withServices(EncryptionRegistry::discover))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("Encryption provider cannot be loaded: ")
                .hasMessageContaining("com.example.BrokenCipherProvider not found")
                .hasMessageContaining(jar.toUri().toURL().toString())
                .hasMessageContaining("could change which cipher is chosen")
                .hasMessageEndingWith("Fix or remove that jar.");
    }

    @Test
    void aBrokenPluginProviderFailsTheBuildNamingItsJar() throws Exception {
        register(PluginProvider.class, "com.example.AuditPluginProvider");
        assertThatThrownBy(() -> withServices(() -> PluginRegistry.discover(Settings.empty())))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("com.example.AuditPluginProvider not found")
                .hasMessageContaining(jar.toUri().toURL().toString());
    }

    private void register(Class<?> spi, String... classNames) throws IOException {
        Path services = Files.createDirectories(jar.resolve("META-INF/services"));
        Files.writeString(services.resolve(spi.getName()), "# a broken jar\n" + String.join("\n", classNames) + "\n");
    }

    /** Runs with the temporary jar on the context class loader, as ServiceLoader.load(Class) reads it. */
    private <T> T withServices(Callable<T> call) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, previous)) {
            thread.setContextClassLoader(loader);
            return call.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
