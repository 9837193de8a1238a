package io.whispeer.api.spi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

import io.whispeer.api.CompressionDictionary;
import io.whispeer.api.KeyRing;

/**
 * Everything the builder collected, handed to {@link BrokerProvider#create}.
 *
 * @param settings    builder properties over {@code whispeer.*} system properties
 * @param codec       the codec chosen on the builder
 * @param compression the compression engine chosen on the builder
 * @param encryption  the encryption engine chosen on the builder
 * @param keyRing     the key ring; present means every topic is sealed
 * @param topics      declared topics, in declaration order
 * @param dictionaries compression dictionaries
 * @param plugins     plugin instances given to the builder
 * @param executor    the executor for subscription handlers, when not virtual threads
 */
public record BrokerConfig(Settings settings, Optional<String> codec, Optional<String> compression,
                           Optional<String> encryption, Optional<KeyRing> keyRing, List<TopicDeclaration> topics,
                           List<CompressionDictionary> dictionaries, List<Plugin> plugins, Optional<Executor> executor) {
    /** Checks and copies the components. */
    public BrokerConfig {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(encryption, "encryption");
        Objects.requireNonNull(keyRing, "keyRing");
        topics = List.copyOf(topics);
        dictionaries = List.copyOf(dictionaries);
        plugins = List.copyOf(plugins);
        Objects.requireNonNull(executor, "executor");
    }
}
