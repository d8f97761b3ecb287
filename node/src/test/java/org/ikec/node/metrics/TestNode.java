package org.ikec.node.metrics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ikec.node.NodeRuntime;
import org.ikec.node.config.ConfigLoader;

/**
 * A node started in this JVM on free loopback ports with one PSK connection "rw", and its
 * Prometheus endpoint on a free port with a 200 ms tick.
 */
public final class TestNode implements AutoCloseable {

    public static final String PSK = "metrics-test-psk-6d1f0c";
    public static final String PROPOSAL = "aes256gcm16-prfsha256-x25519";

    private static final Pattern IKE = Pattern.compile("ike=127\\.0\\.0\\.1:(\\d+)");

    public final NodeRuntime runtime;
    public final InetSocketAddress ike;
    final int metricsPort;

    private TestNode(NodeRuntime runtime, InetSocketAddress ike, int metricsPort) {
        this.runtime = runtime;
        this.ike = ike;
        this.metricsPort = metricsPort;
    }

    /** Starts the node; {@code logging} is the body of the {@code ikec.logging} section. */
    public static TestNode start(String logging) throws Exception {
        return start(logging, "");
    }

    /** Starts the node with {@code sections} added to the {@code ikec} block, such as an snmp section. */
    public static TestNode start(String logging, String sections) throws Exception {
        return start(logging, sections, "");
    }

    /**
     * Starts the node with {@code sections} added to the {@code ikec} block and {@code rootSections},
     * such as a {@code pekko} section, after it.
     */
    public static TestNode start(String logging, String sections, String rootSections) throws Exception {
        int metricsPort = freeTcpPort();
        String hocon = """
                ikec {
                  listen { addresses = ["127.0.0.1"], port = 0, nat-port = 0 }
                  management { address = "127.0.0.1", port = 0 }
                  metrics { enabled = true, address = "127.0.0.1", port = %d, tick-interval = 200ms }
                  logging { %s }
                  %s
                  connections {
                    rw {
                      proposals = ["%s"]
                      local { auth = psk, id = "gw.ikec.test" }
                      remote { auth = psk, id = "%%any" }
                      children {
                        net {
                          local_ts = ["0.0.0.0/0"]
                          remote_ts = ["dynamic"]
                          esp_proposals = ["aes256gcm16"]
                        }
                      }
                    }
                  }
                  secrets {
                    rw { id = "%%any", secret = "%s" }
                  }
                }
                %s
                """.formatted(metricsPort, logging, sections, PROPOSAL, PSK, rootSections);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NodeRuntime runtime = NodeRuntime.start(ConfigLoader.loadText(hocon, ConfigLoader.Overrides.NONE),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        Matcher ike = IKE.matcher(out.toString(StandardCharsets.UTF_8));
        if (!ike.find()) {
            runtime.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
            throw new AssertionError("no IKE address in the ready line: " + out);
        }
        return new TestNode(runtime, new InetSocketAddress(InetAddress.getLoopbackAddress(),
                Integer.parseInt(ike.group(1))), metricsPort);
    }

    /** Returns a TCP port that was free a moment ago; the node binds it right after. */
    private static int freeTcpPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Returns the body of {@code GET /metrics}. */
    public String scrape() throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET /metrics returned " + response.statusCode());
        }
        return response.body();
    }

    @Override
    public void close() throws Exception {
        runtime.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
