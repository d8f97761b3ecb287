package org.ikec.node.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;

/**
 * Checks what the namespace lab needs before a {@link RequiresLab} test runs. A missing piece
 * aborts the test (reported as skipped) on a developer machine, but fails it when the
 * environment variable {@code CI} is {@code true}, so a CI run cannot pass by skipping.
 * {@code deploy/install-test-deps.sh} installs the packages.
 */
final class LabRequirements implements BeforeAllCallback, BeforeEachCallback {

    private static final List<String> PROGRAMS = List.of("ip", "unshare", "iptables", "swanctl");

    @Override
    public void beforeAll(ExtensionContext context) {
        check();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        check();
    }

    private static void check() {
        List<String> missing = missing();
        if (missing.isEmpty()) {
            return;
        }

        String message = "the interop lab needs " + String.join(", ", missing)
                + "; run deploy/install-test-deps.sh as root";
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(message);
        }
        throw new TestAbortedException(message);
    }

    /** Lists what is missing, in words fit for a message. */
    static List<String> missing() {
        List<String> missing = new ArrayList<>();
        if (!isRoot()) {
            missing.add("root (it creates network namespaces)");
        }
        for (String program : PROGRAMS) {
            if (findOnPath(program).isEmpty()) {
                missing.add(program + " on PATH or in /usr/sbin or /sbin");
            }
        }
        if (!Files.isExecutable(StrongSwanPeer.CHARON)) {
            missing.add("strongSwan charon at " + StrongSwanPeer.CHARON);
        }
        return missing;
    }

    private static boolean isRoot() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith("Uid:"))
                    .map(line -> line.split("\\s+")[2])
                    .anyMatch("0"::equals);
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<Path> findOnPath(String program) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/sbin"));
        return dirs.stream()
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, program))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
