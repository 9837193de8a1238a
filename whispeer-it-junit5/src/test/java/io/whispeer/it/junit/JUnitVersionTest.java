package io.whispeer.it.junit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The kits here really run on the JUnit version this module imports, not on the reactor's. */
class JUnitVersionTest {
    @Test
    void theJupiterApiOnTheClassPathIsTheOneThisModuleChose() {
        String expected = System.getProperty("whispeer.it.junit.version");
        assertThat(expected).as("system property whispeer.it.junit.version set by the POM").isNotNull();
        assertThat(Test.class.getPackage().getImplementationVersion()).isEqualTo(expected);
    }
}
