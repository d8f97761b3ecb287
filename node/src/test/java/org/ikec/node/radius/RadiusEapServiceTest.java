package org.ikec.node.radius;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.ikec.protocol.config.AuthConfig;
import org.ikec.protocol.config.ConnectionConfig;
import org.ikec.protocol.config.IkeIdentity;
import org.ikec.protocol.config.SecretStore;
import org.ikec.protocol.eap.EapMethod;
import org.ikec.protocol.eap.EapPacket;
import org.ikec.protocol.eap.EapStep;
import org.ikec.protocol.radius.RadiusAttribute;
import org.ikec.protocol.radius.RadiusAttributeType;
import org.ikec.protocol.radius.RadiusCode;
import org.junit.jupiter.api.Test;

/** Replacing the RADIUS servers of a running node, against scripted servers on loopback ports. */
class RadiusEapServiceTest {

    private static final byte[] OLD_SECRET = "old-shared-secret".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NEW_SECRET = "new-shared-secret".getBytes(StandardCharsets.US_ASCII);
    private static final ConnectionConfig REMOTE = new ConnectionConfig("rw", List.of("aes256gcm16-prfsha256-x25519"),
            List.of(), List.of(), 500, new AuthConfig(AuthConfig.PSK, IkeIdentity.parse("gw.ikec.test")),
            new AuthConfig(AuthConfig.EAP_RADIUS, IkeIdentity.parse("%any")), List.of(), Duration.ofHours(4),
            Duration.ofMinutes(10), Duration.ofMinutes(10), Duration.ZERO);
    private static final SecretStore NO_SECRETS = (local, remote) -> Optional.empty();
    private static final InetSocketAddress PEER = new InetSocketAddress("192.0.2.7", 4500);
    private static final int EAP_MD5 = 4;

    @Test
    void replacedServerServesNextConversation() throws Exception {
        try (ScriptedRadiusServer oldServer = new ScriptedRadiusServer(OLD_SECRET);
             ScriptedRadiusServer newServer = new ScriptedRadiusServer(NEW_SECRET);
             RadiusEapService service = RadiusEapService.start(Optional.of(config(oldServer, OLD_SECRET)),
                     "nas-before")) {
            List<EapStep> aliceSteps = new CopyOnWriteArrayList<>();
            EapMethod alice = service.create(REMOTE, NO_SECRETS, PEER, aliceSteps::add);
            alice.start(identity(1, "alice"));
            ScriptedRadiusServer.Received aliceFirst = oldServer.receive();
            oldServer.respond(aliceFirst, RadiusCode.ACCESS_CHALLENGE, List.of(
                    new RadiusAttribute(RadiusAttributeType.EAP_MESSAGE,
                            EapPacket.of(EapPacket.REQUEST, 2, EAP_MD5, new byte[17]).encode()),
                    new RadiusAttribute(RadiusAttributeType.STATE, new byte[] {7})));
            awaitSteps(aliceSteps, 1);

            service.replace(Optional.of(config(newServer, NEW_SECRET)), "nas-after", Duration.ofMinutes(1));
            List<EapStep> bobSteps = new CopyOnWriteArrayList<>();
            EapMethod bob = service.create(REMOTE, NO_SECRETS, PEER, bobSteps::add);
            bob.start(identity(1, "bob"));
            ScriptedRadiusServer.Received bobFirst = newServer.receive();
            newServer.respond(bobFirst, RadiusCode.ACCESS_REJECT, List.of());
            awaitSteps(bobSteps, 1);

            alice.process(EapPacket.of(EapPacket.RESPONSE, 2, EAP_MD5, new byte[17]));
            ScriptedRadiusServer.Received aliceSecond = oldServer.receive();
            Optional<ScriptedRadiusServer.Received> strayOnNewServer = newServer.receive(Duration.ofMillis(200));
            oldServer.respond(aliceSecond, RadiusCode.ACCESS_REJECT, List.of());
            awaitSteps(aliceSteps, 2);

            assertThat(text(aliceFirst, RadiusAttributeType.NAS_IDENTIFIER)).isEqualTo("nas-before");
            assertThat(text(bobFirst, RadiusAttributeType.USER_NAME)).isEqualTo("bob");
            assertThat(text(bobFirst, RadiusAttributeType.NAS_IDENTIFIER)).isEqualTo("nas-after");
            assertThat(bobSteps.get(0)).as("a Reject signed with the new secret was accepted")
                    .isEqualTo(new EapStep.Failure("RADIUS Access-Reject for 'bob'"));
            assertThat(text(aliceSecond, RadiusAttributeType.USER_NAME)).isEqualTo("alice");
            assertThat(text(aliceSecond, RadiusAttributeType.NAS_IDENTIFIER)).isEqualTo("nas-before");
            assertThat(aliceSecond.packet().first(RadiusAttributeType.STATE)).hasValue(new byte[] {7});
            assertThat(strayOnNewServer).isEmpty();
            assertThat(aliceSteps.get(1)).isEqualTo(new EapStep.Failure("RADIUS Access-Reject for 'alice'"));
            assertThat(service.serverCounters()).containsOnlyKeys(newServer.address().getAddress().getHostAddress()
                    + ":" + newServer.address().getPort());
            awaitReplacedClientsClosed(service);
        }
    }

    @Test
    void unfinishedConversationKeepsOldClientUntilDeadline() throws Exception {
        try (ScriptedRadiusServer oldServer = new ScriptedRadiusServer(OLD_SECRET);
             ScriptedRadiusServer newServer = new ScriptedRadiusServer(NEW_SECRET);
             RadiusEapService service = RadiusEapService.start(Optional.of(config(oldServer, OLD_SECRET)), "nas")) {
            EapMethod carol = service.create(REMOTE, NO_SECRETS, PEER, step -> { });
            carol.start(identity(1, "carol"));
            oldServer.receive();

            service.replace(Optional.of(config(newServer, NEW_SECRET)), "nas", Duration.ofSeconds(2));
            Thread.sleep(1_200);
            int openWhileConversationRuns = service.replacedClientsOpen();

            assertThat(openWhileConversationRuns).isEqualTo(1);
            awaitReplacedClientsClosed(service);
        }
    }

    private static RadiusClientConfig config(ScriptedRadiusServer server, byte[] secret) {
        return new RadiusClientConfig(List.of(new RadiusServerConfig(server.address(), secret,
                Duration.ofSeconds(10), 1)), Duration.ofSeconds(30));
    }

    private static EapPacket identity(int identifier, String name) {
        return EapPacket.of(EapPacket.RESPONSE, identifier, EapPacket.TYPE_IDENTITY,
                name.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(ScriptedRadiusServer.Received request, int type) {
        return new String(request.packet().first(type).orElseThrow(), StandardCharsets.UTF_8);
    }

    private static void awaitSteps(List<EapStep> steps, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (steps.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(steps).hasSize(count);
    }

    /** Waits up to 5 s: the service looks for idle replaced clients once a second. */
    private static void awaitReplacedClientsClosed(RadiusEapService service) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (service.replacedClientsOpen() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(service.replacedClientsOpen()).isZero();
    }
}
