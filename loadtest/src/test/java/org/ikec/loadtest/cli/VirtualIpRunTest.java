package org.ikec.loadtest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator's {@code --virtual-ip both} against one node in this JVM whose connection leases
 * from an IPv4 pool and an IPv6 pool: every client gets one address of each family.
 */
class VirtualIpRunTest {

    private static InProcessNode node;

    @TempDir
    Path dir;

    @BeforeAll
    static void startNode() throws Exception {
        node = InProcessNode.startWith("""
                ikec {
                  listen { addresses = ["127.0.0.1"], port = 0, nat-port = 0 }
                  management { address = "127.0.0.1", port = 0 }
                  cluster-secret = "0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
                  pools {
                    rw4 { addrs = "10.3.0.0/28" }
                    rw6 { addrs = "fd00:3::/124" }
                  }
                  connections {
                    rw {
                      proposals = ["aes256gcm16-prfsha256-x25519"]
                      local { auth = psk, id = "gw.loadtest.example" }
                      remote { auth = psk, id = "%any" }
                      dpd_delay = 0s
                      pools = ["rw4", "rw6"]
                      children { net { local_ts = ["0.0.0.0/0"], remote_ts = ["dynamic"], esp_proposals = ["aes256gcm16"] } }
                    }
                  }
                  secrets { s { id = "%any", secret = "loadtest shared secret" } }
                }
                """);
    }

    @AfterAll
    static void stopNode() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void bothFamiliesGiveTwoAddressesEach() throws Exception {
        Path psk = dir.resolve("psk");
        Files.writeString(psk, InProcessNode.PSK + "\n");
        Path out = dir.resolve("result.json");
        List<String> args = new ArrayList<>(List.of("run", "--target", node.target(), "--psk-file", psk.toString(),
                "--out", out.toString(), "--progress-s", "0", "--scenario", "storm", "--sas", "5", "--concurrency",
                "5", "--sources", "127.1.43.1-127.1.43.5", "--source-ports", "42100", "--duration-s", "20",
                "--virtual-ip", "both"));
        StringWriter err = new StringWriter();
        StringWriter summary = new StringWriter();

        int status = LoadTestMain.run(args.toArray(String[]::new), new PrintWriter(summary, true),
                new PrintWriter(err, true));

        assertThat(status).as("exit status; stderr: %s", err).isZero();
        JsonNode result = new ObjectMapper().readTree(out.toFile());
        assertThat(result.path("totals").path("established").asLong()).isEqualTo(5);
        assertThat(result.path("failures").size()).isEqualTo(0);
        JsonNode ips = result.path("virtual_ip");
        assertThat(ips.path("requested").asText()).isEqualTo("both");
        assertThat(ips.path("granted").asLong()).isEqualTo(5);
        assertThat(ips.path("clients_granted").asInt()).isEqualTo(5);
        assertThat(ips.path("distinct_addresses").asInt()).isEqualTo(10);
        assertThat(ips.path("duplicates").asLong()).isEqualTo(0);
        assertThat(summary.toString()).contains(", virtual IPs granted 5 to 5 clients, 10 distinct, duplicates 0,"
                + " address failures 0, reconnects to the same address 0, to another 0");
        assertThat(node.saCount()).isEqualTo(0);
    }
}
