package org.ikec.node.interop;

import java.nio.file.Path;

/**
 * A long-running process that a {@link NetworkLab} started inside one of its namespaces.
 * Because {@code ip netns exec} and {@code unshare} replace themselves with the command,
 * {@link #pid()} is the PID of the command itself.
 *
 * @param name       short label used in messages
 * @param namespace  network namespace the process runs in
 * @param process    handle of the started process
 * @param outputFile file that receives its standard output and standard error
 */
record LabProcess(String name, String namespace, Process process, Path outputFile) {

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }
}
