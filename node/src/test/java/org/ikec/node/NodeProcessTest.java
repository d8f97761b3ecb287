package org.ikec.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** Starts the real node in a child JVM with the built-in configuration on free loopback ports. */
class NodeProcessTest {

    private static final Pattern READY = Pattern.compile(
            "ikec node ready: ike=127\\.0\\.0\\.1:(\\d+) nat-t=127\\.0\\.0\\.1:(\\d+) management=127\\.0\\.0\\.1:(\\d+)");

    @Test
    void defaultNodeAnnouncesReadyAndServesHealth() throws Exception {
        Path stderr = Files.createTempFile("ikec-node", ".log");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process node = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, Main.class.getName(), "node", "--port", "0", "--nat-port", "0", "--mgmt", "127.0.0.1:0")
                .redirectError(stderr.toFile())
                .start();
        try {
            List<String> stdout = NodeProcess.readUntilReady(node);
            Matcher ready = READY.matcher(stdout.get(stdout.size() - 1));
            assertThat(ready.matches()).as("ready line %s", stdout).isTrue();

            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ready.group(3) + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).startsWith("{\"status\":\"up\",\"node\":\"pekko://ikec@127.0.0.1:");
            assertThat(health.body()).contains("\"ike\":[\"127.0.0.1:" + ready.group(1) + "\"]");
            assertThat(health.body()).contains("\"natT\":[\"127.0.0.1:" + ready.group(2) + "\"]");

            node.destroy();
            assertThat(node.waitFor(30, TimeUnit.SECONDS)).as("node stops on SIGTERM").isTrue();
            String log = Files.readString(stderr, StandardCharsets.UTF_8);
            assertThat(log).contains("INFO  [cluster] stopping: closing UDP sockets and the management interface");
            assertThat(log).contains("INFO  [cluster] node stopped");
        } finally {
            node.destroyForcibly();
            Files.deleteIfExists(stderr);
        }
    }

    @Test
    void configurationErrorExitsWithStatus2() throws Exception {
        Path config = Files.createTempFile("ikec", ".conf");
        Files.writeString(config, "ikec { connections { rw { proposal = [\"aes256gcm16-prfsha256-x25519\"] } } }");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process node = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, Main.class.getName(), "node", "--config", config.toString())
                .start();
        try {
            assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String stderr = new String(node.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(node.exitValue()).isEqualTo(2);
            assertThat(stderr).isEqualTo("ikec: configuration error: ikec.connections.rw.proposal: unknown key;"
                    + " did you mean 'proposals'?; known keys here: allow_weak, children, dpd_delay, local,"
                    + " local_addrs, over_time, pools, proposals, rand_time, rekey_time, remote, remote_addrs, remote_port,"
                    + " send_cert\n");
        } finally {
            node.destroyForcibly();
            Files.deleteIfExists(config);
        }
    }

    @Test
    void reloadRereadsConfigurationFile() throws Exception {
        Path config = Files.createTempFile("ikec-reload", ".conf");
        Files.writeString(config, reloadConfig("rw", "aes256gcm16-prfsha256-x25519"));
        Path stderr = Files.createTempFile("ikec-node", ".log");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process node = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, Main.class.getName(), "node", "--config", config.toString())
                .redirectError(stderr.toFile())
                .start();
        try {
            List<String> stdout = NodeProcess.readUntilReady(node);
            Matcher ready = READY.matcher(stdout.get(stdout.size() - 1));
            assertThat(ready.matches()).as("ready line %s", stdout).isTrue();
            URI reload = URI.create("http://127.0.0.1:" + ready.group(3) + "/reload");

            Files.writeString(config, reloadConfig("site", "aes256gcm16-prfsha256-x25519"));
            HttpResponse<String> applied = post(reload);
            assertThat(applied.statusCode()).isEqualTo(200);
            assertThat(applied.body()).contains("\"added\":[\"site\"]");
            assertThat(applied.body()).contains("\"removed\":[\"rw\"]");

            Files.writeString(config, reloadConfig("site", "aes999-sha1-modp1"));
            HttpResponse<String> refused = post(reload);
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).contains("invalid proposal 'aes999-sha1-modp1'");

            Files.writeString(config, reloadConfig("site", "aes256gcm16-prfsha256-x25519")
                    .replace("remote { auth = psk, id = \"%any\" }", "remote { auth = eap-radius }"));
            HttpResponse<String> noRadius = post(reload);
            assertThat(noRadius.statusCode()).isEqualTo(400);
            assertThat(noRadius.body()).isEqualTo("{\"error\":\"configuration error: ikec.eap-radius: missing;"
                    + " connections [site] use auth = eap-radius, which needs a RADIUS server, for example"
                    + " eap-radius { servers = [ { address = 192.0.2.10, secret = \\\"...\\\" } ] }\"}");
        } finally {
            node.destroyForcibly();
            Files.deleteIfExists(config);
            Files.deleteIfExists(stderr);
        }
    }

    /** Writes a node on free loopback ports with one PSK connection named {@code name}. */
    private static String reloadConfig(String name, String proposal) {
        return """
                ikec {
                  listen { addresses = ["127.0.0.1"], port = 0, nat-port = 0 }
                  management { address = "127.0.0.1", port = 0 }
                  cluster { address = "127.0.0.1", port = 0 }
                  connections { %s {
                    proposals = ["%s"]
                    local { auth = psk, id = "gw.example.org" }
                    remote { auth = psk, id = "%%any" }
                    children { net { esp_proposals = ["aes256gcm16"] } }
                  } }
                  secrets { clients { id = "%%any", secret = "reload-test-secret" } }
                }
                """.formatted(name, proposal);
    }

    private static HttpResponse<String> post(URI uri) throws Exception {
        return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
