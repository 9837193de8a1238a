package io.whispeer.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The README example runs as printed. */
class QuickstartTest {

    @Test
    void quickstartDeliversTheTemperature() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Quickstart.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .contains("sensor/kitchen/temperature -> kitchen: 21.5 C")
                .contains("queued for 1 subscriber(s)");
    }
}
