package org.ikec.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real node in a child JVM, started with {@code ikec node --config FILE} on loopback, whose
 * ready line names its IKE, NAT-T and management ports. Closing it kills the process.
 */
public final class NodeProcess implements AutoCloseable {

    private static final Pattern READY = Pattern.compile(
            "ikec node ready: ike=127\\.0\\.0\\.1:(\\d+) nat-t=127\\.0\\.0\\.1:(\\d+) management=127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final Path stderr;
    private final Matcher ready;

    private NodeProcess(Process process, Path stderr, Matcher ready) {
        this.process = process;
        this.stderr = stderr;
        this.ready = ready;
    }

    /** Starts a node on {@code config} and waits up to 60 s for its ready line. */
    public static NodeProcess start(Path config) throws IOException, InterruptedException {
        Path stderr = Files.createTempFile("ikec-node", ".log");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, Main.class.getName(), "node", "--config", config.toString())
                .redirectError(stderr.toFile())
                .start();
        try {
            List<String> stdout = readUntilReady(process);
            Matcher ready = READY.matcher(stdout.get(stdout.size() - 1));
            assertThat(ready.matches()).as("ready line %s", stdout).isTrue();
            return new NodeProcess(process, stderr, ready);
        } catch (AssertionError | RuntimeException e) {
            process.destroyForcibly();
            Files.deleteIfExists(stderr);
            throw e;
        }
    }

    public int ikePort() {
        return Integer.parseInt(ready.group(1));
    }

    public int natPort() {
        return Integer.parseInt(ready.group(2));
    }

    /** Returns the management interface as {@code 127.0.0.1:PORT}, the form {@code ctl --mgmt} takes. */
    public String management() {
        return "127.0.0.1:" + ready.group(3);
    }

    /** Returns what the node wrote to standard error so far: its log. */
    public String log() throws IOException {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(stderr);
    }

    /** Reads stdout lines until the ready line, failing if the node exits or takes over 60 s. */
    static List<String> readUntilReady(Process node) throws InterruptedException {
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // The stream closes when the node exits; the caller notices the missing ready line.
            }
        });
        reader.setDaemon(true);
        reader.start();

        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(200, TimeUnit.MILLISECONDS);
            if (line != null) {
                seen.add(line);
                if (line.startsWith(NodeRuntime.READY_PREFIX)) {
                    return seen;
                }
            } else if (!node.isAlive()) {
                fail("node exited with status %d before the ready line; stdout %s", node.exitValue(), seen);
            }
        }
        return fail("no ready line within 60s; stdout %s", seen);
    }
}
