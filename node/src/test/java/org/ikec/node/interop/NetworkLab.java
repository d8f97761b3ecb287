package org.ikec.node.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Network namespaces, veth pairs, addresses, routes and NAT rules for interop tests, plus the
 * long-running processes started inside them.
 *
 * <p>Every name carries {@link #RUN_PREFIX}, which contains the JVM's PID, so parallel test runs
 * on one machine do not collide. {@link #close()} stops every process this lab started (SIGTERM,
 * then SIGKILL after {@link #STOP_TIMEOUT}) and deletes its namespaces, which also removes their
 * veth pairs and iptables rules. A JVM shutdown hook runs the same cleanup when a test run is
 * aborted. Processes that this lab did not start are never signalled: a namespace that still
 * contains one is deleted anyway and the process keeps running in the detached namespace.
 */
final class NetworkLab implements AutoCloseable {

    /** Prefix of every namespace and interface created by this JVM. */
    static final String RUN_PREFIX = "ikl" + ProcessHandle.current().pid();

    static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private static final AtomicInteger LAB_COUNT = new AtomicInteger();
    private static final AtomicInteger LINK_COUNT = new AtomicInteger();

    /** Prefix of this lab's namespaces, for example {@code ikl4711-3-}. */
    private final String namespacePrefix;

    /** Directory for process output and generated files, kept after the run for diagnosis. */
    private final Path workDir;

    private final List<String> namespaces = new ArrayList<>();
    private final List<LabProcess> processes = new ArrayList<>();
    private final Thread shutdownHook;
    private boolean closed;

    private NetworkLab(Path workDir) {
        this.namespacePrefix = RUN_PREFIX + "-" + LAB_COUNT.incrementAndGet() + "-";
        this.workDir = workDir;
        this.shutdownHook = new Thread(this::closeQuietly, "network-lab-cleanup");
    }

    /** Creates an empty lab whose files go under {@code workDir}. */
    static NetworkLab create(Path workDir) {
        NetworkLab lab = new NetworkLab(workDir);
        createDirectories(workDir);
        Runtime.getRuntime().addShutdownHook(lab.shutdownHook);
        return lab;
    }

    String namespacePrefix() {
        return namespacePrefix;
    }

    Path workDir() {
        return workDir;
    }

    /** Creates the namespace {@code <prefix><role>} with its loopback interface up. */
    synchronized String addNamespace(String role) {
        String namespace = namespacePrefix + role;

        run("ip", "netns", "add", namespace);
        namespaces.add(namespace);
        run("ip", "-n", namespace, "link", "set", "lo", "up");

        return namespace;
    }

    /**
     * Joins two namespaces with a veth pair, gives each end an address in CIDR notation and
     * brings both ends up.
     */
    VethPair connect(String namespaceA, String cidrA, String namespaceB, String cidrB) {
        int link = LINK_COUNT.incrementAndGet();
        String interfaceA = interfaceName(link, 'a');
        String interfaceB = interfaceName(link, 'b');

        run("ip", "link", "add", interfaceA, "netns", namespaceA,
                "type", "veth", "peer", "name", interfaceB, "netns", namespaceB);
        addAddress(namespaceA, interfaceA, cidrA);
        addAddress(namespaceB, interfaceB, cidrB);
        run("ip", "-n", namespaceA, "link", "set", interfaceA, "up");
        run("ip", "-n", namespaceB, "link", "set", interfaceB, "up");

        return new VethPair(namespaceA, interfaceA, namespaceB, interfaceB);
    }

    /** Linux limits interface names to 15 characters; {@code ikl<pid>v<n><a|b>} fits for PIDs up to 7 digits. */
    private static String interfaceName(int link, char end) {
        String name = RUN_PREFIX + "v" + link + end;
        if (name.length() > 15) {
            throw new IllegalStateException("interface name too long for Linux: " + name);
        }
        return name;
    }

    void addAddress(String namespace, String device, String cidr) {
        run("ip", "-n", namespace, "addr", "add", cidr, "dev", device);
    }

    void addRoute(String namespace, String destination, String gateway) {
        run("ip", "-n", namespace, "route", "add", destination, "via", gateway);
    }

    /** Turns on IPv4 forwarding in the namespace; the setting is per network namespace. */
    void enableForwarding(String namespace) {
        exec(namespace, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1").orThrow();
    }

    /** Rewrites the source of every packet leaving {@code outInterface} to that interface's address. */
    void masquerade(String namespace, String outInterface) {
        exec(namespace, "iptables", "-t", "nat", "-A", "POSTROUTING", "-o", outInterface,
                "-j", "MASQUERADE").orThrow();
    }

    /**
     * Rewrites the source of UDP packets to {@code destinationPort} leaving {@code outInterface}
     * to {@code address:port}, so a test can assert the port the far side receives from.
     */
    void snatUdp(String namespace, String outInterface, int destinationPort, String address, int port) {
        exec(namespace, "iptables", "-t", "nat", "-A", "POSTROUTING", "-o", outInterface,
                "-p", "udp", "--dport", Integer.toString(destinationPort),
                "-j", "SNAT", "--to-source", address + ":" + port).orThrow();
    }

    /** Runs a short command inside the namespace and waits for it. */
    CommandResult exec(String namespace, String... command) {
        return exec(namespace, Arrays.asList(command), Commands.DEFAULT_TIMEOUT);
    }

    CommandResult exec(String namespace, List<String> command, Duration timeout) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(command);
        return Commands.run(full, timeout);
    }

    /**
     * Starts a long-running command inside the namespace with its output in
     * {@code <workDir>/<name>.out}. The command must not fork away from its PID.
     */
    synchronized LabProcess start(String namespace, String name, List<String> command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(command);
        Path outputFile = workDir.resolve(name + ".out");

        Process process;
        try {
            process = new ProcessBuilder(full)
                    .redirectErrorStream(true)
                    .redirectOutput(outputFile.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + String.join(" ", full), e);
        }

        LabProcess started = new LabProcess(name, namespace, process, outputFile);
        processes.add(started);
        return started;
    }

    /** Sends SIGTERM to the process, then SIGKILL if it is still running after {@link #STOP_TIMEOUT}. */
    synchronized void stop(LabProcess labProcess) {
        Process process = labProcess.process();
        if (process.isAlive()) {
            process.destroy();
            if (!awaitExit(process, STOP_TIMEOUT)) {
                process.destroyForcibly();
                awaitExit(process, STOP_TIMEOUT);
            }
        }
        processes.remove(labProcess);
    }

    private static boolean awaitExit(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Lists the namespaces on this machine whose names start with {@code prefix}. */
    static List<String> namespacesStartingWith(String prefix) {
        String listing = Commands.run(List.of("ip", "netns", "list")).orThrow().output();
        return listing.lines()
                .map(line -> line.split(" ", 2)[0])
                .filter(name -> name.startsWith(prefix))
                .toList();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;

        for (LabProcess process : newestFirst(processes)) {
            stop(process);
        }
        List<String> failures = new ArrayList<>();
        for (String namespace : newestFirst(namespaces)) {
            CommandResult deleted = Commands.run(List.of("ip", "netns", "del", namespace));
            if (deleted.succeeded()) {
                namespaces.remove(namespace);
            } else {
                failures.add(namespace + ": " + deleted.output().strip());
            }
        }
        removeShutdownHook();

        if (!failures.isEmpty()) {
            throw new IllegalStateException("could not delete lab namespaces: " + failures);
        }
    }

    private static <T> List<T> newestFirst(List<T> items) {
        List<T> copy = new ArrayList<>(items);
        java.util.Collections.reverse(copy);
        return copy;
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            System.err.println("network lab cleanup failed: " + e.getMessage());
        }
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down and this cleanup runs from the hook itself.
        }
    }

    private static void run(String... command) {
        Commands.run(Arrays.asList(command)).orThrow();
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create lab directory " + dir, e);
        }
    }

    /** Both ends of one veth pair. */
    record VethPair(String namespaceA, String interfaceA, String namespaceB, String interfaceB) {
    }
}
