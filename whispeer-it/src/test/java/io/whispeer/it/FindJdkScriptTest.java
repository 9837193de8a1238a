package io.whispeer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** Runs .ci/test-find-jdk.sh, which checks how ./mvnw and the scripts choose a JDK and what they say about it. */
class FindJdkScriptTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void findJdkPassesOverAnOlderJavaHomeAndSaysWhichJdkItPicked() throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "skipped: no /bin/sh here (the JDK scripts are for Unix; mvnw.cmd needs JAVA_HOME)");
        Process process = new ProcessBuilder("/bin/sh", ROOT.resolve(".ci/test-find-jdk.sh").toString()).redirectErrorStream(true).start();
        boolean finished = process.waitFor(60, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(finished).as("finished within 60 s; output so far:%n%s", output).isTrue();
        assertThat(process.exitValue()).as("exit code; output:%n%s", output).isZero();
        assertThat(output).doesNotContain("FAIL").contains("ok   an older JAVA_HOME is passed over");
    }
}
