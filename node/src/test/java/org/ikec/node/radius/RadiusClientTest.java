package org.ikec.node.radius;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.ikec.protocol.radius.AccessRequest;
import org.ikec.protocol.radius.RadiusAnswer;
import org.ikec.protocol.radius.RadiusAttribute;
import org.ikec.protocol.radius.RadiusAttributeType;
import org.ikec.protocol.radius.RadiusCode;
import org.ikec.protocol.radius.RadiusCodec;
import org.junit.jupiter.api.Test;

class RadiusClientTest {

    private static final byte[] SECRET = "loopback-secret".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EAP_IDENTITY = {2, 1, 0, 10, 1, 'a', 'l', 'i', 'c', 'e'};
    private static final Duration LONG_TIMEOUT = Duration.ofSeconds(10);

    @Test
    void retransmissionRepeatsSameOctets() throws Exception {
        try (ScriptedRadiusServer server = new ScriptedRadiusServer(SECRET);
                RadiusClient client = RadiusClient.start(config(Duration.ofMinutes(1),
                        serverConfig(server, Duration.ofMillis(200), 3)))) {
            CompletableFuture<RadiusAnswer> result = client.send(eapRequest("alice")).toCompletableFuture();

            ScriptedRadiusServer.Received first = server.receive();
            ScriptedRadiusServer.Received second = server.receive();
            server.respond(second, RadiusCode.ACCESS_ACCEPT, List.of());

            assertThat(second.datagram()).isEqualTo(first.datagram());
            assertThat(result.get(5, TimeUnit.SECONDS).code()).isEqualTo(RadiusCode.ACCESS_ACCEPT);
            assertThat(client.counters().timeouts()).isEqualTo(1);
            assertThat(client.counters().retransmissions()).isEqualTo(1);
            assertThat(client.counters().accepts()).isEqualTo(1);
        }
    }

