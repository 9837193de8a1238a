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
 *         return new ZstdCompressionProvider();
 *     }
 * }
 * }</pre>
 * Each inherited test checks one behaviour of the SPI contract and is named by a sentence that states it. Tests
 * that do not apply to an implementation (a codec without generic types, say) are skipped, not passed, when the
 * subclass supplies nothing for them. Every wait is bounded: a hanging implementation fails, it does not stall the
 * build.
 *
 * <h2>JUnit version</h2>
 * The kits need JUnit Jupiter 5.10 or later, 5.x or 6.x; they are tested on 5.10.2 and 6.1.3. This module does not
 * bring JUnit itself ({@code junit-jupiter-api} is a {@code provided} dependency): your build supplies it, and every
 * JUnit artifact on the test class path must have the same version. Import the {@code junit-bom} to keep them
 * aligned:
 * <pre>{@code
 * <dependencyManagement>
 *   <dependencies>
 *     <dependency>
 *       <groupId>org.junit</groupId>
 *       <artifactId>junit-bom</artifactId>
 *       <version>5.14.4</version>
 *       <type>pom</type>
 *       <scope>import</scope>
 *     </dependency>
 *   </dependencies>
 * </dependencyManagement>
 * <!-- then, without versions: org.junit.jupiter:junit-jupiter (test) and io.whispeer:whispeer-tck (test) -->
 * }</pre>
 *
 * <h2>Names and ids</h2>
 * Each engine and codec kit fails a provider that {@code build()} would refuse for its name or wire id (a built-in
 * name, or an id in 0..63, claimed by a class other than the built-in provider), with the message {@code build()}
 * gives: both use {@link io.whispeer.api.spi.BuiltInProviders#identityProblem}.
 *
 * <h2>Module path</h2>
 * The kits work on the class path and on the module path. On the module path this module opens its package to
 * JUnit, which runs the inherited test methods reflectively; the test classes of the implementation module must
 * be open to JUnit as well (Maven Surefire arranges that when it patches tests into the module).
 */
package io.whispeer.tck;
