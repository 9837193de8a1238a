package io.whispeer.core;

import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.whispeer.api.ConfigurationException;
import io.whispeer.api.spi.BrokerConfig;
import io.whispeer.api.spi.Settings;

/**
 * Everything the typed layer is built from, read from one configuration: limits, codecs, compression, encryption,
 * the pipeline, topic declarations and the executor of subscription handlers. The embedded broker and the remote
 * client build it the same way, so a topic declared the same way seals and opens the same way on both.
 */
final class TypedStack {
    final BrokerLimits limits;
    final CodecRegistry codecs;
    final CompressionRegistry compression;
    final Optional<EncryptionRegistry> encryption;
    final Pipeline pipeline;
    final TopicDeclarations declarations;
    final Executor defaultExecutor;
    private final ExecutorService virtualThreads = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("whispeer-subscriber").factory()); // one fixed name: numbering costs a string per drain burst

    TypedStack(BrokerConfig config, DiscoveredProviders discovered) {
        Settings settings = config.settings();
        this.limits = BrokerLimits.from(settings);
        this.codecs = new CodecRegistry(discovered.codecs(), settings, config.codec());
        this.compression = new CompressionRegistry(discovered.compression(), settings, config.compression(), config.dictionaries());
        if (config.keyRing().isEmpty() && (config.encryption().isPresent() || settings.get(EncryptionRegistry.ENCRYPTION_SETTING).isPresent())) {
            compression.close();
            throw new ConfigurationException("Encryption was chosen (" + config.encryption().or(() -> settings.get(EncryptionRegistry.ENCRYPTION_SETTING)).orElseThrow()
                    + ") but no key ring was given; call encryption(name, keyRing) on Whispeer.builder() or ClientOptions.builder().");
        }
        this.encryption = config.keyRing().map(ring -> new EncryptionRegistry(discovered.encryption().get(), settings, config.encryption()));
        encryption.ifPresent(e -> e.checkAtBuild(config.keyRing().orElseThrow(), config.topics()));
        this.pipeline = new Pipeline(codecs, compression, encryption, config.keyRing());
        this.declarations = new TopicDeclarations(config.topics(), codecs, compression, limits.maxMessageBytes(),
                TopicDeclarations.PaddingMode.from(settings));
        this.defaultExecutor = config.executor().orElse(virtualThreads);
    }

    /**
     * Stops the handlers still running: interrupts them and waits up to the close timeout.
     */
    void stopHandlers() {
        virtualThreads.shutdownNow();
        try {
            if (!virtualThreads.awaitTermination(limits.closeTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                CoreBroker.LOG.log(System.Logger.Level.WARNING, "Some subscription handlers ignored interruption and are still running after close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Releases engines and handler threads; idempotent. */
    void release() {
        compression.close();
        encryption.ifPresent(EncryptionRegistry::close);
        virtualThreads.shutdownNow();
    }
}
