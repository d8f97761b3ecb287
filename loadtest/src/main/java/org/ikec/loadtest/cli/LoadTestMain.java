package org.ikec.loadtest.cli;

import java.io.PrintWriter;

import org.ikec.loadtest.probe.ProbeCommand;
import org.ikec.loadtest.report.ReportCommand;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ikec loadtest} command line. Exit status 0 when the command completed, 1 when it
 * could not run (for example a source address that cannot be bound), 2 for a usage error.
 */
@Command(name = "ikec loadtest", mixinStandardHelpOptions = true, version = "ikec loadtest 0.1.0",
        description = "Emulates many IKEv2 clients against a concentrator and measures it.",
        subcommands = {RunCommand.class, NodeConfigCommand.class, ProbeCommand.class, ReportCommand.class})
public final class LoadTestMain {

    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;

    public static void main(String[] args) {
        // The report draws its PNG chart with Java 2D, which needs no display in headless mode.
        System.setProperty("java.awt.headless", "true");
        int status;
        try {
            status = run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        } catch (Throwable e) {
            System.err.println("ikec loadtest: failed: " + e);
            e.printStackTrace();
            status = EXIT_FAILED;
        }
        System.exit(status);
    }

    /** Runs the command line with the given output streams and returns the exit status. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new LoadTestMain());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setParameterExceptionHandler(new UsageErrorHandler());
        commandLine.setExecutionExceptionHandler((e, command, parseResult) -> {
            if (e instanceof UsageException usage) {
                command.getErr().println(command.getCommandName() + ": " + usage.getMessage());
                return EXIT_USAGE;
            }
            throw e;
        });
        return commandLine.execute(args);
    }

    /** An invalid option value; the message names the option and the expected value. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
