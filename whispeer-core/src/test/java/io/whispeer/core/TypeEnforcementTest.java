package io.whispeer.core;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.whispeer.api.ConfigurationException;

/**
 * Declarations that contradict each other are refused when the broker is built. How declared types are enforced
 * at publish and subscribe is checked by {@link EmbeddedBrokerCompatibilityTest}.
 */
class TypeEnforcementTest {

    @Test
    void overlappingDeclarationsWithUnrelatedTypesAreRefusedAtBuild() {
        assertThatThrownBy(() -> TestSupport.broker(TestSupport.builder()
                .topic("sensor/#", String.class)
                .topic("sensor/+/count", Integer.class)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'sensor/#' carries java.lang.String")
                .hasMessageContaining("'sensor/+/count' carries java.lang.Integer");
    }
}
