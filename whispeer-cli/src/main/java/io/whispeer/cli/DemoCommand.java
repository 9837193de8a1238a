package io.whispeer.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code whispeer demo}: a server and two remote clients in one process; see {@link Demo}. */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        versionProvider = WhispeerCommand.Version.class,
        description = {
            "Runs a server and two remote clients in one process; shows what each side saw.",
            "A publisher over TCP and a subscriber over WebSocket share a fresh key ring and exchange a few typed,",
            "compressed, encrypted messages; each is printed as the subscriber decoded it, next to the sealed",
            "envelope the server routed (hex). Then it exits."})
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "How long each step may take (default ${DEFAULT-VALUE}).",
            defaultValue = "10")
    int timeoutSeconds;

    @Option(names = "--verbose", description = "Also show the server's and clients' log lines (on stderr).")
    boolean verbose;

    /** Held so that the level set on it stays (java.util.logging keeps loggers weakly). */
    private static final Logger WHISPEER_LOGS = Logger.getLogger("io.whispeer");

    @Override
    public Integer call() {
        if (!verbose) {
            // The demo's output is the table; the server's startup lines would only interleave with it.
            WHISPEER_LOGS.setLevel(Level.WARNING);
        }
        Demo.run(spec.commandLine().getOut(), Duration.ofSeconds(timeoutSeconds));
        return 0;
    }
}
