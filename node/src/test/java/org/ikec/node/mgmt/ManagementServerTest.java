package org.ikec.node.mgmt;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;

import org.ikec.cluster.ChildSaSnapshot;
import org.ikec.cluster.IkeAuthMethod;
import org.ikec.cluster.SaSnapshot;
import org.ikec.cluster.ShardInfo;
import org.ikec.cluster.pool.PoolUsage;
import org.ikec.protocol.ike.IkeTraffic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

public class ManagementServerTest {

    public static final SaSnapshot SA = new SaSnapshot("8877665544332211", "pekko://ikec@127.0.0.1:25520", "rw",
            47885, "ESTABLISHED", false, "1122334455667788", "8877665544332211", "127.0.0.1:500", "127.0.0.1:40000",
            "gw.ikec.test", "alice@ikec.test", "aes256gcm16-prfsha256-x25519", Instant.parse("2025-01-02T03:04:05Z"),
            14_400, IkeAuthMethod.PRE_SHARED_KEY, new IkeTraffic(1_234, 4, 1_432, 4),
            List.of(new ChildSaSnapshot("net", "INSTALLED", "c1000001", "c2000002", "aes256gcm16",
                    List.of("0.0.0.0/0"), List.of("10.3.0.1/32"), Instant.parse("2025-01-02T03:04:06Z"),
                    3_960, 3_600)));

    private static final class FakeBackend implements ManagementBackend {

        @Override
        public Health health() {
            return new Health("up", "pekko://ikec@127.0.0.1:25520", List.of("127.0.0.1:500"), List.of("127.0.0.1:4500"),
                    Map.of("sent", 3L));
        }

        @Override
        public CompletionStage<List<SaSnapshot>> listSas(Duration timeout) {
            return CompletableFuture.completedFuture(List.of(SA));
        }

        @Override
        public CompletionStage<Boolean> terminate(String saId, Duration timeout) {
            return CompletableFuture.completedFuture(saId.equals(SA.id()));
        }

        @Override
        public CompletionStage<List<Member>> members(Duration timeout) {
            return CompletableFuture.completedFuture(List.of(
                    new Member("pekko://ikec@127.0.0.11:2552", "Up", true, List.of("concentrator"), 3),
                    new Member("pekko://ikec@127.0.0.12:2552", "Up", false, List.of("concentrator"), null),
                    new Member("pekko://ikec@127.0.0.14:2552", "Up", false, List.of("gateway"), null)));
        }

        @Override
        public CompletionStage<List<ShardInfo>> shards(Duration timeout) {
            return CompletableFuture.failedFuture(new TimeoutException("Ask timed out on [shardState] after [5000 ms]"));
        }

        @Override
        public CompletionStage<List<PoolUsage>> pools(Duration timeout) {
            return CompletableFuture.completedFuture(List.of(new PoolUsage("rw4", 14, 12, 2, 0),
                    new PoolUsage("rw6", 255, 0, 255, 3)));
        }

        @Override
        public CompletionStage<String> initiate(String connection, Duration timeout) {
            if (!connection.equals("rw")) {
                return CompletableFuture.failedFuture(new UnknownConnectionException(connection));
            }
            return CompletableFuture.completedFuture("0102030405060708");
        }
    }

