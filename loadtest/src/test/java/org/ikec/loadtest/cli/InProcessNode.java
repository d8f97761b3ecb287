package org.ikec.loadtest.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.ikec.node.NodeRuntime;
import org.ikec.node.config.ConfigLoader;

/** A real concentrator node started in this JVM on free loopback ports, for tests of the load generator. */
final class InProcessNode implements AutoCloseable {

    static final String PSK = "loadtest shared secret";
    private static final Pattern READY = Pattern.compile("ike=127\\.0\\.0\\.1:(\\d+) nat-t=127\\.0\\.0\\.1:(\\d+)");

    private final NodeRuntime runtime;
    final int ikePort;
    final int natPort;

    private InProcessNode(NodeRuntime runtime, int ikePort, int natPort) {
        this.runtime = runtime;
        this.ikePort = ikePort;
        this.natPort = natPort;
    }

    /** Starts a node whose road-warrior connection accepts any client with {@link #PSK}; {@code extraConnections} go inside {@code ikec.connections}. */
    static InProcessNode start(String extraConnections) throws Exception {
        return start(extraConnections, "");
    }

    /** Starts a node like {@link #start(String)}, with {@code extraSettings} (HOCON paths) added at the end. */
    static InProcessNode start(String extraConnections, String extraSettings) throws Exception {
        String config = """
                ikec {
                  listen { addresses = ["127.0.0.1"], port = 0, nat-port = 0 }
                  management { address = "127.0.0.1", port = 0 }
                  cluster-secret = "0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
                  connections {
                    rw {
                      proposals = ["aes256gcm16-prfsha256-x25519"]
                      local { auth = psk, id = "gw.loadtest.example" }
                      remote { auth = psk, id = "%any" }
                      dpd_delay = 0s
                      children { net { local_ts = ["0.0.0.0/0"], remote_ts = ["dynamic"], esp_proposals = ["aes256gcm16"] } }
                    }
                """ + extraConnections + """
                  }
                  secrets { s { id = "%any", secret = "loadtest shared secret" } }
                }
                """ + extraSettings;
        return startWith(config);
    }

    /** Starts a node from a whole configuration that listens on 127.0.0.1. */
    static InProcessNode startWith(String config) throws Exception {
        ByteArrayOutputStream ready = new ByteArrayOutputStream();
        NodeRuntime runtime = NodeRuntime.start(ConfigLoader.loadText(config, ConfigLoader.Overrides.NONE),
                new PrintStream(ready, true, StandardCharsets.UTF_8));
        Matcher ports = READY.matcher(ready.toString(StandardCharsets.UTF_8));
        if (!ports.find()) {
            runtime.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
            throw new IllegalStateException("the node printed no ready line: " + ready);
        }
        return new InProcessNode(runtime, Integer.parseInt(ports.group(1)), Integer.parseInt(ports.group(2)));
    }

    String target() {
        return "127.0.0.1:" + ikePort;
    }

    InetSocketAddress management() {
        return runtime.managementAddress();
    }

    String managementText() {
        return "127.0.0.1:" + management().getPort();
    }

    /** Returns what the node's management API reports on {@code GET /health}. */
    JsonNode health() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + management().getPort() + "/health")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return new ObjectMapper().readTree(response.body());
    }

    /** Returns the number of IKE SAs the node lists on its management API. */
    int saCount() throws Exception {
        return sas().size();
    }

    /** Returns the IKE SAs the node lists on its management API. */
    JsonNode sas() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + management().getPort() + "/sas")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return new ObjectMapper().readTree(response.body());
    }

    /** Deletes one IKE SA through the management API, so the node sends the DELETE. */
    void deleteSa(String id) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + management().getPort() + "/sas/" + id)).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("DELETE /sas/" + id + " failed: " + response.statusCode() + " " + response.body());
        }
    }

    @Override
    public void close() throws Exception {
        runtime.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
