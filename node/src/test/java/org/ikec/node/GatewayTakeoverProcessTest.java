package org.ikec.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ikec.cluster.SaSnapshot;
import org.ikec.node.ctl.ManagementClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs a cluster of four child JVMs on loopback: two concentrator nodes, each of which initiates
 * one IKE SA to the other, and two gateway-only nodes ({@code ikec gateway}) configured with the
 * same SNMP address. net-snmp's snmpbulkwalk against that address lists every IKE SA of the
 * cluster. After the active gateway gets SIGTERM, and so leaves the cluster, the standby binds
 * the address and the same walk returns the same rows. After SIGKILL the standby takes over only
 * once the split-brain resolver has downed the killed member, which takes its stable-after time
 * (20 s by default) and more.
 */
class GatewayTakeoverProcessTest {

    private static final Pattern MANAGEMENT = Pattern.compile(".* management=127\\.0\\.0\\.1:(\\d+)$");
    private static final String CLUSTER_SECRET = "0x8899aabbccddeeff0011223344556677";
    private static final String IKE_TABLE = ".1.3.6.1.4.1.2636.3.22.1.2.1";
    private static final String IKE_ENTRY = IKE_TABLE + ".1";
    /**
     * jnxIkeTunMonActiveTime, computed at read time, and the IKE octet and packet counters, which a
     * liveness check between the two walks raises: columns 21 to 25 may differ between two walks.
     */
    private static final List<String> LIVE_COLUMNS = List.of(".21.", ".22.", ".23.", ".24.", ".25.");
    /** "site" as an SMIv2 OCTET STRING index, then ipv4(1), 4 octets and 127.0.0.1. */
    private static final String SITE_FROM_LOOPBACK = "4.115.105.116.101.1.4.127.0.0.1";
    private static final String END_OF_VIEW = "= No more variables left in this MIB View (It is past the end of the MIB tree)";
    private static final Duration CONVERGENCE_TIMEOUT = Duration.ofSeconds(60);
    /** How long the standby may take to serve after the active gateway got SIGTERM. */
    private static final Duration TAKEOVER_LIMIT = Duration.ofSeconds(20);
    /** How long the standby may take to serve after the active gateway got SIGKILL. */
    private static final Duration KILLED_TAKEOVER_LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();
    /** The management port of the gateway {@link #startGateway} started last. */
    private int lastManagementPort;
    /** The Prometheus port of the gateway {@link #startGateway} started last. */
    private int lastMetricsPort;

