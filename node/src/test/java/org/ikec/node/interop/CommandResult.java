package org.ikec.node.interop;

import java.util.List;

/**
 * Outcome of one finished lab command: the command line, its exit status and its merged
 * standard output and standard error.
 */
record CommandResult(List<String> command, int exitCode, String output) {

    CommandResult {
        command = List.copyOf(command);
    }

    boolean succeeded() {
        return exitCode == 0;
    }

    /** Returns this result, or throws with the command line and its output when it failed. */
    CommandResult orThrow() {
        if (!succeeded()) {
            throw new IllegalStateException("command failed with exit code " + exitCode + ": "
                    + String.join(" ", command) + "\n" + output);
        }
        return this;
    }
}
