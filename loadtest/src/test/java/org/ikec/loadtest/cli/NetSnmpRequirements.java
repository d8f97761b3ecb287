package org.ikec.loadtest.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;

/**
 * Checks for snmpbulkwalk before a {@link RequiresNetSnmp} test class runs. Its absence aborts the
 * tests (reported as skipped) on a developer machine, but fails them when the environment variable
 * {@code CI} is {@code true}, so a CI run cannot pass by skipping.
 */
final class NetSnmpRequirements implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        if (onPath("snmpbulkwalk")) {
            return;
        }

        String message = "these tests run snmpbulkwalk, which is not on PATH; install the Debian package snmp";
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(message);
        }
        throw new TestAbortedException(message);
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
