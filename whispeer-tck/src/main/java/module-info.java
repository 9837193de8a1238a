/**
 * The whispeer compatibility kits: one abstract JUnit 5 test class per SPI. An implementation's test extends the
 * kit for its SPI in a few lines and inherits every check of the SPI's contract; whispeer's own codecs, engines,
 * transports and plugins do exactly that, and so can third parties.
 *
 * <p>Every implementation module also extends {@link io.whispeer.tck.ServiceDeclarationKit}, which keeps its
 * {@code provides} lines and its {@code META-INF/services} files equal.
 *
 * <p>The kits need JUnit Jupiter 5.10 or later (5.x or 6.x) from the user's build: {@code junit-jupiter-api} is a
 * {@code provided} dependency of this module, so the user's version is the only one on the test class path. Import
 * {@code org.junit:junit-bom} so that the API, the engine and the platform launcher share one version (see the
 * package documentation of {@code io.whispeer.tck}).
 */
module io.whispeer.tck {
    requires transitive io.whispeer.api;
    requires transitive org.junit.jupiter.api;
    requires transitive org.assertj.core;
    /* com.sun.management.ThreadMXBean: the compression kit measures what a refused decompression bomb allocated. */
    requires jdk.management;
    /* CapturedLogs: whispeer's System.Logger output goes to java.util.logging by default; records() returns its LogRecords. */
    requires transitive java.logging;

    exports io.whispeer.tck;
    /* JUnit invokes the inherited test methods reflectively. */
    opens io.whispeer.tck to org.junit.platform.commons;
}
