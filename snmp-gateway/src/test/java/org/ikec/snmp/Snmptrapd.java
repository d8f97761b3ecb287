package org.ikec.snmp;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * net-snmp's notification receiver (Debian package {@code snmptrapd}), started in the foreground
 * on a free loopback port with its own configuration: no authorization checks, one SNMPv3 user
 * for the gateway's engine ID, and one output line per notification with its variable bindings
 * separated by {@code ~}. When the program is missing the test fails under CI=true and is
 * skipped otherwise.
 */
final class Snmptrapd implements AutoCloseable {

    static final Path PROGRAM = Path.of("/usr/sbin/snmptrapd");

    private final Process process;
    private final Path directory;
    private final Path output;
    private final int port;

    private Snmptrapd(Process process, Path directory, Path output, int port) {
        this.process = process;
        this.directory = directory;
        this.output = output;
        this.port = port;
    }

    static void require() {
        boolean present = Files.isExecutable(PROGRAM);
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("snmptrapd is missing: run deploy/install-test-deps.sh as root");
        }
        Assumptions.assumeTrue(present, "snmptrapd (Debian package snmptrapd) is not installed");
    }

    /** Starts snmptrapd with an SNMPv3 user (SHA-256, AES-128) localized to {@code engineId}. */
    static Snmptrapd start(byte[] engineId, String user, String authPassword, String privPassword)
            throws IOException, InterruptedException {
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path directory = Files.createTempDirectory("snmptrapd");
        Path config = directory.resolve("snmptrapd.conf");
        Files.writeString(config, "disableAuthorization yes\n"
                + "createUser -e 0x" + HexFormat.of().formatHex(engineId) + " " + user + " SHA-256 " + authPassword
                + " AES " + privPassword + "\n");
        Path output = directory.resolve("traps.log");

        ProcessBuilder builder = new ProcessBuilder(PROGRAM.toString(), "-f", "-Lo", "-C", "-c", config.toString(),
                "-On", "-F", "%P~%V~%v\n", "udp:127.0.0.1:" + port);
        builder.environment().put("MIBS", "");
        builder.redirectOutput(output.toFile());
        builder.redirectError(directory.resolve("errors.log").toFile());
        Snmptrapd trapd = new Snmptrapd(builder.start(), directory, output, port);
        trapd.awaitLine("NET-SNMP version", Duration.ofSeconds(10));
        return trapd;
    }

    int port() {
        return port;
    }

    /** Returns the notifications received so far, one line each, in arrival order. */
    List<String> notifications() throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
            if (line.contains("~")) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** Waits until {@code count} notifications arrived; returns them. */
    List<String> awaitNotifications(int count, Duration timeout) throws IOException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (notifications().size() < count && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        return notifications();
    }

    private void awaitLine(String text, Duration timeout) throws IOException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (Files.readString(output).contains(text)) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("snmptrapd exited with " + process.exitValue() + ": "
                        + Files.readString(directory.resolve("errors.log")));
            }
            Thread.sleep(50);
        }
        throw new AssertionError("snmptrapd did not start within " + timeout.toSeconds() + " s");
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
        }
        Files.deleteIfExists(directory);
    }
}
