package org.ikec.loadtest.cli;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import picocli.CommandLine;

/**
 * Prints a command-line parse error as one line that names the command and points to its help,
 * such as {@code ikec loadtest run: unknown option '--bogus' (see 'ikec loadtest run --help')}, in
 * place of picocli's default of the error followed by the whole usage text. Returns exit status 2.
 * The node's command line has the same handler; this module does not depend on the node at run
 * time, so it keeps its own.
 */
final class UsageErrorHandler implements CommandLine.IParameterExceptionHandler {

    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        String name = command.getCommandSpec().qualifiedName();

        command.getErr().println(name + ": " + describe(e) + " (see '" + name + " --help')");
        command.getErr().flush();
        return LoadTestMain.EXIT_USAGE;
    }

    /** Returns the error message starting in lower case; an unmatched-argument error names every unmatched argument. */
    static String describe(CommandLine.ParameterException e) {
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            List<String> arguments = unmatched.getUnmatched();
            boolean options = arguments.get(0).startsWith("-");
            String kind = options ? "option" : "argument";
            String listed = arguments.stream().map(argument -> "'" + argument + "'").collect(Collectors.joining(", "));
            return (options ? "unknown " : "unexpected ") + kind + (arguments.size() > 1 ? "s " : " ") + listed;
        }

        String message = e.getMessage();
        if (message == null || message.isEmpty()) {
            return "invalid command line";
        }
        return message.substring(0, 1).toLowerCase(Locale.ROOT) + message.substring(1);
    }
}
