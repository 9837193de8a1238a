package io.whispeer.cli;

import java.util.Optional;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The top-level {@code whispeer} command; alone it only explains itself. Subcommands do the work. */
@Command(name = "whispeer",
        mixinStandardHelpOptions = true,
        versionProvider = WhispeerCommand.Version.class,
        description = "End-to-end encrypted publish/subscribe: the server routes sealed envelopes and holds no keys.",
        subcommands = {ServeCommand.class, DemoCommand.class, HashPasswordCommand.class, HelpCommand.class})
final class WhispeerCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Name a command, such as 'whispeer serve --anonymous' or 'whispeer demo'.");
    }

    /** The version of the whispeer-cli module (from its module descriptor, else its jar manifest). */
    static String version() {
        Module module = WhispeerCommand.class.getModule();
        Optional<String> fromModule = Optional.ofNullable(module.getDescriptor()).flatMap(d -> d.rawVersion());
        return fromModule.or(() -> Optional.ofNullable(WhispeerCommand.class.getPackage().getImplementationVersion()))
                .orElse("(development build)");
    }

    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"whispeer " + version(), "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
