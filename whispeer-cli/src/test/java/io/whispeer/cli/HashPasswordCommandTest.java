package io.whispeer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.Charset;

import org.junit.jupiter.api.Test;

import io.whispeer.server.auth.PasswordHasher;
import picocli.CommandLine;

class HashPasswordCommandTest {
    @Test
    void aPasswordFromStandardInputBecomesAUserLineThatVerifies() {
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine(new PrintWriter(out), new PrintWriter(new StringWriter()));
        HashPasswordCommand command = cli.getSubcommands().get("hash-password").getCommand();
        command.input = new ByteArrayInputStream("correct horse\n".getBytes(Charset.defaultCharset()));

        int status = cli.execute("hash-password", "--stdin", "--user", "alice", "--memory-kib", "64", "--iterations", "1");

        assertThat(status).isZero();
        String[] words = out.toString().strip().split(" ");
        assertThat(words).hasSize(3).startsWith("user", "alice");
        assertThat(words[2]).startsWith("$argon2id$v=19$m=64,t=1,p=1$");
        assertThat(PasswordHasher.defaults().verify("correct horse", words[2])).isTrue();
    }

    @Test
    void emptyStandardInputIsAnErrorThatSaysHowToPipeAPasswordIn() {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err));
        HashPasswordCommand command = cli.getSubcommands().get("hash-password").getCommand();
        command.input = new ByteArrayInputStream(new byte[0]);

        assertThat(cli.execute("hash-password", "--stdin")).isEqualTo(1);
        assertThat(err.toString()).contains("--stdin");
    }
}
