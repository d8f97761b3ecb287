package org.ikec.snmp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Runs the net-snmp command-line tools (Debian package {@code snmp}) against an agent on
 * 127.0.0.1. Output is numeric (-On) and no MIB files are loaded. When the tools are missing the
 * test fails under CI=true and is skipped otherwise.
 */
final class NetSnmp {

    /** One finished command: its exit code, its standard output lines and its standard error. */
    record Result(int exitCode, List<String> lines, String errors) {
    }

    private static final long TIMEOUT_SECONDS = 30;

    private NetSnmp() {
    }

    static void requireTools() {
        boolean present = List.of("snmpwalk", "snmpbulkwalk", "snmpget").stream()
                .allMatch(tool -> Files.isExecutable(Path.of("/usr/bin", tool)));
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("net-snmp tools are missing: install the Debian package snmp");
        }
        Assumptions.assumeTrue(present, "net-snmp tools (Debian package snmp) are not installed");
    }

    static Result run(List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        full.add("/usr/bin/" + command.get(0));
        full.addAll(List.of("-On", "-t", "2", "-r", "1"));
        full.addAll(command.subList(1, command.size()));
        ProcessBuilder builder = new ProcessBuilder(full);
        builder.environment().put("MIBS", "");
        Path errors = Files.createTempFile("net-snmp", ".err");
        builder.redirectError(errors.toFile());
        Process process = builder.start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError(command.get(0) + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            List<String> lines = output.lines().filter(line -> !line.isBlank()).toList();
            return new Result(process.exitValue(), lines, Files.readString(errors));
        } finally {
            process.destroyForcibly();
            Files.deleteIfExists(errors);
        }
    }

    /** Returns the OID of an output line such as {@code .1.3.6.1.2.1.1.3.0 = Timeticks: (5) 0:00:00.05}. */
    static String oidOf(String line) {
        return line.substring(1, line.indexOf(" = "));
    }

    static String valueOf(String line) {
        return line.substring(line.indexOf(" = ") + 3);
    }
}
