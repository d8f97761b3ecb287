package org.ikec.node.radius;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.ikec.protocol.radius.AccessRequest;
import org.ikec.protocol.radius.RadiusAnswer;
import org.ikec.protocol.radius.RadiusCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * EAP-MD5 through a real FreeRADIUS 3.x on 127.0.0.1, started and stopped by this class. The
 * test aborts when FreeRADIUS is missing, and fails instead when CI is true.
 */
class FreeRadiusInteropTest {

    private static final String SECRET = "s3cret-for-loopback";
    private static final String USERS = """
            alice Cleartext-Password := "wonderland"
            \tFramed-IP-Address = 192.0.2.10
            """;
    private static final Duration TIMEOUT = Duration.ofMillis(400);
    private static final long WAIT_SECONDS = 10;

    @TempDir
    static Path configDir;

    private static FreeRadiusProcess server;

    @BeforeAll
    static void startServer() throws Exception {
        server = FreeRadiusProcess.start(configDir, SECRET, USERS);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void eapMd5AcceptCarriesAddressAndMsk() throws Exception {
        try (RadiusClient client = RadiusClient.start(config(serverConfig(server.address())))) {
            // Access-Request { User-Name, NAS-Identifier, Called/Calling-Station-Id, EAP-Message(Response/Identity) }
            // Access-Challenge { EAP-Message(Request/MD5-Challenge), State }
            RadiusAnswer challenge = send(client, identityRequest("alice", 1));

            assertThat(challenge.code()).isEqualTo(RadiusCode.ACCESS_CHALLENGE);
            assertThat(challenge.state()).isPresent();
            byte[] md5Request = challenge.eapMessage().orElseThrow();
            assertThat(md5Request[0]).isEqualTo((byte) EapMd5Peer.CODE_REQUEST);
            assertThat(md5Request[4]).isEqualTo((byte) EapMd5Peer.TYPE_MD5_CHALLENGE);

            // Access-Request { User-Name, NAS-Identifier, State, EAP-Message(Response/MD5-Challenge) }
            // Access-Accept { EAP-Message(Success), Framed-IP-Address, MS-MPPE-Recv-Key, MS-MPPE-Send-Key }
            RadiusAnswer accept = send(client, md5Request("alice", "wonderland", challenge));

            assertThat(accept.code()).as(server.output()).isEqualTo(RadiusCode.ACCESS_ACCEPT);
            byte[] success = accept.eapMessage().orElseThrow();
            assertThat(success).containsExactly(EapMd5Peer.CODE_SUCCESS, md5Request[1], 0, 4);
            assertThat(accept.framedIpAddress()).hasValue((Inet4Address) InetAddress.getByName("192.0.2.10"));
            HexFormat hex = HexFormat.of();
            assertThat(hex.formatHex(accept.msk().orElseThrow())).isEqualTo(
                    hex.formatHex(FreeRadiusProcess.RECV_KEY) + hex.formatHex(FreeRadiusProcess.SEND_KEY));
            assertThat(client.counters().challenges()).isEqualTo(1);
            assertThat(client.counters().accepts()).isEqualTo(1);
            assertThat(client.counters().badAuthenticators()).isZero();
        }
    }

    @Test
    void eapMd5WrongPasswordEndsInReject() throws Exception {
        try (RadiusClient client = RadiusClient.start(config(serverConfig(server.address())))) {
            // Access-Request { EAP-Message(Response/Identity) } -> Access-Challenge
            RadiusAnswer challenge = send(client, identityRequest("alice", 7));
            byte[] md5Request = challenge.eapMessage().orElseThrow();

            // Access-Request { State, EAP-Message(Response/MD5-Challenge, wrong password) }
            // Access-Reject { EAP-Message(Failure) }
            RadiusAnswer reject = send(client, md5Request("alice", "not-the-password", challenge));

            assertThat(reject.code()).as(server.output()).isEqualTo(RadiusCode.ACCESS_REJECT);
            assertThat(reject.eapMessage().orElseThrow())
                    .containsExactly(EapMd5Peer.CODE_FAILURE, md5Request[1], 0, 4);
            assertThat(reject.framedIpAddress()).isEmpty();
            assertThat(client.counters().rejects()).isEqualTo(1);
            assertThat(client.counters().accepts()).isZero();
        }
    }

    @Test
    void silentFirstServerFailsOverToFreeRadius() throws Exception {
        InetSocketAddress silent = new InetSocketAddress(InetAddress.getLoopbackAddress(),
                FreeRadiusProcess.freeLoopbackPort());
        RadiusClientConfig config = config(serverConfig(silent), serverConfig(server.address()));

        try (RadiusClient client = RadiusClient.start(config)) {
            // Access-Request to the silent port, retransmitted once, then to FreeRADIUS -> Access-Challenge
            RadiusAnswer challenge = send(client, identityRequest("alice", 3));

            assertThat(challenge.code()).isEqualTo(RadiusCode.ACCESS_CHALLENGE);
            assertThat(client.counters().timeouts()).isEqualTo(2);
            assertThat(client.counters().retransmissions()).isEqualTo(1);
            assertThat(client.counters().failovers()).isEqualTo(1);

            // The first server is dead for a minute, so the next request goes straight to FreeRADIUS.
            RadiusAnswer accept = send(client, md5Request("alice", "wonderland", challenge));

            assertThat(accept.code()).isEqualTo(RadiusCode.ACCESS_ACCEPT);
            assertThat(client.counters().timeouts()).isEqualTo(2);
            assertThat(client.counters().failovers()).isEqualTo(1);
            assertThat(client.counters().requests()).isEqualTo(2);
        }
    }

    private static RadiusServerConfig serverConfig(InetSocketAddress address) {
        return new RadiusServerConfig(address, SECRET.getBytes(StandardCharsets.UTF_8), TIMEOUT, 2);
    }

    private static RadiusClientConfig config(RadiusServerConfig... servers) {
        return new RadiusClientConfig(List.of(servers), Duration.ofMinutes(1));
    }

    private static AccessRequest identityRequest(String identity, int eapIdentifier) {
        return AccessRequest.builder()
                .userName(identity)
                .nasIdentifier("ikec-test")
                .calledStationId("198.51.100.1[4500]")
                .callingStationId("203.0.113.5[4500]")
                .eapMessage(EapMd5Peer.identityResponse(eapIdentifier, identity))
                .build();
    }

    private static AccessRequest md5Request(String identity, String password, RadiusAnswer challenge)
            throws Exception {
        return AccessRequest.builder()
                .userName(identity)
                .nasIdentifier("ikec-test")
                .state(challenge.state().orElseThrow())
                .eapMessage(EapMd5Peer.md5ChallengeResponse(challenge.eapMessage().orElseThrow(), password))
                .build();
    }

    private static RadiusAnswer send(RadiusClient client, AccessRequest request) throws Exception {
        return client.send(request).toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
}
