package io.whispeer.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.whispeer.api.ConfigurationException;
import io.whispeer.server.auth.PasswordHasher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code whispeer hash-password}: reads a password (from the console without echo, typed twice; or the first line of
 * standard input with {@code --stdin}) and prints its Argon2id hash, or with {@code --user} the whole {@code user}
 * line of the server's auth file.
 */
@Command(name = "hash-password",
        mixinStandardHelpOptions = true,
        versionProvider = WhispeerCommand.Version.class,
        description = {
            "Prints the Argon2id hash of a password for the server's auth file (see docs/cli.md).",
            "Reads the password from the console without echo (typed twice), or with --stdin from the first line of",
            "standard input, as in: printf '%s\\n' \"$PASSWORD\" | whispeer hash-password --stdin --user alice"})
final class HashPasswordCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--user", paramLabel = "NAME", description = "Print a whole auth file line: user NAME HASH.")
    String user;

    @Option(names = "--stdin", description = "Read the password from the first line of standard input instead of the console.")
    boolean stdin;

    @Option(names = "--memory-kib", paramLabel = "KIB", description = "Argon2 memory in KiB (default ${DEFAULT-VALUE}).",
            defaultValue = "" + PasswordHasher.Parameters.DEFAULT_MEMORY_KIB)
    int memoryKib;

    @Option(names = "--iterations", paramLabel = "N", description = "Argon2 passes (default ${DEFAULT-VALUE}).",
            defaultValue = "" + PasswordHasher.Parameters.DEFAULT_ITERATIONS)
    int iterations;

    @Option(names = "--parallelism", paramLabel = "N", description = "Argon2 lanes (default ${DEFAULT-VALUE}).",
            defaultValue = "" + PasswordHasher.Parameters.DEFAULT_PARALLELISM)
    int parallelism;

    /** Where {@code --stdin} reads from; standard input unless a test replaces it. */
    InputStream input = System.in;

    @Override
    public Integer call() {
        PasswordHasher hasher = PasswordHasher.of(new PasswordHasher.Parameters(memoryKib, iterations, parallelism));
        char[] password = stdin ? fromStdin() : fromConsole();
        try {
            if (password.length == 0) {
                throw new ConfigurationException("The password is empty; give a non-empty one.");
            }
            String hash = hasher.hash(password);
            spec.commandLine().getOut().println(user == null ? hash : "user " + user + " " + hash);
            spec.commandLine().getOut().flush();
            return 0;
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private char[] fromStdin() {
        try {
            BufferedReader reader = new BufferedReader(new InputStreamReader(input, Charset.defaultCharset()));
            return Optional.ofNullable(reader.readLine()).map(String::toCharArray)
                    .orElseThrow(() -> new ConfigurationException("Standard input ended before a password line; pipe one in, such as "
                            + "printf '%s\\n' \"$PASSWORD\" | whispeer hash-password --stdin."));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the password from standard input", e);
        }
    }

    private static char[] fromConsole() {
        Console console = System.console();
        if (console == null) {
            throw new ConfigurationException("No console to read the password from; pass --stdin and pipe the password in.");
        }
        char[] first = console.readPassword("Password: ");
        char[] second = console.readPassword("Again: ");
        if (first == null || second == null) {
            throw new ConfigurationException("The console closed before the password was typed twice.");
        }
        try {
            if (!Arrays.equals(first, second)) {
                Arrays.fill(first, '\0');
                throw new ConfigurationException("The two passwords differ; run hash-password again.");
            }
            return first;
        } finally {
            Arrays.fill(second, '\0');
        }
    }
}
