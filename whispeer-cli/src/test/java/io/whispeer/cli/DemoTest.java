package io.whispeer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class DemoTest {
    @Test
    void theSubscriberPrintsEveryDecodedReadingWhileTheServersBytesHoldNoneOfThePlaintext() throws Exception {
        StringWriter text = new StringWriter();

        List<Demo.Row> rows = Demo.run(new PrintWriter(text), Duration.ofSeconds(30));

        String output = text.toString();
        assertThat(rows).extracting(Demo.Row::received).containsExactlyElementsOf(Demo.READINGS);
        ObjectMapper json = new ObjectMapper();
        HexFormat hex = HexFormat.of();
        for (Demo.Row row : rows) {
            Reading reading = row.received();
            String line = output.lines().filter(l -> l.startsWith(reading.toString())).findFirst().orElseThrow(
                    () -> new AssertionError("no line starts with " + reading + " in:\n" + output));
            String shownHex = line.substring(line.indexOf(" | ") + 3);
            assertThat(row.sealed()[0]).as("the envelope's magic byte").isEqualTo((byte) 'W');
            assertThat(shownHex).startsWith(hex.formatHex(row.sealed(), 0, 20));
            for (byte[] plaintext : List.of(json.writeValueAsBytes(reading), reading.note().getBytes(StandardCharsets.UTF_8),
                    reading.room().getBytes(StandardCharsets.UTF_8))) {
                assertThat(Demo.contains(row.sealed(), plaintext)).as("the server's bytes contain %s", new String(plaintext, StandardCharsets.UTF_8))
                        .isFalse();
                assertThat(shownHex).doesNotContain(hex.formatHex(plaintext));
            }
        }
        assertThat(output).contains("contain none of the plaintext");
    }

    @Test
    void containsFindsANeedleAnywhereAndOnlyWhereItIs() {
        byte[] haystack = "the kettle is on".getBytes(StandardCharsets.UTF_8);

        assertThat(Demo.contains(haystack, "kettle".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(Demo.contains(haystack, "is on".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(Demo.contains(haystack, "is off".getBytes(StandardCharsets.UTF_8))).isFalse();
    }
}
