package io.whispeer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.whispeer.api.Broker;
import io.whispeer.api.ConfigurationException;
import io.whispeer.api.Whispeer;
import io.whispeer.api.spi.PluginProvider;

/**
 * Discovered plugins on the class path: failing providers are named, the allow-list takes class names and plugin
 * names, and unknown settings are logged once.
 */
class PluginDiscoveryTest {
    private static final Logger CORE_LOG = Logger.getLogger("io.whispeer.core");
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
                warnings.add(record.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @TempDir
    Path jar;

    @BeforeEach
    void captureWarnings() {
        CORE_LOG.addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        CORE_LOG.removeHandler(capture);
    }

    @Test
    void aPluginWhoseCreateThrowsIsNamedWithItsProviderArtifactAndCause() throws Exception {
        register(FailingPluginProviders.FailsToCreate.class.getName());
        assertThatThrownBy(() -> withServices(() -> Whispeer.builder().property("whispeer.plugin.audit.file", "/nope").build()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("The plugin provider " + FailingPluginProviders.FailsToCreate.class.getName()
                        + " (plugin 'audit', test-classes (version unknown) from ")
                .hasMessageContaining("failed to create its plugin: java.lang.IllegalStateException: cannot open"
                        + " whispeer.plugin.audit.file=/nope")
                .hasMessageContaining("leave it out with whispeer.plugins.allow");
    }

    @Test
    void aPluginProviderWhoseConstructorThrowsFailsTheBuildNamingItAndTheCause() throws Exception {
        register(FailingPluginProviders.FailsToConstruct.class.getName());
        assertThatThrownBy(() -> withServices(() -> Whispeer.builder().build()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("the PluginProvider " + FailingPluginProviders.FailsToConstruct.class.getName())
                .hasMessageContaining("could not be constructed: java.lang.IllegalStateException: static setup failed");
    }

    @Test
    void theAllowListTakesPluginNamesAndLeavesOutTheProvidersItDoesNotName() throws Exception {
        register(FailingPluginProviders.FailsToCreate.class.getName());
        try (Broker broker = withServices(() -> Whispeer.builder().property("whispeer.plugins.allow", "counting").build())) {
            assertThat(broker.plugins()).containsExactly("counting");
        }
    }

    @Test
    void anAllowListEntryThatMatchesNothingIsAWarningListingWhatWasFound() {
        try (Broker broker = Whispeer.builder().property("whispeer.plugins.allow", "counting, countng, com.example.Gone").build()) {
            assertThat(broker.plugins()).containsExactly("counting");
        }
        assertThat(warnings).anySatisfy(w -> assertThat(w).startsWith("whispeer.plugins.allow lists 'countng', which matches no plugin name found."
                + " Found: " + CountingPluginProvider.class.getName() + " (counting)"));
        assertThat(warnings).anySatisfy(w -> assertThat(w).startsWith("whispeer.plugins.allow lists 'com.example.Gone', which matches no"
                + " plugin provider class found."));
    }

    @Test
    void anUnknownSettingIsLoggedOnceWithTheClosestKey() {
        for (int i = 0; i < 2; i++) {
            Whispeer.builder().property("whispeer.compression.zstd.levl", "3").build().close();
        }
        assertThat(warnings).filteredOn(w -> w.contains("whispeer.compression.zstd.levl")).singleElement().asString()
                .startsWith("Unknown setting whispeer.compression.zstd.levl=3; did you mean whispeer.compression.zstd.level?");
    }

    @Test
    void anUnknownPluginSettingIsReportedWhereThePluginsAreLoaded() {
        assertThatThrownBy(() -> Whispeer.builder().property("whispeer.settings.strict", "true")
                .property("whispeer.plugin.counting.colour", "blue").build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("Unknown setting whispeer.plugin.counting.colour=blue;");
    }

    private void register(String className) throws Exception {
        Path services = Files.createDirectories(jar.resolve("META-INF/services"));
        Files.writeString(services.resolve(PluginProvider.class.getName()), className + "\n");
    }

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
