package io.whispeer.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.whispeer.api.ConfigurationException;
import io.whispeer.api.TypeMismatchException;

/** A declared topic type is enforced at once on publish and on subscribe, naming both types. */
class TypeEnforcementTest {

    @Test
    void publishingAnotherTypeFailsNamingBothTypesAndTheFilter() {
        try (CoreBroker broker = TestSupport.broker(TestSupport.builder().topic("sensor/+/name", String.class))) {
            assertThatThrownBy(() -> broker.publish("sensor/kitchen/name", 42))
                    .isInstanceOf(TypeMismatchException.class)
                    .hasMessageContaining("java.lang.String")
                    .hasMessageContaining("java.lang.Integer")
                    .hasMessageContaining("'sensor/+/name'");
            assertThat(broker.stats().published()).isZero();
        }
    }

    @Test
    void publishingTheDeclaredTypeWorksAndOtherTopicsStayFree() throws Exception {
        try (CoreBroker broker = TestSupport.broker(TestSupport.builder().topic("sensor/+/name", String.class))) {
            LinkedBlockingQueue<String> names = new LinkedBlockingQueue<>();
            LinkedBlockingQueue<Integer> numbers = new LinkedBlockingQueue<>();
            broker.subscribe("sensor/+/name", String.class, m -> names.add(m.payload()));
            broker.subscribe("other", Integer.class, m -> numbers.add(m.payload()));
            broker.publish("sensor/kitchen/name", "oven").join();
            broker.publish("other", 7).join();
            assertThat(names.poll(5, TimeUnit.SECONDS)).isEqualTo("oven");
            assertThat(numbers.poll(5, TimeUnit.SECONDS)).isEqualTo(7);
        }
    }

    @Test
    void subscribingWithAnotherTypeFailsNamingBothTypes() {
        try (CoreBroker broker = TestSupport.broker(TestSupport.builder().topic("sensor/+/name", String.class))) {
            assertThatThrownBy(() -> broker.subscribe("sensor/#", Integer.class, m -> { }))
                    .isInstanceOf(TypeMismatchException.class)
                    .hasMessageContaining("java.lang.Integer")
                    .hasMessageContaining("java.lang.String")
                    .hasMessageContaining("'sensor/+/name'");
            assertThat(broker.stats().subscriptions()).isEmpty();
        }
    }

    @Test
    void subscribingWithASupertypeOrByteArrayIsAllowed() {
        try (CoreBroker broker = TestSupport.broker(TestSupport.builder().topic("sensor/+/name", String.class))) {
            broker.subscribe("sensor/#", CharSequence.class, m -> { });
            broker.subscribe("sensor/#", byte[].class, m -> { });
            broker.subscribe("other/#", Integer.class, m -> { });
            assertThat(broker.stats().subscriptions()).hasSize(3);
        }
    }

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
