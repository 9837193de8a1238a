package io.whispeer.api.spi;

import java.net.URI;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

import io.whispeer.api.CompressionDictionary;
import io.whispeer.api.KeyRing;

/**
 * Everything the builder collected, handed to {@link BrokerProvider#create}. An interface, so that it can grow;
 * {@link io.whispeer.api.BrokerBuilder#toConfig()} creates the instances, which are immutable.
 */
public interface BrokerConfig {
    /** {@return builder properties over {@code whispeer.*} system properties} */
    Settings settings();

    /** {@return the codec chosen on the builder} */
    Optional<String> codec();

    /** {@return the compression engine chosen on the builder} */
    Optional<String> compression();

    /** {@return the encryption engine chosen on the builder} */
    Optional<String> encryption();

    /** {@return the key ring; present means every topic is sealed} */
    Optional<KeyRing> keyRing();

    /** {@return declared topics, in declaration order} */
    List<TopicDeclaration> topics();

    /** {@return compression dictionaries} */
    List<CompressionDictionary> dictionaries();

    /** {@return plugin instances given to the builder} */
    List<Plugin> plugins();

    /** {@return the executor for subscription handlers, when not virtual threads} */
    Optional<Executor> executor();

    /** {@return the clock that stamps published messages (the system clock unless the builder set one)} */
    InstantSource clock();

    /** {@return the message store given to the builder} */
    Optional<MessageStore> store();

    /** {@return the addresses the broker listens at for remote clients; empty for an embedded-only broker} */
    default List<URI> listeners() {
        return List.of();
    }
}
