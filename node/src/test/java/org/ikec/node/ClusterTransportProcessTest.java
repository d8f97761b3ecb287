package org.ikec.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Starts two real nodes in child JVMs on loopback with each Artery transport: the second node
 * names the first as its seed node, so its ready line, which follows MemberUp, means the two
 * formed one cluster.
 */
class ClusterTransportProcessTest {

    private static final Pattern MANAGEMENT = Pattern.compile(".* management=127\\.0\\.0\\.1:(\\d+)$");
    private static final String CLUSTER_SECRET = "0x00112233445566778899aabbccddeeff";

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "aeron-udp"})
    void twoNodesFormOneCluster(String transport) throws Exception {
        int seedPort = freePort();
        int joinerPort = freePort();
        String seed = "pekko://ikec@127.0.0.1:" + seedPort;

        List<Process> nodes = new ArrayList<>();
        try {
            Process first = start(config(transport, seedPort, seed), "first");
            nodes.add(first);
            int firstManagement = managementPort(readUntilReady(first));
            Process second = start(config(transport, joinerPort, seed), "second");
            nodes.add(second);
            int secondManagement = managementPort(readUntilReady(second));

            assertThat(health(firstManagement)).startsWith("{\"status\":\"up\",\"node\":\"" + seed + "\"");
            assertThat(health(secondManagement))
                    .startsWith("{\"status\":\"up\",\"node\":\"pekko://ikec@127.0.0.1:" + joinerPort + "\"");
            if (transport.equals("aeron-udp")) {
                assertThat(aeronDir(seedPort)).isDirectory();
                assertThat(aeronDir(joinerPort)).isDirectory();
            }

            for (Process node : nodes) {
                node.destroy();
                assertThat(node.waitFor(30, TimeUnit.SECONDS)).as("node stops on SIGTERM").isTrue();
            }
            assertThat(aeronDir(seedPort)).doesNotExist();
            assertThat(aeronDir(joinerPort)).doesNotExist();
            assertThat(Files.readString(dir.resolve("second.log")))
                    .contains("cluster member up at pekko://ikec@127.0.0.1:" + joinerPort);
        } finally {
            for (Process node : nodes) {
                node.destroyForcibly();
            }
        }
    }

    private static Path aeronDir(int port) {
        return Path.of(System.getProperty("java.io.tmpdir"), "ikec-aeron-127.0.0.1-" + port);
    }

    private String config(String transport, int clusterPort, String seed) {
        return """
                ikec {
                  listen { addresses = ["127.0.0.1"], port = 0, nat-port = 0 }
                  management { address = "127.0.0.1", port = 0 }
                  cluster { address = "127.0.0.1", port = %d, seed-nodes = ["%s"], transport = %s }
                  cluster-secret = "%s"
                  connections {
                    rw {
                      proposals = ["aes256gcm16-prfsha256-x25519"]
                      local { auth = psk, id = "gw.ikec.test" }
                      remote { auth = psk, id = "%%any" }
                      children { net { local_ts = ["0.0.0.0/0"], esp_proposals = ["aes256gcm16"] } }
                    }
                  }
                  secrets { s { id = "%%any", secret = "transport-test-psk" } }
                }
                """.formatted(clusterPort, seed, transport, CLUSTER_SECRET);
    }

    private Process start(String config, String name) throws IOException {
        Path file = dir.resolve(name + ".conf");
        Files.writeString(file, config);
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, Main.class.getName(), "node", "--config", file.toString())
                .redirectError(dir.resolve(name + ".log").toFile())
                .start();
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

    private static int managementPort(List<String> stdout) {
        Matcher matcher = MANAGEMENT.matcher(stdout.get(stdout.size() - 1));
        assertThat(matcher.matches()).as("ready line %s", stdout).isTrue();
        return Integer.parseInt(matcher.group(1));
    }

    private static String health(int managementPort) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** Reads stdout lines until the ready line, failing if the node exits or takes over 60 s. */
    private List<String> readUntilReady(Process node) throws InterruptedException {
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
                fail("node exited with status %d before the ready line; stdout %s; log in %s", node.exitValue(), seen, dir);
            }
        }
        return fail("no ready line within 60s; stdout %s; logs in %s", seen, dir);
    }
}