    @AfterEach
    void stopProcesses() throws InterruptedException {
        for (Process process : processes) {
            process.destroy();
        }
        for (Process process : processes) {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"SIGTERM", "SIGKILL"})
    void standbyServesSameRowsAfterStop(String signal) throws Exception {
        boolean netSnmp = Files.isExecutable(Path.of("/usr/bin/snmpbulkwalk"));
        if ("true".equals(System.getenv("CI"))) {
            assertThat(netSnmp).as("net-snmp tools (Debian package snmp) are installed under CI=true").isTrue();
        }
        Assumptions.assumeTrue(netSnmp, "net-snmp tools (Debian package snmp) are not installed");
        int seedPort = freePort();
        String seed = "pekko://ikec@127.0.0.1:" + seedPort;
        int ikeFirst = freePort();
        int ikeSecond = freePort();
        int snmpPort = freePort();

        int firstManagement = managementPort(start("concentrator-1",
                concentratorConfig(seedPort, seed, ikeFirst, ikeSecond), "node"));
        int secondManagement = managementPort(start("concentrator-2",
                concentratorConfig(freePort(), seed, ikeSecond, ikeFirst), "node"));
        Process activeGateway = startGateway("gateway-1", seed, snmpPort);
        ManagementClient activeManagement = new ManagementClient("127.0.0.1:" + lastManagementPort);
        int activeMetrics = lastMetricsPort;
        startGateway("gateway-2", seed, snmpPort);
        ManagementClient standbyManagement = new ManagementClient("127.0.0.1:" + lastManagementPort);

        new ManagementClient("127.0.0.1:" + firstManagement).initiate("site");
        new ManagementClient("127.0.0.1:" + secondManagement).initiate("site");
        List<SaSnapshot> sas = awaitTunnelIndexes(secondManagement, 4);
        List<String> expectedRoles = sas.stream()
                .sorted(Comparator.comparingInt(SaSnapshot::tunnelIndex))
                .map(sa -> IKE_ENTRY + ".2." + SITE_FROM_LOOPBACK + "." + sa.tunnelIndex() + " = INTEGER: "
                        + (sa.initiator() ? 1 : 2))
                .toList();
        assertThat(sas).extracting(SaSnapshot::connection).containsOnly("site");
        assertThat(sas).filteredOn(SaSnapshot::initiator).hasSize(2);

        List<String> before = awaitWalk(snmpPort, expectedRoles, CONVERGENCE_TIMEOUT);
        assertThat(activeManagement.health().path("counters").path("snmpAgentActive").asLong()).isEqualTo(1);
        assertThat(standbyManagement.health().path("counters").path("snmpAgentActive").asLong()).isZero();
        assertThat(standbyManagement.health().path("ike").isEmpty()).as("a gateway binds no IKE socket").isTrue();
        // 24 columns of 4 rows, then endOfMibView: the SA snapshots carry no CHILD SAs, so the
        // jnxIpSecTunnelTable and jnxIpSecSaTable that follow in the view are empty.
        assertThat(before).hasSize(4 * 24 + 1);
        assertThat(before.get(4 * 24)).endsWith(END_OF_VIEW);
        assertThat(awaitGetBulkCount(activeMetrics)).as("GETBULK requests in the active gateway's metrics").isPositive();

        assertThat(awaitLog(dir.resolve("gateway-1.log"), "this node's SNMP agent is the active one"))
                .contains("this node's SNMP agent is the active one, serving udp 127.0.0.1:" + snmpPort);
        assertThat(Files.readString(dir.resolve("gateway-2.log"))).doesNotContain("SNMP agent is the active one");

        // The walk starts once the old process is gone, so only the standby can respond to it.
        boolean kill = signal.equals("SIGKILL");
        Duration limit = kill ? KILLED_TAKEOVER_LIMIT : TAKEOVER_LIMIT;
        long stopped = System.nanoTime();
        if (kill) {
            activeGateway.destroyForcibly();
        } else {
            activeGateway.destroy();
        }
        assertThat(activeGateway.waitFor(20, TimeUnit.SECONDS)).as("active gateway stops on %s", signal).isTrue();
        List<String> after = awaitWalk(snmpPort, expectedRoles, limit);
        Duration takeover = Duration.ofNanos(System.nanoTime() - stopped);

        assertThat(withoutLiveColumns(after)).containsExactlyElementsOf(withoutLiveColumns(before));
        assertThat(takeover).isLessThan(limit);
        assertThat(standbyManagement.health().path("counters").path("snmpAgentActive").asLong()).isEqualTo(1);
        assertThat(awaitLog(dir.resolve("gateway-2.log"), "this node's SNMP agent is the active one"))
                .contains("this node's SNMP agent is the active one, serving udp 127.0.0.1:" + snmpPort);

        // A concentrator that leaves hands off the IKE SAs of its entities and logs their count in
        // one line. An IKE SA runs on the node of the shard its SPI picks, so the first
        // concentrator runs one to three of the four.
        int localSas = new ManagementClient("127.0.0.1:" + firstManagement).listSas().size();
        assertThat(localSas).as("IKE SAs on the first concentrator").isBetween(1, 3);
        Process firstConcentrator = processes.get(0);
        firstConcentrator.destroy();
        assertThat(firstConcentrator.waitFor(30, TimeUnit.SECONDS)).as("concentrator stops on SIGTERM").isTrue();
        String firstLog = Files.readString(dir.resolve("concentrator-1.log"));
        assertThat(firstLog).contains("INFO  [cluster] stored " + localSas
                + " IKE SAs for the nodes that stay in the cluster to take over");
        assertThat(firstLog).doesNotContain("INFO  [cluster] entity");
    }