    @Test
    void requestCarriesMessageAuthenticatorFirst() throws Exception {
        try (ScriptedRadiusServer server = new ScriptedRadiusServer(SECRET);
                RadiusClient client = RadiusClient.start(config(Duration.ofMinutes(1),
                        serverConfig(server, LONG_TIMEOUT, 1)))) {
            client.send(eapRequest("alice"));

            ScriptedRadiusServer.Received received = server.receive();

            assertThat(received.packet().code()).isEqualTo(RadiusCode.ACCESS_REQUEST);
            assertThat(received.packet().attributes().get(0).type())
                    .isEqualTo(RadiusAttributeType.MESSAGE_AUTHENTICATOR);
            assertThat(received.packet().first(RadiusAttributeType.EAP_MESSAGE)).hasValue(EAP_IDENTITY);
            assertThat(received.packet().first(RadiusAttributeType.USER_NAME))
                    .hasValue("alice".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void wrongSecretResponseIsDroppedAndCounted() throws Exception {
        try (ScriptedRadiusServer server = new ScriptedRadiusServer(SECRET);
                RadiusClient client = RadiusClient.start(config(Duration.ofMinutes(1),
                        serverConfig(server, LONG_TIMEOUT, 1)))) {
            CompletableFuture<RadiusAnswer> result = client.send(eapRequest("alice")).toCompletableFuture();
            ScriptedRadiusServer.Received request = server.receive();

            server.respondWithSecret(request, RadiusCode.ACCESS_ACCEPT,
                    "other-secret".getBytes(StandardCharsets.US_ASCII));
            server.respond(request, RadiusCode.ACCESS_REJECT, List.of());

            assertThat(result.get(5, TimeUnit.SECONDS).code()).isEqualTo(RadiusCode.ACCESS_REJECT);
            assertThat(client.counters().badAuthenticators()).isEqualTo(1);
            assertThat(client.counters().rejects()).isEqualTo(1);
            assertThat(client.counters().accepts()).isZero();
        }
    }

    @Test
    void responseWithUnknownIdentifierIsDropped() throws Exception {
        try (ScriptedRadiusServer server = new ScriptedRadiusServer(SECRET);
                RadiusClient client = RadiusClient.start(config(Duration.ofMinutes(1),
                        serverConfig(server, LONG_TIMEOUT, 1)))) {
            CompletableFuture<RadiusAnswer> result = client.send(eapRequest("alice")).toCompletableFuture();
            ScriptedRadiusServer.Received request = server.receive();
            byte[] stray = RadiusCodec.encode(request.packet());
            stray[0] = (byte) RadiusCode.ACCESS_ACCEPT.value();
            stray[1] = (byte) (request.packet().identifier() + 1);

            server.send(request, stray);
            server.send(request, new byte[] {2, 0, 0});
            server.respond(request, RadiusCode.ACCESS_CHALLENGE, List.of());

            assertThat(result.get(5, TimeUnit.SECONDS).code()).isEqualTo(RadiusCode.ACCESS_CHALLENGE);
            assertThat(client.counters().unexpected()).isEqualTo(1);
            assertThat(client.counters().malformed()).isEqualTo(1);
            assertThat(client.counters().challenges()).isEqualTo(1);
        }
    }

    @Test
    void concurrentRequestsMatchTheirResponses() throws Exception {
        try (ScriptedRadiusServer server = new ScriptedRadiusServer(SECRET);
                RadiusClient client = RadiusClient.start(config(Duration.ofMinutes(1),
                        serverConfig(server, LONG_TIMEOUT, 1)))) {
            List<CompletableFuture<RadiusAnswer>> results = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                results.add(client.send(eapRequest("user-" + i)).toCompletableFuture());
            }
            List<ScriptedRadiusServer.Received> requests = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                requests.add(server.receive());
            }

            Set<Integer> identifiers = new HashSet<>();
            for (int i = requests.size() - 1; i >= 0; i--) {
                ScriptedRadiusServer.Received request = requests.get(i);
                identifiers.add(request.packet().identifier());
                byte[] userName = request.packet().first(RadiusAttributeType.USER_NAME).orElseThrow();
                server.respond(request, RadiusCode.ACCESS_ACCEPT,
                        List.of(new RadiusAttribute(RadiusAttributeType.CLASS, userName)));
            }

            assertThat(identifiers).hasSize(5);
            for (int i = 0; i < 5; i++) {
                RadiusAnswer answer = results.get(i).get(5, TimeUnit.SECONDS);
                assertThat(answer.packet().first(RadiusAttributeType.CLASS))
                        .hasValue(("user-" + i).getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void request257WaitsForFreeIdentifier() throws Exception {
        try (ScriptedRadiusServer server = new ScriptedRadiusServer(SECRET);
                RadiusClient client = RadiusClient.start(config(Duration.ofMinutes(1),
                        serverConfig(server, LONG_TIMEOUT, 1)))) {
            for (int i = 0; i < 257; i++) {
                client.send(eapRequest("user-" + i));
            }
            Set<Integer> identifiers = new HashSet<>();
            ScriptedRadiusServer.Received first = null;
            for (int i = 0; i < 256; i++) {
                ScriptedRadiusServer.Received request = server.receive();
                identifiers.add(request.packet().identifier());
                first = first == null ? request : first;
            }

            assertThat(identifiers).hasSize(256);
            assertThat(server.receive(Duration.ofMillis(300))).isEmpty();

            server.respond(first, RadiusCode.ACCESS_REJECT, List.of());
            ScriptedRadiusServer.Received last = server.receive();

            assertThat(last.packet().identifier()).isEqualTo(first.packet().identifier());
            assertThat(last.packet().first(RadiusAttributeType.USER_NAME))
                    .hasValue("user-256".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void deadServerIsSkippedUntilDeadTimeEnds() throws Exception {
        try (ScriptedRadiusServer primary = new ScriptedRadiusServer(SECRET);
                ScriptedRadiusServer backup = new ScriptedRadiusServer(SECRET);
                RadiusClient client = RadiusClient.start(config(Duration.ofMillis(800),
                        serverConfig(primary, Duration.ofMillis(150), 1),
                        serverConfig(backup, LONG_TIMEOUT, 1)))) {
            CompletableFuture<RadiusAnswer> first = client.send(eapRequest("alice")).toCompletableFuture();
            primary.receive();
            backup.respond(backup.receive(), RadiusCode.ACCESS_CHALLENGE, List.of());

            assertThat(first.get(5, TimeUnit.SECONDS).code()).isEqualTo(RadiusCode.ACCESS_CHALLENGE);
            assertThat(client.counters().timeouts()).isEqualTo(1);
            assertThat(client.counters().failovers()).isEqualTo(1);

            CompletableFuture<RadiusAnswer> second = client.send(eapRequest("alice")).toCompletableFuture();
            backup.respond(backup.receive(), RadiusCode.ACCESS_CHALLENGE, List.of());

            assertThat(second.get(5, TimeUnit.SECONDS).code()).isEqualTo(RadiusCode.ACCESS_CHALLENGE);
            assertThat(primary.receive(Duration.ofMillis(100))).isEmpty();

            Thread.sleep(900);
            CompletableFuture<RadiusAnswer> third = client.send(eapRequest("alice")).toCompletableFuture();
            primary.respond(primary.receive(), RadiusCode.ACCESS_ACCEPT, List.of());

            assertThat(third.get(5, TimeUnit.SECONDS).code()).isEqualTo(RadiusCode.ACCESS_ACCEPT);
            assertThat(client.counters().timeouts()).isEqualTo(1);
            assertThat(client.counters().failovers()).isEqualTo(1);
        }
    }

    @Test
    void silentServersFailWithTimeout() throws Exception {
        try (ScriptedRadiusServer server = new ScriptedRadiusServer(SECRET);
                RadiusClient client = RadiusClient.start(config(Duration.ofMinutes(1),
                        serverConfig(server, Duration.ofMillis(100), 2)))) {
            CompletableFuture<RadiusAnswer> result = client.send(eapRequest("alice")).toCompletableFuture();

            assertThatThrownBy(() -> result.get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(RadiusTimeoutException.class)
                    .hasMessage("no RADIUS server responded; tried " + server.address());
            assertThat(client.counters().timeouts()).isEqualTo(2);
            assertThat(client.counters().failedRequests()).isEqualTo(1);
        }
    }

    @Test
    void oversizedRequestFailsAlone() throws Exception {
        byte[] eapMessage = new byte[4100];
        eapMessage[0] = 2;
        eapMessage[2] = (byte) (eapMessage.length >>> 8);
        eapMessage[3] = (byte) eapMessage.length;

        try (ScriptedRadiusServer server = new ScriptedRadiusServer(SECRET);
                RadiusClient client = RadiusClient.start(config(Duration.ofMinutes(1),
                        serverConfig(server, LONG_TIMEOUT, 1)))) {
            CompletableFuture<RadiusAnswer> oversized = client.send(
                    AccessRequest.builder().eapMessage(eapMessage).build()).toCompletableFuture();

            assertThatThrownBy(() -> oversized.get(5, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("RADIUS packet of 4172 octets exceeds the maximum of 4096");

            CompletableFuture<RadiusAnswer> next = client.send(eapRequest("alice")).toCompletableFuture();
            server.respond(server.receive(), RadiusCode.ACCESS_REJECT, List.of());

            assertThat(next.get(5, TimeUnit.SECONDS).code()).isEqualTo(RadiusCode.ACCESS_REJECT);
        }
    }

    @Test
    void closeFailsWaitingRequests() throws Exception {
        try (ScriptedRadiusServer server = new ScriptedRadiusServer(SECRET)) {
            RadiusClient client = RadiusClient.start(config(Duration.ofMinutes(1),
                    serverConfig(server, LONG_TIMEOUT, 1)));
            CompletableFuture<RadiusAnswer> result = client.send(eapRequest("alice")).toCompletableFuture();
            server.receive();

            client.close();

            assertThatThrownBy(() -> result.get(5, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("the RADIUS client is closed");
            assertThat(client.send(eapRequest("alice")).toCompletableFuture().isCompletedExceptionally()).isTrue();
        }
    }

    private static AccessRequest eapRequest(String userName) {
        return AccessRequest.builder().userName(userName).eapMessage(EAP_IDENTITY).build();
    }

    private static RadiusServerConfig serverConfig(ScriptedRadiusServer server, Duration timeout, int tries) {
        return new RadiusServerConfig(server.address(), SECRET, timeout, tries);
    }

    private static RadiusClientConfig config(Duration deadTime, RadiusServerConfig... servers) {
        return new RadiusClientConfig(List.of(servers), deadTime);
    }
}
