package io.whispeer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import io.whispeer.api.Broker;
import io.whispeer.api.ConfigurationException;
import io.whispeer.api.KeyRing;
import io.whispeer.api.Whispeer;

/**
 * Providers are found on the class path (this test JVM) and on the module path (a module layer built here from the
 * same jars), and the documented errors appear when a provider is missing or ambiguous.
 */
class DiscoveryTest {
    private static final SecretKey KEY = new SecretKeySpec(new byte[32], "AES");

    @Test
    void onTheClassPathTheBrokerAndBothCodecsAreFound() {
        CapturePlugin capture = new CapturePlugin();
        try (Broker broker = Whispeer.defaults().plugin(capture).build()) {
            broker.publish("a", Map.of("k", 1)).join();
            broker.publish("b", com.google.protobuf.Timestamp.getDefaultInstance()).join();
            assertThat(capture.published).extracting(e -> e.codecId()).containsExactly(1, 2);
            assertThat(broker.getClass().getModule().isNamed()).isFalse();
        }
    }

    @Test
    void onTheClassPathTwoEncryptionEnginesAndNoChoiceIsTheDocumentedError() {
        assertThatThrownBy(() -> Whispeer.builder().encryption(KeyRing.single(1, KEY)).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("Several encryption engines are present and none was chosen: acme-cipher (")
                .hasMessageContaining("other-cipher (")
                .hasMessageEndingWith("Choose one with whispeer.encryption=<name> or Whispeer.builder().encryption(name, keyRing);"
                        + " whispeer never picks a cipher for you.");
    }

    @Test
    void discoveredPluginsRunUnlessTheAllowListLeavesThemOut() {
        try (Broker broker = Whispeer.builder().build()) {
            assertThat(broker.plugins()).contains("counting");
        }
        int before = CountingPluginProvider.CONSTRUCTED.get();
        try (Broker broker = Whispeer.builder().property("whispeer.plugins.allow", "com.example.Other").build()) {
            assertThat(broker.plugins()).doesNotContain("counting");
        }
        assertThat(CountingPluginProvider.CONSTRUCTED.get()).as("provider never constructed").isEqualTo(before);
    }

    @Test
    void onTheModulePathTheBrokerAndCodecsAreFoundThroughProvidesAndUses() throws Exception {
        ModuleLayer layer = layer(true);
        assertThat(layer.findModule("io.whispeer.codec.json")).isPresent();
        assertThat(layer.findModule("io.whispeer.codec.protobuf")).isPresent();
        Object broker = inLayer(layer, () -> call(builder(layer), "build"));
        try {
            assertThat(broker.getClass().getModule().getName()).isEqualTo("io.whispeer.core");
            ClassLoader api = layer.findLoader("io.whispeer.api");
            Class<?> pubSub = api.loadClass("io.whispeer.api.PubSub");
            Class<?> messageStream = api.loadClass("io.whispeer.api.MessageStream");
            Object stream = pubSub.getMethod("stream", String.class, Class.class).invoke(broker, "m", Map.class);
            try {
                pubSub.getMethod("publish", String.class, Object.class).invoke(broker, "m", Map.of("k", "v"));
                Optional<?> message = (Optional<?>) messageStream.getMethod("poll", Duration.class).invoke(stream, Duration.ofSeconds(5));
                Object payload = api.loadClass("io.whispeer.api.Message").getMethod("payload").invoke(message.orElseThrow());
                assertThat(payload).isEqualTo(Map.of("k", "v"));
            } finally {
                ((AutoCloseable) stream).close();
            }
        } finally {
            ((AutoCloseable) broker).close();
        }
    }

    @Test
    void onTheModulePathWithoutCoreTheErrorSaysToAddIt() throws Exception {
        ModuleLayer layer = layer(false);
        assertThatThrownBy(() -> inLayer(layer, () -> call(builder(layer), "build")))
                .hasMessage("No whispeer broker implementation is on the module path or class path; add io.whispeer:whispeer-core"
                        + " (versions come from whispeer-bom).");
    }

    @Test
    void onTheModulePathAKeyRingWithNoEncryptionEngineIsTheDocumentedError() throws Exception {
        ModuleLayer layer = layer(true);
        ClassLoader loader = layer.findLoader("io.whispeer.api");
        Class<?> keyRing = loader.loadClass("io.whispeer.api.KeyRing");
        Object ring = keyRing.getMethod("single", int.class, SecretKey.class).invoke(null, 1, KEY);
        assertThatThrownBy(() -> inLayer(layer, () -> {
            Object builder = builder(layer);
            builder.getClass().getMethod("encryption", keyRing).invoke(builder, ring);
            return call(builder, "build");
        })).hasMessage("A key ring was given, but no encryption engine is on the module path or class path; add"
                + " io.whispeer:whispeer-crypto-chacha or io.whispeer:whispeer-crypto-aesgcm (versions come from whispeer-bom).");
    }

    /**
     * Builds a module layer from the whispeer, Jackson and Protobuf entries of this JVM's class path: the same jars,
     * now resolved as named modules through their module descriptors.
     */
    private static ModuleLayer layer(boolean withCore) {
        List<Path> paths = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            String normalized = entry.replace('\\', '/');
            boolean whispeer = normalized.matches(".*whispeer-(api|core|codec-json|codec-protobuf)([-/].*)?")
                    && !normalized.contains("test-classes");
            boolean core = normalized.matches(".*whispeer-core([-/].*)?");
            if (whispeer && (withCore || !core) || normalized.contains("com/fasterxml/jackson") || normalized.contains("com/google/protobuf")) {
                paths.add(Path.of(entry));
            }
        }
        ModuleFinder finder = ModuleFinder.of(paths.toArray(Path[]::new));
        Configuration configuration = ModuleLayer.boot().configuration().resolveAndBind(finder, ModuleFinder.of(), Set.of("io.whispeer.api"));
        return ModuleLayer.boot().defineModulesWithOneLoader(configuration, ClassLoader.getPlatformClassLoader());
    }

    private static Object builder(ModuleLayer layer) throws ReflectiveOperationException {
        Class<?> whispeer = layer.findLoader("io.whispeer.api").loadClass("io.whispeer.api.Whispeer");
        return whispeer.getMethod("builder").invoke(null);
    }

    private static Object call(Object target, String method) throws ReflectiveOperationException {
        Method m = target.getClass().getMethod(method);
        return m.invoke(target);
    }

    private interface LayerCall {
        Object run() throws Exception;
    }

    /** Runs with the layer's loader as context loader, as an application on the module path would; unwraps reflection. */
    private static Object inLayer(ModuleLayer layer, LayerCall call) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(layer.findLoader("io.whispeer.api"));
        try {
            return call.run();
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
