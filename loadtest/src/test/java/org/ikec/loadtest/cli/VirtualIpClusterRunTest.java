package org.ikec.loadtest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ikec.node.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Virtual IP addresses leased from one pool shared by three concentrator nodes, each a child
 * process joined into one cluster over loopback. The load generator spreads its clients over the
 * three nodes' IKE ports, and sharding places each IKE SA on whichever node owns its SPI, so
 * leases for the pool come from all three nodes. The pool is 10.3.0.0/28, which leases the 14
 * addresses 10.3.0.1 to 10.3.0.14. Counters are per node, so the test sums them over the three
 * nodes' scrapes and logs.
 */
class VirtualIpClusterRunTest {

    private static final String PSK = "virtual-ip cluster run psk";
    private static final String CLUSTER_SECRET = "0x202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f";
    private static final int POOL_SIZE = 14;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern READY = Pattern.compile(".* ike=127\\.0\\.0\\.1:(\\d+) nat-t=\\S+ management=127\\.0\\.0\\.1:(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<Node> nodes = new ArrayList<>();
    private static final List<Process> processes = new ArrayList<>();
    private static Path nodeDir;

    @TempDir
    Path dir;

    /** One cluster node: its process, the ports the test talks to, and the file its log goes to. */
    private record Node(Process process, int ikePort, int managementPort, int metricsPort, Path log) {

        String management() {
            return "127.0.0.1:" + managementPort;
        }
    }

    /** What one {@code ikec ctl} run printed and returned. */
    private record Ctl(int exitStatus, String out, String err) {
    }

    /** Starts the seed node, then the two others at once. Each ready line follows the node's MemberUp. */
    @BeforeAll
    static void startCluster() throws Exception {
        nodeDir = Files.createTempDirectory("ikec-vip-cluster");
        int seedPort = freePort();
        String seed = "pekko://ikec@127.0.0.1:" + seedPort;
        nodes.add(awaitReady(launch("node0", config(seedPort, seed, freePort()))));
        Launched second = launch("node1", config(freePort(), seed, freePort()));
        Launched third = launch("node2", config(freePort(), seed, freePort()));
        nodes.add(awaitReady(second));
        nodes.add(awaitReady(third));

        for (Node node : nodes) {
            assertThat(awaitTrue(() -> upMembers(node) == 3)).as("3 Up members seen by %s", node.management()).isTrue();
        }
        // The pool's segment starts with a majority read; the first walk of ctl pools waits for it.
        assertPoolsEmpty();
    }

    /** A node process that was started, with its stdout lines as they arrive. */
    private record Launched(Process process, LinkedBlockingQueue<String> stdout, int metricsPort, Path log) {
    }

    private static Launched launch(String name, String config) throws IOException {
        Path file = nodeDir.resolve(name + ".conf");
        Files.writeString(file, config);
        Matcher metrics = Pattern.compile("port = (\\d+), tick-interval").matcher(config);
        assertThat(metrics.find()).isTrue();

        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path log = nodeDir.resolve(name + ".log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", classpath, Main.class.getName(), "node", "--config", file.toString())
                .redirectError(log.toFile())
                .start();
        processes.add(process);

        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // The stream closes when the node exits, and awaitReady notices the missing ready line.
            }
        }, name + "-stdout");
        reader.setDaemon(true);
        reader.start();
        return new Launched(process, lines, Integer.parseInt(metrics.group(1)), log);
    }

    /** Reads the node's stdout until its ready line, failing if the node exits or takes over 90 s. */
    private static Node awaitReady(Launched node) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            String line = node.stdout().poll(200, TimeUnit.MILLISECONDS);
            Matcher ready = line == null ? null : READY.matcher(line);
            if (ready != null && ready.matches()) {
                return new Node(node.process(), Integer.parseInt(ready.group(1)), Integer.parseInt(ready.group(2)),
                        node.metricsPort(), node.log());
            }
            if (line == null && !node.process().isAlive()) {
                throw new AssertionError("node exited with status " + node.process().exitValue()
                        + " before its ready line; log in " + node.log());
            }
        }
        throw new AssertionError("no ready line within 90s; log in " + node.log());
    }

    /**
     * Returns a node's configuration. A DELETE that gets no response is retransmitted once after
     * half a second, so an IKE SA whose client is gone ends within a second.
     */
    private static String config(int clusterPort, String seed, int metricsPort) {
        return """
                ikec {
                  listen { addresses = ["127.0.0.1"], port = 0, nat-port = 0 }
                  management { address = "127.0.0.1", port = 0 }
                  metrics { enabled = true, address = "127.0.0.1", port = %d, tick-interval = 200ms }
                  cluster { address = "127.0.0.1", port = %d, seed-nodes = ["%s"] }
                  cluster-secret = "%s"
                  pools { vip { addrs = "10.3.0.0/28" } }
                  connections {
                    rw {
                      proposals = ["aes256gcm16-prfsha256-x25519"]
                      dpd_delay = 0s
                      pools = ["vip"]
                      local { auth = psk, id = "gw.loadtest.example" }
                      remote { auth = psk, id = "%%any" }
                      children { net { local_ts = ["0.0.0.0/0"], remote_ts = ["dynamic"], esp_proposals = ["aes256gcm16"] } }
                    }
                  }
                  secrets { s { id = "%%any", secret = "%s" } }
                  ike { retransmit-timeout = 500ms, retransmit-base = 1.0, retransmit-tries = 1 }
                }
                """.formatted(metricsPort, clusterPort, seed, CLUSTER_SECRET, PSK);
    }

    /** Stops the nodes together with SIGTERM: stopped one by one, the last would wait for hand-offs. */
    @AfterAll
    static void stopCluster() throws Exception {
        for (Process process : processes) {
            process.destroy();
        }
        for (Process process : processes) {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        processes.clear();
        nodes.clear();
        try (var files = Files.list(nodeDir)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
        }
        Files.deleteIfExists(nodeDir);
    }

    // ------------------------------------------------------------------ tests

    /** The WARN line the pools log for each lease that found the pool full, after the IKE SA's SPI. */
    private static final Pattern EXHAUSTED_LINE = Pattern.compile(
            ".*\\[pool] no address for IKE SA \\p{XDigit}{16}: pool vip has no free address: 14 of 14 leased");
    /** The WARN line of the IKE SA that came up without an address, naming the connection's pools. */
    private static final Pattern NO_ADDRESS_LINE = Pattern.compile(
            ".*\\[ike] rw\\[.*] no virtual IP address for 'client\\d+@loadtest\\.example' at .* from pools \\[vip]:"
                    + " pool vip has no free address: 14 of 14 leased; the IKE SA is established without a CHILD SA");

    /**
     * Leaves the 12 IKE SAs up at the end of the run, so the nodes list them with their addresses,
     * then terminates them from a node. The clients are gone by then, so each DELETE ends the IKE
     * SA after its one retransmission and releases its address.
     */
    @Test
    void everyLiveSaGetsDistinctAddress() throws Exception {
        JsonNode result = run("storm", 12, "127.1.40.1-127.1.40.12", "--concurrency", "12", "--duration-s", "30",
                "--no-delete-at-end");

        assertThat(result.path("totals").path("established").asLong()).isEqualTo(12);
        assertThat(result.path("totals").path("failed").asLong()).isEqualTo(0);
        assertThat(result.path("totals").path("held_at_end").asLong()).isEqualTo(12);
        assertThat(result.path("failures").size()).isEqualTo(0);
        JsonNode ips = result.path("virtual_ip");
        assertThat(ips.path("requested").asText()).isEqualTo("v4");
        assertThat(ips.path("granted").asLong()).isEqualTo(12);
        assertThat(ips.path("clients_granted").asInt()).isEqualTo(12);
        assertThat(ips.path("distinct_addresses").asInt()).isEqualTo(12);
        assertThat(ips.path("duplicates").asLong()).isEqualTo(0);
        assertThat(ips.path("duplicate_examples").size()).isEqualTo(0);
        assertThat(ips.path("address_failures").asLong()).isEqualTo(0);
        assertThat(ips.path("reconnects_same_address").asLong()).isEqualTo(0);
        assertThat(ips.path("reconnects_other_address").asLong()).isEqualTo(0);

        Ctl list = ctl(nodes.get(1), "list", "--cluster", "--json");
        assertThat(list.exitStatus()).as("stderr %s", list.err()).isZero();
        JsonNode sas = JSON.readTree(list.out());
        assertThat(sas.size()).isEqualTo(12);
        Set<String> addresses = new HashSet<>();
        for (JsonNode sa : sas) {
            assertThat(sa.path("virtualIps").size()).as("addresses of %s", sa.path("id")).isEqualTo(1);
            addresses.add(sa.path("virtualIps").get(0).asText());
        }
        assertThat(addresses).hasSize(12);
        assertThat(addresses).allMatch(address -> address.matches("10\\.3\\.0\\.([1-9]|1[0-4])"));

        for (Node node : nodes) {
            Ctl pools = ctl(node, "pools");
            assertThat(pools.out().lines().toList().get(0))
                    .isEqualTo("pool                     size   leased     free  exhausted");
            assertThat(pools.out().lines().toList().get(1)).matches("vip\\s+14\\s+12\\s+2\\s+\\d+");
            assertThat(awaitTrue(() -> scrape(node, "ikec_address_pool_leased", "pool=\"vip\"") == 12
                    && scrape(node, "ikec_address_pool_free", "pool=\"vip\"") == 2))
                    .as("pool gauges of %s", node.management()).isTrue();
        }

        Ctl terminate = ctl(nodes.get(0), "terminate", "--id", "client*@loadtest.example");
        assertThat(terminate.out()).isEqualTo("terminated 12 IKE SAs\n");
        assertPoolsEmpty();
    }

    @Test
    void reconnectingClientsGetTheirAddressBack() throws Exception {
        JsonNode result = run("churn", 10, "127.1.41.1-127.1.41.10", "--concurrency", "10", "--hold-s", "1",
                "--duration-s", "6");

        assertThat(result.path("failures").size()).as("failures %s", result.path("failures")).isEqualTo(0);
        JsonNode ips = result.path("virtual_ip");
        long granted = ips.path("granted").asLong();
        assertThat(granted).isGreaterThanOrEqualTo(20);
        assertThat(ips.path("clients_granted").asInt()).isEqualTo(10);
        assertThat(ips.path("distinct_addresses").asInt()).isEqualTo(10);
        assertThat(ips.path("duplicates").asLong()).isEqualTo(0);
        assertThat(ips.path("reconnects_same_address").asLong()).isEqualTo(granted - 10);
        assertThat(ips.path("reconnects_other_address").asLong()).isEqualTo(0);

        assertPoolsEmpty();
    }

    @Test
    void clientsBeyondPoolSizeGetAddressFailure() throws Exception {
        String childFailure = "reason=\"internal_address\",role=\"responder\"";
        double childFailuresBefore = scrapeSum("ikec_child_sa_failures_total", childFailure);
        double exhaustionsBefore = scrapeSum("ikec_address_pool_exhaustions_total", "pool=\"vip\"");
        long exhaustedLinesBefore = logLinesMatching(EXHAUSTED_LINE);
        long noAddressLinesBefore = logLinesMatching(NO_ADDRESS_LINE);

        JsonNode result = run("storm", 20, "127.1.42.1-127.1.42.20", "--concurrency", "20", "--duration-s", "30");

        assertThat(result.path("totals").path("attempted").asLong()).isEqualTo(20);
        assertThat(result.path("totals").path("established").asLong()).isEqualTo(POOL_SIZE);
        assertThat(result.path("totals").path("failed").asLong()).isEqualTo(6);
        assertThat(result.path("totals").path("deleted").asLong()).isEqualTo(POOL_SIZE);
        assertThat(result.path("failures").path("INTERNAL_ADDRESS_FAILURE").asLong()).isEqualTo(6);
        assertThat(result.path("failures").size()).isEqualTo(1);
        JsonNode ips = result.path("virtual_ip");
        assertThat(ips.path("granted").asLong()).isEqualTo(POOL_SIZE);
        assertThat(ips.path("distinct_addresses").asInt()).isEqualTo(POOL_SIZE);
        assertThat(ips.path("duplicates").asLong()).isEqualTo(0);
        assertThat(ips.path("address_failures").asLong()).isEqualTo(6);

        assertThat(awaitTrue(() -> logLinesMatching(EXHAUSTED_LINE) == exhaustedLinesBefore + 6))
                .as("pool WARN lines: %d before", exhaustedLinesBefore).isTrue();
        assertThat(awaitTrue(() -> logLinesMatching(NO_ADDRESS_LINE) == noAddressLinesBefore + 6))
                .as("IKE SA WARN lines: %d before", noAddressLinesBefore).isTrue();
        assertThat(awaitTrue(() -> scrapeSum("ikec_child_sa_failures_total", childFailure) == childFailuresBefore + 6))
                .as("internal_address CHILD SA failures counted").isTrue();
        assertThat(awaitTrue(() -> scrapeSum("ikec_address_pool_exhaustions_total", "pool=\"vip\"")
                == exhaustionsBefore + 6)).as("pool exhaustions counted").isTrue();

        assertPoolsEmpty();
    }

    @Test
    void poolsJsonListsSizeLeasedFree() {
        Ctl ctl = ctl(nodes.get(0), "pools", "--json");

        assertThat(ctl.exitStatus()).as("stderr %s", ctl.err()).isZero();
        assertThat(ctl.out()).matches("\\[\\{\"pool\":\"vip\",\"size\":14,\"leased\":0,\"free\":14,"
                + "\"exhaustions\":\\d+}]\\n");
    }

    // ------------------------------------------------------------------ helpers

    /**
     * Runs the generator with {@code --virtual-ip v4} against all three nodes and returns its result
     * file. Its clients retransmit as real ones do, because a node responds to its first IKE_SA_INIT late
     * while its JVM warms up on shared cores.
     */
    private JsonNode run(String scenario, int sas, String sources, String... options) throws Exception {
        Path psk = dir.resolve("psk");
        Files.writeString(psk, PSK + "\n");
        Path out = dir.resolve("result.json");
        List<String> targets = nodes.stream().map(node -> "127.0.0.1:" + node.ikePort()).toList();
        List<String> args = new ArrayList<>(List.of("run", "--target", String.join(",", targets), "--psk-file",
                psk.toString(), "--out", out.toString(), "--progress-s", "0", "--scenario", scenario, "--sas",
                Integer.toString(sas), "--sources", sources, "--source-ports", "42000", "--virtual-ip", "v4",
                "--retransmit"));
        args.addAll(List.of(options));

        StringWriter err = new StringWriter();
        StringWriter summary = new StringWriter();
        int status = LoadTestMain.run(args.toArray(String[]::new), new PrintWriter(summary, true),
                new PrintWriter(err, true));
        assertThat(status).as("exit status; stderr: %s; the nodes' address warnings: %s", err,
                logLinesContaining("no virtual IP address")).isZero();
        assertThat(summary.toString()).contains(", virtual IPs granted ");
        return JSON.readTree(out.toFile());
    }

    /** Waits until the pool shows no address leased, in {@code ctl pools} of every node and in its gauges. */
    private static void assertPoolsEmpty() {
        for (Node node : nodes) {
            boolean empty = awaitTrue(() -> ctl(node, "pools").out().lines().anyMatch(
                    line -> line.matches("vip\\s+14\\s+0\\s+14\\s+\\d+")));
            assertThat(empty).as("ctl pools on %s: %s", node.management(), ctl(node, "pools")).isTrue();
        }
        for (Node node : nodes) {
            assertThat(awaitTrue(() -> scrape(node, "ikec_address_pool_leased", "pool=\"vip\"") == 0
                    && scrape(node, "ikec_address_pool_free", "pool=\"vip\"") == POOL_SIZE
                    && scrape(node, "ikec_address_pool_size", "pool=\"vip\"") == POOL_SIZE))
                    .as("pool gauges of %s", node.management()).isTrue();
        }
    }

    private static Ctl ctl(Node node, String... arguments) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> args = new ArrayList<>(List.of("ctl", "--mgmt", node.management()));
        args.addAll(List.of(arguments));
        int status = Main.run(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Ctl(status, out.toString(), err.toString());
    }

    private static int upMembers(Node node) {
        Ctl result = ctl(node, "members");
        return result.exitStatus() != 0 ? 0 : (int) result.out().lines().filter(line -> line.contains(" Up ")).count();
    }

    /**
     * Returns the value of the series {@code name{labels}} in the node's scrape: 0 when the scrape
     * lacks it, because Kamon leaves out a counter that never counted, and -1 when the scrape failed.
     */
    private static double scrape(Node node, String name, String labels) {
        String body;
        try {
            body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + node.metricsPort() + "/metrics")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
        Matcher sample = Pattern.compile("(?m)^" + Pattern.quote(name + "{" + labels + "}") + " (\\S+)$").matcher(body);
        return sample.find() ? Double.parseDouble(sample.group(1)) : 0;
    }

    /** Sums the series over the three nodes' scrapes, or returns -1 when a scrape failed. */
    private static double scrapeSum(String name, String labels) {
        double sum = 0;
        for (Node node : nodes) {
            double value = scrape(node, name, labels);
            if (value < 0) {
                return -1;
            }
            sum += value;
        }
        return sum;
    }

    /** Counts the lines of the three nodes' logs that match {@code line}. */
    /** Returns the nodes' log lines that contain {@code text}, at most 10. */
    private static List<String> logLinesContaining(String text) {
        List<String> found = new ArrayList<>();
        for (Node node : nodes) {
            try (var lines = Files.lines(node.log())) {
                lines.filter(line -> line.contains(text)).limit(10 - found.size()).forEach(found::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return found;
    }

    private static long logLinesMatching(Pattern line) {
        long count = 0;
        for (Node node : nodes) {
            try (var lines = Files.lines(node.log())) {
                count += lines.filter(text -> line.matcher(text).matches()).count();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return count;
    }

    private static boolean awaitTrue(BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
