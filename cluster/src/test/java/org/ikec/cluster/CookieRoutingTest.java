package org.ikec.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.ikec.cluster.IkeCluster.RouteResult;
import org.ikec.protocol.config.AuthConfig;
import org.ikec.protocol.config.ChildConfig;
import org.ikec.protocol.config.ConnectionConfig;
import org.ikec.protocol.config.IkeIdentity;
import org.ikec.protocol.config.IkeSettings;
import org.ikec.protocol.config.TrafficSelectorSpec;
import org.ikec.protocol.ike.ChildSa;
import org.ikec.protocol.ike.Cookies;
import org.ikec.protocol.ike.HandshakeFailure;
import org.ikec.protocol.ike.IkeEvents;
import org.ikec.protocol.ike.IkeSa;
import org.ikec.protocol.ike.IkeSaInitiator;
import org.ikec.protocol.ike.IkeSaListener;
import org.ikec.protocol.ike.SpiSource;
import org.ikec.protocol.wire.ExchangeType;
import org.ikec.protocol.wire.IkeCodec;
import org.ikec.protocol.wire.IkeHeader;
import org.ikec.protocol.wire.IkeMessage;
import org.ikec.protocol.wire.Nonce;
import org.ikec.protocol.wire.Notify;
import org.ikec.protocol.wire.NotifyType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cookie check in {@link IkeCluster#route} on a one-node cluster whose cookie threshold is 0,
 * so every new IKE_SA_INIT request must carry a valid cookie.
 */
class CookieRoutingTest {

    private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 50500);
    private static final InetSocketAddress NODE = new InetSocketAddress("127.0.0.2", 500);
    private static final byte[] CLUSTER_SECRET = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
    private static final String PROPOSAL = "aes256gcm16-prfsha256-x25519";
    private static final long SPI_I = 0x0123_4567_89ab_cdefL;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static ActorTestKit testKit;
    private static IkeCluster cluster;
    /** Handshake events of the node's responders, in the order reported. */
    private static final Queue<String> events = new ConcurrentLinkedQueue<>();

    @BeforeAll
    static void startCluster() {
        testKit = ActorTestKit.create("cookie-routing", ConfigFactory.parseString("""
                pekko.actor.provider = cluster
                pekko.remote.artery.canonical.hostname = 127.0.0.1
                pekko.remote.artery.canonical.port = 0
                pekko.cluster.jmx.enabled = off
                pekko.coordinated-shutdown.exit-jvm = off
                """).withFallback(ConfigFactory.load()));
        ConnectionConfig responder = connection("rw", "gw.ikec.test", "%any");
        IkeSettings settings = settings(responder, 0);
        IkeEvents recorder = new IkeEvents() {
            @Override
            public void handshakeStarted(Role role) {
                events.add("started " + role.tag());
            }

            @Override
            public void handshakeCompleted(Role role) {
                events.add("completed " + role.tag());
            }

            @Override
            public void handshakeFailed(Role role, HandshakeFailure reason) {
                events.add("failed " + role.tag() + " " + reason.tag());
            }
        };
        cluster = IkeCluster.start(testKit.system(), settings, new NoDataPlane(), CLUSTER_SECRET, recorder, false);
    }

    @AfterAll
    static void stopCluster() {
        testKit.shutdownTestKit();
    }

    @Test
    void cookieIsRequiredBeforeAnyEntity() throws Exception {
        TestProbe<OutboundDatagram> egress = testKit.createTestProbe(OutboundDatagram.class);
        Outbox initiatorOutbox = new Outbox();
        ConnectionConfig site = connection("site", "client1@ikec.test", "gw.ikec.test");
        IkeSaInitiator initiator = new IkeSaInitiator(settings(site, 1000), site, null, initiatorOutbox,
                new FixedSpis(), SPI_I, PEER, NODE, 4500);

        // HDR(SPIr=0), SAi1, KEi, Ni, N(NAT_DETECTION_*)  -->
        //                      <--  HDR(SPIr=0), N(COOKIE)
        initiator.start(System.currentTimeMillis());
        byte[] first = initiatorOutbox.sent.poll();
        long now = System.currentTimeMillis();
        assertThat(cluster.route(first, PEER, NODE, egress.ref())).isEqualTo(RouteResult.COOKIE_REQUIRED);

        OutboundDatagram challenge = egress.receiveMessage(TIMEOUT);
        IkeMessage answer = decode(challenge.datagram());
        byte[] nonceI = decode(first).first(Nonce.class).orElseThrow().data();
        Notify cookie = answer.notify(NotifyType.COOKIE).orElseThrow();
        assertThat(challenge.remote()).isEqualTo(PEER);
        assertThat(challenge.local()).isEqualTo(NODE);
        assertThat(answer.header()).isEqualTo(new IkeHeader(SPI_I, 0, 41, 2, 0, ExchangeType.IKE_SA_INIT,
                IkeHeader.FLAG_RESPONSE, 0, 56));
        assertThat(answer.payloads()).hasSize(1);
        assertThat(new Cookies(CLUSTER_SECRET).isValid(cookie.data(), nonceI, PEER.getAddress(), SPI_I, now))
                .isTrue();
        assertThat(cluster.halfOpenCount()).isZero();
        assertThat(entityIds()).isEmpty();

        // HDR(SPIr=0), N(COOKIE), SAi1, KEi, Ni, N(NAT_DETECTION_*)  -->
        //                      <--  HDR, SAr1, KEr, Nr, N(NAT_DETECTION_*), N(CHILDLESS_IKEV2_SUPPORTED)
        initiator.receive(challenge.datagram(), answer.header(), NODE, PEER, System.currentTimeMillis());
        byte[] retry = initiatorOutbox.sent.poll();
        assertThat(decode(retry).payloads().get(0)).isEqualTo(cookie);
        assertThat(cluster.route(retry, PEER, NODE, egress.ref())).isEqualTo(RouteResult.ROUTED);

        OutboundDatagram initResponse = egress.receiveMessage(TIMEOUT);
        IkeHeader initHeader = decode(initResponse.datagram()).header();
        assertThat(initHeader.spiR()).isEqualTo(cluster.routing().responderSpi(SPI_I, PEER));
        assertThat(decode(initResponse.datagram()).notify(NotifyType.COOKIE)).isEmpty();
        assertThat(entityIds()).containsExactly(SpiRouting.entityId(initHeader.spiR()));
        egress.awaitAssert(TIMEOUT, () -> {
            assertThat(cluster.halfOpenCount()).isEqualTo(1);
            return null;
        });

        // HDR, SK {IDi, N(INITIAL_CONTACT), IDr, AUTH}  -->
        //                      <--  HDR, SK {IDr, AUTH}
        initiator.receive(initResponse.datagram(), initHeader, NODE, PEER, System.currentTimeMillis());
        byte[] auth = initiatorOutbox.sent.poll();
        assertThat(cluster.route(auth, PEER, NODE, egress.ref())).isEqualTo(RouteResult.ROUTED);
        OutboundDatagram authResponse = egress.receiveMessage(TIMEOUT);
        initiator.receive(authResponse.datagram(), decode(authResponse.datagram()).header(), NODE, PEER,
                System.currentTimeMillis());

        assertThat(initiator.result().map(IkeSa::state)).contains(IkeSa.State.ESTABLISHED);
        egress.awaitAssert(TIMEOUT, () -> {
            assertThat(cluster.halfOpenCount()).isZero();
            return null;
        });
        egress.awaitAssert(TIMEOUT, () -> {
            assertThat(events).containsExactly("started responder", "failed responder cookie_required",
                    "started responder", "completed responder");
            return null;
        });
    }

    @Test
    void invalidRequestIsDroppedUnanswered() throws Exception {
        TestProbe<OutboundDatagram> egress = testKit.createTestProbe(OutboundDatagram.class);
        IkeHeader header = new IkeHeader(0x7777_0000_0000_0001L, 0, 0, 2, 0, ExchangeType.IKE_SA_INIT,
                IkeHeader.FLAG_INITIATOR, 0, 0);
        byte[] empty = IkeCodec.encode(new IkeMessage(header, List.of()));
        byte[] truncated = java.util.Arrays.copyOf(first(), 60);
        java.nio.ByteBuffer.wrap(truncated).putInt(24, 60);

        // HDR(SPIr=0)  -->  nothing, because a cookie is made from Ni
        // HDR(SPIr=0, length 60), SAi1 cut short  -->  nothing, because the payloads do not decode
        assertThat(cluster.route(empty, PEER, NODE, egress.ref())).isEqualTo(RouteResult.COOKIE_REQUIRED);
        assertThat(cluster.route(truncated, PEER, NODE, egress.ref())).isEqualTo(RouteResult.COOKIE_REQUIRED);

        egress.expectNoMessage(Duration.ofMillis(300));
        assertThat(entityIds()).doesNotContain(
                SpiRouting.entityId(cluster.routing().responderSpi(0x7777_0000_0000_0001L, PEER)),
                SpiRouting.entityId(cluster.routing().responderSpi(0x7777_0000_0000_0002L, PEER)));
    }

    /** Returns a first IKE_SA_INIT request, as a new initiator sends it. */
    private static byte[] first() {
        Outbox outbox = new Outbox();
        ConnectionConfig site = connection("site", "client1@ikec.test", "gw.ikec.test");
        new IkeSaInitiator(settings(site, 1000), site, null, outbox, new FixedSpis(), 0x7777_0000_0000_0002L,
                PEER, NODE, 4500).start(System.currentTimeMillis());
        return outbox.sent.poll();
    }

    private static Set<String> entityIds() throws Exception {
        TestProbe<ShardRegion.CurrentShardRegionState> probe =
                testKit.createTestProbe(ShardRegion.CurrentShardRegionState.class);
        ClusterSharding.get(testKit.system()).shardState()
                .tell(new GetShardRegionState(IkeSaEntity.TYPE_KEY, probe.ref()));
        ShardRegion.CurrentShardRegionState state = probe.receiveMessage(TIMEOUT);
        return state.getShards().stream().flatMap(shard -> shard.getEntityIds().stream())
                .collect(java.util.stream.Collectors.toSet());
    }

    private static ConnectionConfig connection(String name, String localId, String remoteId) {
        return new ConnectionConfig(name, List.of(PROPOSAL), List.of(), List.of(), 500,
                new AuthConfig(AuthConfig.PSK, IkeIdentity.parse(localId)),
                new AuthConfig(AuthConfig.PSK, IkeIdentity.parse(remoteId)), List.<ChildConfig>of(),
                Duration.ofHours(4), Duration.ofMinutes(10), Duration.ofMinutes(10), Duration.ZERO);
    }

    private static IkeSettings settings(ConnectionConfig connection, int cookieThreshold) {
        return new IkeSettings(List.of(connection),
                (local, remote) -> Optional.of("ikec-test-psk".getBytes(StandardCharsets.UTF_8)),
                cookieThreshold, Duration.ofSeconds(2), 1.8, 3, Duration.ofSeconds(30));
    }

    private static IkeMessage decode(byte[] datagram) throws Exception {
        return IkeCodec.decode(datagram, 0, datagram.length);
    }

    /** The datagrams the test initiator sent, in order. */
    private static final class Outbox implements IkeSaListener {
        final Deque<byte[]> sent = new ArrayDeque<>();

        @Override
        public void send(byte[] datagram, InetSocketAddress local, InetSocketAddress remote) {
            sent.add(datagram);
        }

        @Override
        public void established(IkeSa sa) {
        }

        @Override
        public void childSaInstalled(IkeSa sa, ChildSa child) {
        }

        @Override
        public void childSaRemoved(IkeSa sa, ChildSa child) {
        }

        @Override
        public void rekeyed(IkeSa predecessor, IkeSa successor) {
        }

        @Override
        public void closed(IkeSa sa, String reason) {
        }
    }

    private static final class FixedSpis implements SpiSource {
        @Override
        public long newIkeSpi(long predecessorSpi) {
            return predecessorSpi + 1;
        }

        @Override
        public int newChildSpi() {
            return 0x1000;
        }
    }

    private static final class NoDataPlane implements DataPlane {
        @Override
        public void install(ChildSaInstallation installation) {
        }

        @Override
        public void remove(String ikeSaId, int inboundSpi) {
        }
    }
}