    /**
     * Returns a running node's log once it contains {@code text}, or after 5 s. The node writes its
     * INFO lines out every 100 ms, so a line can trail the event it reports.
     */
    private static String awaitLog(Path log, String text) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        String content = Files.readString(log);
        while (!content.contains(text) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            content = Files.readString(log);
        }
        return content;
    }

    private String concentratorConfig(int clusterPort, String seed, int ikePort, int peerIkePort) {
        return """
                ikec {
                  listen { addresses = ["127.0.0.1"], port = %d, nat-port = 0 }
                  management { address = "127.0.0.1", port = 0 }
                  metrics { enabled = false }
                  cluster { address = "127.0.0.1", port = %d, seed-nodes = ["%s"] }
                  cluster-secret = "%s"
                  connections {
                    site {
                      remote_addrs = ["127.0.0.1"]
                      remote_port = %d
                      proposals = ["aes256gcm16-prfsha256-x25519"]
                      local { auth = psk, id = "gw.ikec.test" }
                      remote { auth = psk, id = "%%any" }
                      children { net { local_ts = ["192.0.2.0/24"], remote_ts = ["198.51.100.0/24"], esp_proposals = ["aes256gcm16"] } }
                    }
                  }
                  secrets { s { id = "%%any", secret = "gateway-takeover-psk" } }
                }
                """.formatted(ikePort, clusterPort, seed, CLUSTER_SECRET, peerIkePort);
    }

    private Process startGateway(String name, String seed, int snmpPort) throws Exception {
        int metricsPort = freePort();
        lastMetricsPort = metricsPort;
        String config = """
                ikec {
                  management { address = "127.0.0.1", port = 0 }
                  metrics { address = "127.0.0.1", port = %d, tick-interval = 1s }
                  cluster { address = "127.0.0.1", port = %d, seed-nodes = ["%s"] }
                  cluster-secret = "%s"
                  snmp { address = "127.0.0.1", port = %d, community = "public" }
                }
                """.formatted(metricsPort, freePort(), seed, CLUSTER_SECRET, snmpPort);
        lastManagementPort = managementPort(start(name, config, "gateway"));
        return processes.get(processes.size() - 1);
    }

    /** Scrapes a gateway's metrics until its GETBULK counter is above zero, or 15 s pass; returns the last value. */
    private static long awaitGetBulkCount(int metricsPort) throws Exception {
        Pattern getBulks = Pattern.compile("(?m)^ikec_snmp_requests_total\\{pdu=\"getbulk\"\\} ([0-9.]+)$");
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest scrape = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        long count = 0;
        while (count == 0 && System.nanoTime() < deadline) {
            Matcher matcher = getBulks.matcher(http.send(scrape, HttpResponse.BodyHandlers.ofString()).body());
            count = matcher.find() ? (long) Double.parseDouble(matcher.group(1)) : 0;
            if (count == 0) {
                Thread.sleep(500);
            }
        }
        return count;
    }

    /** Starts {@code ikec COMMAND --config} in a child JVM and returns its stdout up to the ready line. */
    private List<String> start(String name, String config, String command) throws Exception {
        Path file = dir.resolve(name + ".conf");
        Files.writeString(file, config);
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-cp", classpath, Main.class.getName(), command,
                "--config", file.toString())
                .redirectError(dir.resolve(name + ".log").toFile())
                .start();
        processes.add(process);
        return readUntilReady(process, name);
    }

    private List<SaSnapshot> awaitTunnelIndexes(int managementPort, int count) throws Exception {
        ManagementClient client = new ManagementClient("127.0.0.1:" + managementPort);
        long deadline = System.nanoTime() + CONVERGENCE_TIMEOUT.toNanos();
        List<SaSnapshot> sas = List.of();
        while (System.nanoTime() < deadline) {
            sas = client.listClusterSas();
            boolean complete = sas.size() == count && sas.stream()
                    .allMatch(sa -> "ESTABLISHED".equals(sa.state()) && sa.tunnelIndex() != null);
            if (complete) {
                return sas;
            }
            Thread.sleep(200);
        }
        return fail("the cluster did not list %d established IKE SAs with tunnel indexes within %s; last %s",
                count, CONVERGENCE_TIMEOUT, sas);
    }

    /** Walks jnxIkeTunnelTable with -Cr50 until column 2 lists exactly {@code expectedRoles}, and returns that walk. */
    private static List<String> awaitWalk(int port, List<String> expectedRoles, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        List<String> lines = List.of();
        while (System.nanoTime() < deadline) {
            lines = bulkWalk(port);
            List<String> roles = lines.stream().filter(line -> line.startsWith(IKE_ENTRY + ".2.")).toList();
            if (roles.equals(expectedRoles)) {
                return lines;
            }
            Thread.sleep(200);
        }
        return fail("no walk listed the rows %s within %s; last output %s", expectedRoles, limit, lines);
    }

    private static List<String> bulkWalk(int port) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("/usr/bin/snmpbulkwalk", "-v2c", "-c", "public", "-On",
                "-Cr50", "-t", "1", "-r", "0", "127.0.0.1:" + port, IKE_TABLE);
        builder.environment().put("MIBS", "");
        builder.redirectErrorStream(true);
        Process walk = builder.start();
        String output = new String(walk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!walk.waitFor(30, TimeUnit.SECONDS)) {
            walk.destroyForcibly();
            return fail("snmpbulkwalk did not finish within 30 s");
        }
        return output.lines().filter(line -> !line.isBlank()).toList();
    }

    private static List<String> withoutLiveColumns(List<String> lines) {
        return lines.stream()
                .filter(line -> LIVE_COLUMNS.stream().noneMatch(column -> line.startsWith(IKE_ENTRY + column)))
                .toList();
    }

    private static int managementPort(List<String> stdout) {
        Matcher matcher = MANAGEMENT.matcher(stdout.get(stdout.size() - 1));
        assertThat(matcher.matches()).as("ready line %s", stdout).isTrue();
        return Integer.parseInt(matcher.group(1));
    }

    /** Returns a TCP and UDP port that was free on 127.0.0.1 a moment ago. */
    private static int freePort() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int attempt = 0; attempt < 20; attempt++) {
            int port;
            try (ServerSocket tcp = new ServerSocket(0, 1, loopback)) {
                port = tcp.getLocalPort();
            }
            try (DatagramSocket udp = new DatagramSocket(port, loopback)) {
                return port;
            } catch (IOException e) {
                // The UDP port is taken; try another.
            }
        }
        throw new IOException("no port free for both TCP and UDP on " + loopback);
    }

    /** Reads stdout lines until the ready line, failing if the process exits or takes over 90 s. */
    private List<String> readUntilReady(Process process, String name) throws InterruptedException {
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // The stream closes when the process exits; the caller notices the missing ready line.
            }
        });
        reader.setDaemon(true);
        reader.start();

        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(200, TimeUnit.MILLISECONDS);
            if (line != null) {
                seen.add(line);
                if (line.startsWith(NodeRuntime.READY_PREFIX)) {
                    return seen;
                }
            } else if (!process.isAlive()) {
                fail("%s exited with status %d before the ready line; stdout %s; log in %s", name,
                        process.exitValue(), seen, dir);
            }
        }
        return fail("%s printed no ready line within 90 s; stdout %s; logs in %s", name, seen, dir);
    }
}
