package io.whispeer.cli;

import java.io.PrintWriter;

import io.whispeer.api.WhispeerException;
import picocli.CommandLine;

/**
 * Runs the {@code whispeer} command: {@code java --module-path lib -m io.whispeer.cli/io.whispeer.cli.Main serve}, or
 * {@code ./whispeer serve} from the repository root.
 */
public final class Main {
    private Main() {
    }

    /**
     * Runs the command and exits with its status: 0 on success, 1 when the command failed, 2 for a usage error.
     *
     * @param args the command line, such as {@code serve --tcp 127.0.0.1:0}
     */
    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Runs the command without exiting, writing to the given streams.
     *
     * @param args the command line
     * @param out  where the command's output goes
     * @param err  where errors and usage help go
     * @return the exit status: 0 on success, 1 when the command failed, 2 for a usage error
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return commandLine(out, err).execute(args);
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new WhispeerCommand());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof WhispeerException || e instanceof IllegalArgumentException) {
                // Configuration and connection errors say what is wrong and how to fix it; a stack trace adds noise.
                commandLine.getErr().println("whispeer " + commandLine.getCommandName() + ": " + e.getMessage());
                commandLine.getErr().flush();
                return 1;
            }
            throw e;
        });
        return cli;
    }
}
