package io.whispeer.cli;

import java.time.Duration;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code whispeer demo}: a server and two remote clients in one process; see {@link Demo}. */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        versionProvider = WhispeerCommand.Version.class,
        description = {
            "Starts a server on loopback and two remote clients (one over TCP, one over WebSocket) sharing a fresh key ring,",
            "publishes a few typed, compressed, encrypted messages, and prints side by side what the subscriber received",
            "and what the server saw (the sealed envelope, in hex). Then exits."})
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "How long each step may take (default ${DEFAULT-VALUE}).",
            defaultValue = "10")
    int timeoutSeconds;

    @Override
    public Integer call() {
        Demo.run(spec.commandLine().getOut(), Duration.ofSeconds(timeoutSeconds));
        return 0;
    }
}
