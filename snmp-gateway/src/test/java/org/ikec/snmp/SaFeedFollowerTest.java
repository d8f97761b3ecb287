package org.ikec.snmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.ikec.cluster.ChildSaInstallation;
import org.ikec.cluster.DataPlane;
import org.ikec.cluster.IkeCluster;
import org.ikec.cluster.OutboundDatagram;
import org.ikec.cluster.SaDirectory;
import org.ikec.cluster.SaFeed;
import org.ikec.cluster.SaSnapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.snmp4j.smi.OID;

import com.typesafe.config.ConfigFactory;

/**
 * Follows a one-node cluster's SA feed. IKE SAs established through the node appear as rows with
 * their index values and disappear when terminated. A gap in a node's sequence makes the gateway
 * replace that node's rows with its full list. Artery binds 127.0.0.1 only.
 */
class SaFeedFollowerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static ActorTestKit testKit;
    private static IkeCluster cluster;
    private static SnmpGateway gateway;

    @BeforeAll
    static void startNodeAndGateway() throws Exception {
        testKit = ActorTestKit.create("SaFeedFollowerTest", ConfigFactory.parseString(""
                + "pekko.actor.provider = cluster\n"
                + "pekko.remote.artery.canonical.hostname = 127.0.0.1\n"
                + "pekko.remote.artery.canonical.port = 0\n"
                + "pekko.cluster.jmx.multi-mbeans-in-same-jvm = on\n"
                + "pekko.loggers = [\"org.apache.pekko.event.slf4j.Slf4jLogger\"]\n"
                + "pekko.loglevel = WARNING\n")
                .withFallback(ConfigFactory.load()));
        cluster = IkeCluster.start(testKit.system(), HandshakeClient.nodeSettings(), new IgnoringDataPlane(),
                "snmp-feed-test-cluster-secret".getBytes(StandardCharsets.US_ASCII));
        testKit.createTestProbe().awaitAssert(TIMEOUT, () -> {
            assertThat(Cluster.get(testKit.system()).selfMember().status()).isEqualTo(MemberStatus.up());
            return null;
        });
        gateway = SnmpGateway.start(new AgentSettings("127.0.0.1", 0, "public", List.of()), "feed-test");
        testKit.spawn(SaFeedFollower.create(gateway), "snmp-feed-follower");
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (testKit != null) {
            testKit.shutdownTestKit();
        }
    }

    @Test
    void establishedSasAppearAndTerminatedOnesDisappear() throws Exception {
        TestProbe<OutboundDatagram> egress = testKit.createTestProbe(OutboundDatagram.class);
        HandshakeClient first = new HandshakeClient(cluster, egress, 0x1111_2222_3333_4444L,
                new InetSocketAddress("203.0.113.10", 500));
        HandshakeClient second = new HandshakeClient(cluster, testKit.createTestProbe(OutboundDatagram.class),
                0x5555_6666_7777_8888L, new InetSocketAddress("203.0.113.9", 4500));
        first.establish();
        second.establish();

        List<SaSnapshot> listed = awaitTunnelIndexes(2);
        MibTable ikeTunnels = gateway.rows().tables().get(0);
        testKit.createTestProbe().awaitAssert(TIMEOUT, () -> {
            assertThat(rwRows(ikeTunnels)).containsExactly(
                    index(listed, second.saId(), "203.0.113.9"), index(listed, first.saId(), "203.0.113.10"));
            return null;
        });
        OID firstIndex = index(listed, first.saId(), "203.0.113.10");
        assertThat(firstIndex.toString()).startsWith("2.114.119.1.4.203.0.113.10.");
        assertThat(ikeTunnels.get(new OID(JnxIpSecMib.IKE_TUNNEL_ENTRY).append(2).append(firstIndex)).toInt())
                .isEqualTo(2);
        assertThat(rwRows(gateway.rows().tables().get(2))).hasSize(2);

        assertThat(cluster.terminate(first.saId(), TIMEOUT).toCompletableFuture().join()).isTrue();
        first.answerDelete();

        testKit.createTestProbe().awaitAssert(TIMEOUT, () -> {
            assertThat(rwRows(ikeTunnels)).containsExactly(index(listed, second.saId(), "203.0.113.9"));
            assertThat(rwRows(gateway.rows().tables().get(2))).hasSize(1);
            return null;
        });
    }

    @Test
    void sequenceGapReplacesNodeRowsWithFullList() {
        TestProbe<SaDirectory.Command> directory = testKit.createTestProbe(SaDirectory.Command.class);
        ActorRef<Topic.Command<SaFeed.Event>> feed = testKit.spawn(SaFeed.topic());
        SaSnapshot missed = TestSas.sa("00000000000000a1", "ss-gap", "192.0.2.77:500", 77);
        SaSnapshot announced = TestSas.sa("00000000000000a2", "ss-gap", "192.0.2.78:500", 78);

        testKit.createTestProbe().awaitAssert(TIMEOUT, () -> {
            feed.tell(Topic.publish(new SaFeed.SaChanged("ghost:1", 42, 5, directory.ref(), announced)));
            SaDirectory.ListSas ask = (SaDirectory.ListSas) directory.receiveMessage(Duration.ofMillis(500));
            // The list is as of sequence 4; the held event 5 is applied after it.
            ask.replyTo().tell(new SaDirectory.SaList(List.of(missed), "ghost:1", 42, 4));
            return null;
        });

        testKit.createTestProbe().awaitAssert(TIMEOUT, () -> {
            assertThat(gateway.rows().tables().get(0).rows().keySet()).contains(
                    IndexEncoding.tunnel("ss-gap", InetAddress.getByName("192.0.2.77"), 77),
                    IndexEncoding.tunnel("ss-gap", InetAddress.getByName("192.0.2.78"), 78));
            return null;
        });
    }

    @Test
    void positionAheadRequestsFullList() {
        TestProbe<SaDirectory.Command> directory = testKit.createTestProbe(SaDirectory.Command.class);
        ActorRef<Topic.Command<SaFeed.Event>> feed = testKit.spawn(SaFeed.topic());
        SaSnapshot missed = TestSas.sa("00000000000000b1", "ss-tail", "192.0.2.81:500", 81);

        // The changes were published before this gateway subscribed; only the position reaches it.
        testKit.createTestProbe().awaitAssert(TIMEOUT, () -> {
            feed.tell(Topic.publish(new SaFeed.Position("quiet:1", 7, 3, directory.ref())));
            SaDirectory.ListSas ask = (SaDirectory.ListSas) directory.receiveMessage(Duration.ofMillis(500));
            ask.replyTo().tell(new SaDirectory.SaList(List.of(missed), "quiet:1", 7, 3));
            return null;
        });

        testKit.createTestProbe().awaitAssert(TIMEOUT, () -> {
            assertThat(gateway.rows().tables().get(0).rows().keySet()).contains(
                    IndexEncoding.tunnel("ss-tail", InetAddress.getByName("192.0.2.81"), 81));
            return null;
        });

        // A position equal to the gateway's requests nothing.
        feed.tell(Topic.publish(new SaFeed.Position("quiet:1", 7, 3, directory.ref())));
        directory.expectNoMessage(Duration.ofSeconds(1));
    }

    /** Returns the row indexes of service set "rw" (length 2, then 'r' 'w'), leaving out other tests' rows. */
    private static List<OID> rwRows(MibTable table) {
        OID rw = new OID("2.114.119");
        return table.rows().keySet().stream().filter(index -> index.startsWith(rw)).toList();
    }

    private static List<SaSnapshot> awaitTunnelIndexes(int count) {
        return testKit.createTestProbe().awaitAssert(TIMEOUT, () -> {
            List<SaSnapshot> sas = cluster.listSas(TIMEOUT).toCompletableFuture().join();
            assertThat(sas).hasSize(count).allMatch(sa -> sa.tunnelIndex() != null);
            return sas;
        });
    }

    private static OID index(List<SaSnapshot> sas, String id, String remote) throws Exception {
        SaSnapshot sa = sas.stream().filter(each -> each.id().equals(id)).findFirst().orElseThrow();
        return IndexEncoding.tunnel(HandshakeClient.CONNECTION, InetAddress.getByName(remote), sa.tunnelIndex());
    }

    /** A data plane that installs nothing. */
    private static final class IgnoringDataPlane implements DataPlane {

        @Override
        public void install(ChildSaInstallation installation) {
        }

        @Override
        public void remove(String ikeSaId, int inboundSpi) {
        }
    }
}
