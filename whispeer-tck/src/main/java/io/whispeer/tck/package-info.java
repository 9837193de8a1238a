/**
 * Compatibility kits, one per SPI: {@link io.whispeer.tck.CodecCompatibilityKit},
 * {@link io.whispeer.tck.CompressionEngineCompatibilityKit}, {@link io.whispeer.tck.EncryptionEngineCompatibilityKit},
 * {@link io.whispeer.tck.TransportCompatibilityKit}, {@link io.whispeer.tck.PluginCompatibilityKit} and
 * {@link io.whispeer.tck.MessageStoreCompatibilityKit}; {@link io.whispeer.tck.PubSubCompatibilityKit} for every
 * {@link io.whispeer.api.PubSub} (the embedded broker, the remote client); plus
 * {@link io.whispeer.tck.ServiceDeclarationKit} for the service registration of any implementation module.
 *
 * <h2>Use</h2>
 * Extend the kit in a test class and implement its abstract methods:
 * <pre>{@code
 * class ZstdCompressionEngineTest extends CompressionEngineCompatibilityKit {
 *     @Override
 *     protected CompressionEngineProvider provider() {
 *         return new ZstdCompressionEngineProvider();
 *     }
 * }
 * }</pre>
 * Each inherited test checks one behaviour of the SPI contract and is named by a sentence that states it. Tests
 * that do not apply to an implementation (a codec without generic types, say) are skipped, not passed, when the
 * subclass supplies nothing for them. Every wait is bounded: a hanging implementation fails, it does not stall the
 * build.
 *
 * <h2>Module path</h2>
 * The kits work on the class path and on the module path. On the module path this module opens its package to
 * JUnit, which runs the inherited test methods reflectively; the test classes of the implementation module must
 * be open to JUnit as well (Maven Surefire arranges that when it patches tests into the module).
 */
package io.whispeer.tck;