    private ManagementServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        server = ManagementServer.start(new InetSocketAddress("127.0.0.1", 0), new FakeBackend(),
                LoggerFactory.getLogger("org.ikec.cluster"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void listReturnsSnapshotJson() throws Exception {
        HttpResponse<String> response = request("GET", "/sas");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo("[{\"id\":\"8877665544332211\",\"node\":\"pekko://ikec@127.0.0.1:25520\","
                + "\"connection\":\"rw\",\"tunnelIndex\":47885,\"state\":\"ESTABLISHED\",\"initiator\":false,\"spiI\":\"1122334455667788\","
                + "\"spiR\":\"8877665544332211\",\"localAddress\":\"127.0.0.1:500\",\"remoteAddress\":\"127.0.0.1:40000\","
                + "\"localId\":\"gw.ikec.test\",\"remoteId\":\"alice@ikec.test\","
                + "\"proposal\":\"aes256gcm16-prfsha256-x25519\",\"establishedAt\":\"2025-01-02T03:04:05Z\","
                + "\"ikeLifetimeSeconds\":14400,\"authMethod\":\"PRE_SHARED_KEY\","
                + "\"ikeTraffic\":{\"inOctets\":1234,\"inPackets\":4,\"outOctets\":1432,\"outPackets\":4},"
                + "\"children\":[{\"name\":\"net\",\"state\":\"INSTALLED\",\"spiIn\":\"c1000001\",\"spiOut\":\"c2000002\","
                + "\"proposal\":\"aes256gcm16\",\"localTs\":[\"0.0.0.0/0\"],\"remoteTs\":[\"10.3.0.1/32\"],"
                + "\"installedAt\":\"2025-01-02T03:04:06Z\",\"lifetimeSeconds\":3960,\"rekeySeconds\":3600}],"
                + "\"virtualIps\":[]}]");
    }

    @Test
    void healthReturnsStatusAndCounters() throws Exception {
        HttpResponse<String> response = request("GET", "/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"status\":\"up\",\"node\":\"pekko://ikec@127.0.0.1:25520\","
                + "\"ike\":[\"127.0.0.1:500\"],\"natT\":[\"127.0.0.1:4500\"],\"counters\":{\"sent\":3}}");
    }

    @Test
    void membersListRolesAndNullCounts() throws Exception {
        HttpResponse<String> response = request("GET", "/cluster/members");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(MEMBERS_JSON);
    }

    /** Three members: this concentrator with 3 IKE SAs, a concentrator that did not reply, a gateway. */
    public static final String MEMBERS_JSON = "["
            + "{\"address\":\"pekko://ikec@127.0.0.11:2552\",\"status\":\"Up\",\"self\":true,"
            + "\"roles\":[\"concentrator\"],\"ikeSas\":3},"
            + "{\"address\":\"pekko://ikec@127.0.0.12:2552\",\"status\":\"Up\",\"self\":false,"
            + "\"roles\":[\"concentrator\"],\"ikeSas\":null},"
            + "{\"address\":\"pekko://ikec@127.0.0.14:2552\",\"status\":\"Up\",\"self\":false,"
            + "\"roles\":[\"gateway\"],\"ikeSas\":null}]";

    @Test
    void terminateKnownSa() throws Exception {
        HttpResponse<String> response = request("DELETE", "/sas/8877665544332211");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"terminated\":\"8877665544332211\"}");
    }

    @Test
    void terminateUnknownSaIs404() throws Exception {
        HttpResponse<String> response = request("DELETE", "/sas/0000000000000001");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("{\"error\":\"no IKE SA with id '0000000000000001'\"}");
    }

    @Test
    void badSaPathIs400() throws Exception {
        HttpResponse<String> response = request("DELETE", "/sas/a/b");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body())
                .isEqualTo("{\"error\":\"invalid path '/sas/a/b'; use /sas/{id} with the id that GET /sas lists\"}");
    }

    @Test
    void unknownPathIs404() throws Exception {
        HttpResponse<String> response = request("GET", "/metrics");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("{\"error\":\"unknown path '/metrics'; the API has /health, /sas,"
                + " /sas/{id}, /sas/{id}/rekey, /connections/{name}/initiate, /reload, /log-level, /cluster/sas, /cluster/members,"
                + " /cluster/shards, /cluster/pools, /cluster/reload and /cluster/leave\"}");
    }

