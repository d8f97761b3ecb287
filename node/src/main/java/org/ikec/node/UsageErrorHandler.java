package org.ikec.node;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import picocli.CommandLine;

/**
 * Prints a command-line parse error as one line that names the command and points to its help,
 * such as {@code ikec ctl list: unknown option '--bogus' (see 'ikec ctl list --help')}, in place
 * of picocli's default of the error followed by the whole usage text. Returns exit status 2.
 */
public final class UsageErrorHandler implements CommandLine.IParameterExceptionHandler {

    /** Exit status of a usage error. */
    public static final int EXIT_USAGE = 2;

    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        String name = command.getCommandSpec().qualifiedName();

        command.getErr().println(name + ": " + describe(e) + " (see '" + name + " --help')");
        command.getErr().flush();
        return EXIT_USAGE;
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
