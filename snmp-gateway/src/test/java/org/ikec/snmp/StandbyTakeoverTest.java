package org.ikec.snmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.ikec.cluster.SaDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.typesafe.config.ConfigFactory;

/**
 * Runs four cluster members in one JVM: two concentrator-role members whose SA directories hold
 * two IKE SAs each, and two gateway-role members configured with the same SNMP address. The older
 * gateway serves every row to net-snmp's snmpbulkwalk. When it leaves the cluster, the standby
 * binds the same address and serves the same rows. Artery binds 127.0.0.1 only.
 */
class StandbyTakeoverTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    /** How long the standby may take to serve after the active gateway left. */
    private static final Duration TAKEOVER_LIMIT = Duration.ofSeconds(15);
    private static final String IKE_TABLE = ".1.3.6.1.4.1.2636.3.22.1.2.1";
    private static final String IKE_ENTRY = IKE_TABLE + ".1";
    /** jnxIkeTunMonActiveTime, computed at read time, so it differs between two walks. */
    private static final String ACTIVE_TIME_COLUMN = IKE_ENTRY + ".21.";
    private static final String SS_A = "4.115.115.45.97";
    private static final String SS_B = "4.115.115.45.98";

    private final List<ActorTestKit> members = new ArrayList<>();
    private final List<SnmpGateway> gateways = new ArrayList<>();

    @AfterEach
    void stopMembers() throws Exception {
        for (SnmpGateway gateway : gateways) {
            gateway.close();
        }
        for (int index = members.size() - 1; index >= 0; index--) {
            members.get(index).shutdownTestKit();
        }
    }

    @Test
    void standbyServesSameRowsAfterActiveLeaves() throws Exception {
        NetSnmp.requireTools();
        int port = freeUdpPort();
        AgentSettings agent = new AgentSettings("127.0.0.1", port, "public", List.of());

        ActorSystem<Void> concentratorA = startMember("concentrator", null);
        ActorSystem<Void> concentratorB = startMember("concentrator", concentratorA);
        ActorSystem<Void> activeGateway = startMember(SnmpGateway.ROLE, concentratorA);
        awaitUp(activeGateway);
        ActorSystem<Void> standbyGateway = startMember(SnmpGateway.ROLE, concentratorA);
        startGateway(activeGateway, agent, "gateway-1");
        startGateway(standbyGateway, agent, "gateway-2");

        ActorRef<SaDirectory.Command> directoryA = startDirectory(concentratorA);
        ActorRef<SaDirectory.Command> directoryB = startDirectory(concentratorB);
        directoryA.tell(new SaDirectory.SaUpdated(TestSas.sa("00000000000000a1", "ss-a", "192.0.2.21:500", 21)));
        directoryA.tell(new SaDirectory.SaUpdated(TestSas.sa("00000000000000a2", "ss-b", "192.0.2.22:4500", 22)));
        directoryB.tell(new SaDirectory.SaUpdated(TestSas.sa("00000000000000b1", "ss-a", "198.51.100.31:500", 31)));
        directoryB.tell(new SaDirectory.SaUpdated(TestSas.sa("00000000000000b2", "ss-b", "203.0.113.32:500", 32)));

        List<String> expectedRoles = List.of(
                IKE_ENTRY + ".2." + SS_A + ".1.4.192.0.2.21.21 = INTEGER: 2",
                IKE_ENTRY + ".2." + SS_A + ".1.4.198.51.100.31.31 = INTEGER: 2",
                IKE_ENTRY + ".2." + SS_B + ".1.4.192.0.2.22.22 = INTEGER: 2",
                IKE_ENTRY + ".2." + SS_B + ".1.4.203.0.113.32.32 = INTEGER: 2");
        List<String> before = awaitWalk(port, expectedRoles, TIMEOUT);
        assertThat(before).hasSize(4 * 24);
        assertThat(gateways.get(0).bound()).isTrue();
        assertThat(gateways.get(1).bound()).isFalse();
        awaitRows(gateways.get(1), 4);

        // The active gateway leaves gracefully, as on SIGTERM, so the singleton moves to the standby.
        long left = System.nanoTime();
        ActorTestKit.shutdown(activeGateway, TIMEOUT);
        List<String> after = awaitWalk(port, expectedRoles, TAKEOVER_LIMIT);
        Duration takeover = Duration.ofNanos(System.nanoTime() - left);

        assertThat(gateways.get(1).bound()).isTrue();
        assertThat(withoutActiveTime(after)).containsExactlyElementsOf(withoutActiveTime(before));
        assertThat(after.stream().filter(line -> line.startsWith(ACTIVE_TIME_COLUMN)).map(NetSnmp::oidOf))
                .containsExactlyElementsOf(before.stream().filter(line -> line.startsWith(ACTIVE_TIME_COLUMN))
                        .map(NetSnmp::oidOf).toList());
        assertThat(takeover).isLessThan(TAKEOVER_LIMIT);
    }

    private ActorSystem<Void> startMember(String role, ActorSystem<Void> seed) {
        ActorTestKit kit = ActorTestKit.create("StandbyTakeoverTest", ConfigFactory.parseString(""
                + "pekko.actor.provider = cluster\n"
                + "pekko.remote.artery.canonical.hostname = 127.0.0.1\n"
                + "pekko.remote.artery.canonical.port = 0\n"
                + "pekko.cluster.roles = [" + role + "]\n"
                + "pekko.cluster.jmx.multi-mbeans-in-same-jvm = on\n"
                + "pekko.loggers = [\"org.apache.pekko.event.slf4j.Slf4jLogger\"]\n"
                + "pekko.loglevel = WARNING\n")
                .withFallback(ConfigFactory.load()));
        members.add(kit);
        ActorSystem<Void> system = kit.system();
        Cluster cluster = Cluster.get(system);
        cluster.manager().tell(Join.create(seed == null ? cluster.selfMember().address()
                : Cluster.get(seed).selfMember().address()));
        return system;
    }

    private void startGateway(ActorSystem<Void> system, AgentSettings agent, String name) {
        SnmpGateway gateway = SnmpGateway.create(agent, name);
        gateways.add(gateway);
        system.systemActorOf(SaFeedFollower.create(gateway), "snmp-feed-follower",
                org.apache.pekko.actor.typed.Props.empty());
        ActiveAgent.init(system, gateway);
    }

    private static ActorRef<SaDirectory.Command> startDirectory(ActorSystem<Void> system) {
        awaitUp(system);
        ActorRef<SaDirectory.Command> directory = system.systemActorOf(SaDirectory.create(), "ike-sa-directory",
                org.apache.pekko.actor.typed.Props.empty());
        system.receptionist().tell(Receptionist.register(SaDirectory.SERVICE_KEY, directory));
        return directory;
    }

    private static void awaitUp(ActorSystem<Void> system) {
        awaitCondition(TIMEOUT, "member " + system.address() + " to be Up",
                () -> Cluster.get(system).selfMember().status() == MemberStatus.up());
    }

    private static void awaitRows(SnmpGateway gateway, int count) {
        awaitCondition(TIMEOUT, "the standby to hold " + count + " SAs", () -> gateway.rows().size() == count);
    }

    /** Walks jnxIkeTunnelTable with -Cr50 until column 2 lists exactly {@code expectedRoles}, and returns that walk. */
    private static List<String> awaitWalk(int port, List<String> expectedRoles, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        NetSnmp.Result walk;
        do {
            walk = NetSnmp.run(List.of("snmpbulkwalk", "-v2c", "-c", "public", "-Cr50", "127.0.0.1:" + port,
                    IKE_TABLE));
            List<String> roles = walk.lines().stream().filter(line -> line.startsWith(IKE_ENTRY + ".2.")).toList();
            if (walk.exitCode() == 0 && roles.equals(expectedRoles)) {
                return walk.lines();
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no walk listed the expected rows within " + limit.toMillis() + " ms; last exit code "
                + walk.exitCode() + ", output " + walk.lines() + ", errors " + walk.errors());
    }

    private static List<String> withoutActiveTime(List<String> lines) {
        return lines.stream().filter(line -> !line.startsWith(ACTIVE_TIME_COLUMN)).toList();
    }

    private static void awaitCondition(Duration limit, String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + limit.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }

    private static int freeUdpPort() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