    @Test
    void clusterLeaveNeedsPost() throws Exception {
        HttpResponse<String> response = request("GET", "/cluster/leave");

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).contains("POST");
    }

    @Test
    void wrongMethodIs405() throws Exception {
        HttpResponse<String> response = request("POST", "/sas");

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("GET");
        assertThat(response.body()).isEqualTo("{\"error\":\"method POST is not allowed on /sas; use GET\"}");
    }

    @Test
    void initiateReturnsNewSaId() throws Exception {
        HttpResponse<String> response = request("POST", "/connections/rw/initiate");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isIn("{\"connection\":\"rw\",\"id\":\"0102030405060708\"}",
                "{\"id\":\"0102030405060708\",\"connection\":\"rw\"}");
    }

    @Test
    void initiateUnknownConnectionIs404() throws Exception {
        HttpResponse<String> response = request("POST", "/connections/site2/initiate");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("{\"error\":\"no connection named 'site2' is configured\"}");
    }

    @Test
    void listFiltersByPeerAndIdGlob() throws Exception {
        HttpResponse<String> matching = request("GET", "/sas?peer=127.0.0.1&id=alice@*");
        HttpResponse<String> other = request("GET", "/sas?id=bob@*");

        assertThat(matching.statusCode()).isEqualTo(200);
        assertThat(matching.body()).startsWith("[{\"id\":\"8877665544332211\"");
        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(other.body()).isEqualTo("[]");
    }

    @Test
    void listUnknownFilterIs400() throws Exception {
        HttpResponse<String> response = request("GET", "/sas?user=alice");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"error\":\"unknown filter 'user'; use peer, id, connection or node\"}");
    }

    @Test
    void listPeerHostNameIs400() throws Exception {
        HttpResponse<String> response = request("GET", "/sas?peer=vpn.example");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body())
                .isEqualTo("{\"error\":\"invalid peer 'vpn.example': give an IP address such as 192.0.2.10\"}");
    }

    @Test
    void showInvalidIdIs400() throws Exception {
        HttpResponse<String> response = request("GET", "/sas/xyz");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"error\":\"invalid IKE SA id 'xyz': give the 16 hex digits that"
                + " 'ikec ctl list' shows\"}");
    }

    @Test
    void rekeyBadChildSpiIs400() throws Exception {
        HttpResponse<String> response = request("POST", "/sas/8877665544332211/rekey?child=12");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"error\":\"invalid CHILD SA SPI '12': give the 8 hex digits that"
                + " 'ikec ctl show' lists\"}");
    }

    @Test
    void rekeyChildAndIkeIs400() throws Exception {
        HttpResponse<String> response = request("POST", "/sas/8877665544332211/rekey?child=c1000001&ike");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"error\":\"give either child=SPI or ike, not both\"}");
    }

    @Test
    void terminateWithoutFilterIs400() throws Exception {
        HttpResponse<String> response = request("DELETE", "/cluster/sas");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"error\":\"give at least one filter (peer, id, connection or node)"
                + " to select the IKE SAs to terminate\"}");
    }

    @Test
    void terminateByPeerCountsSas() throws Exception {
        HttpResponse<String> response = request("DELETE", "/cluster/sas?peer=127.0.0.1");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isIn("{\"terminated\":1,\"ids\":[\"8877665544332211\"]}",
                "{\"ids\":[\"8877665544332211\"],\"terminated\":1}");
    }

    /** The reply of {@code GET /cluster/pools} from {@link FakeBackend}, for the formatter's tests. */
    public static final String POOLS_JSON = "[{\"pool\":\"rw4\",\"size\":14,\"leased\":12,\"free\":2,"
            + "\"exhaustions\":0},{\"pool\":\"rw6\",\"size\":255,\"leased\":0,\"free\":255,\"exhaustions\":3}]";

    @Test
    void poolsReturnUsageJson() throws Exception {
        HttpResponse<String> response = request("GET", "/cluster/pools");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(POOLS_JSON);
    }

    @Test
    void poolsRejectPost() throws Exception {
        HttpResponse<String> response = request("POST", "/cluster/pools");

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("GET");
    }

    @Test
    void nodeThatDoesNotReplyIs503() throws Exception {
        HttpResponse<String> response = request("GET", "/cluster/shards");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).isEqualTo("{\"error\":\"a cluster node did not reply within 5s; check"
                + " 'ikec ctl members' for unreachable nodes\"}");
    }

    private HttpResponse<String> request(String method, String path) throws Exception {
        InetSocketAddress address = server.address();
        URI uri = URI.create("http://127.0.0.1:" + address.getPort() + path);
        return http.send(HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
