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

    @Override
    public Integer call() {
        Demo.run(spec.commandLine().getOut(), Duration.ofSeconds(timeoutSeconds));
        return 0;
    }
}
