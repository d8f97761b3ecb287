package org.ikec.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.apache.pekko.serialization.jackson.JacksonCborSerializer;
import org.ikec.protocol.ike.IkeTraffic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The entity's commands travel between nodes whenever the shard that hosts an IKE SA is not on the
 * node that received the datagram, so they must survive Jackson CBOR. The actor system serializes
 * every message it delivers here ({@code pekko.actor.serialize-messages = on}).
 */
class EntityMessageSerializationTest {

    private static final byte[] DATAGRAM = HexFormat.of().parseHex(
            "1111222233334444" + "aaaabbbbccccdddd" + "2e202508" + "00000002" + "0000001c");
    private static final InetSocketAddress PEER = new InetSocketAddress("203.0.113.70", 4500);

    private static OneNodeCluster node;

    @BeforeAll
    static void startNode() {
        node = OneNodeCluster.start("EntityMessageSerializationTest", "pekko.actor.serialize-messages = on");
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    private static Serialization serialization() {
        return SerializationExtension.get(Adapter.toClassic(node.testKit.system()));
    }

    private static Object roundTrip(Object message) {
        Serialization serialization = serialization();
        byte[] bytes = serialization.serialize(message).get();
        int serializerId = serialization.findSerializerFor(message).identifier();
        String manifest = Serializers.manifestFor(serialization.findSerializerFor(message), message);
        return serialization.deserialize(bytes, serializerId, manifest).get();
    }

    @Test
    void commandsUseJacksonCbor() {
        TestProbe<OutboundDatagram> egress = node.testKit.createTestProbe(OutboundDatagram.class);
        TestProbe<Boolean> replyTo = node.testKit.createTestProbe(Boolean.class);

        assertThat(serialization().findSerializerFor(
                new IkeSaEntity.ReceiveDatagram(DATAGRAM, 1L, PEER, TestConnections.NODE, egress.ref())))
                .isInstanceOf(JacksonCborSerializer.class);
        assertThat(serialization().findSerializerFor(new IkeSaEntity.Terminate(1L, replyTo.ref())))
                .isInstanceOf(JacksonCborSerializer.class);
    }

    @Test
    void receiveDatagramSurvivesCbor() {
        TestProbe<OutboundDatagram> egress = node.testKit.createTestProbe(OutboundDatagram.class);
        IkeSaEntity.ReceiveDatagram message = new IkeSaEntity.ReceiveDatagram(DATAGRAM, 0xaaaa_bbbb_cccc_ddddL,
                PEER, TestConnections.NODE, egress.ref());

        IkeSaEntity.ReceiveDatagram copy = (IkeSaEntity.ReceiveDatagram) roundTrip(message);

        assertThat(copy.datagram()).isEqualTo(DATAGRAM);
        assertThat(copy.ourSpi()).isEqualTo(0xaaaa_bbbb_cccc_ddddL);
        assertThat(copy.remote()).isEqualTo(PEER);
        assertThat(copy.local()).isEqualTo(TestConnections.NODE);
        assertThat(copy.egress()).isEqualTo(egress.ref());
    }

    @Test
    void terminateSurvivesCbor() {
        TestProbe<Boolean> replyTo = node.testKit.createTestProbe(Boolean.class);
        IkeSaEntity.Terminate message = new IkeSaEntity.Terminate(0x0123_4567_89ab_cdefL, replyTo.ref());

        IkeSaEntity.Terminate copy = (IkeSaEntity.Terminate) roundTrip(message);

        assertThat(copy.ourSpi()).isEqualTo(0x0123_4567_89ab_cdefL);
        assertThat(copy.replyTo()).isEqualTo(replyTo.ref());
    }

    @Test
    void commandsDeliveredWithSerializationOn() {
        TestProbe<IkeSaEntity.Command> entity = node.testKit.createTestProbe(IkeSaEntity.Command.class);
        TestProbe<OutboundDatagram> egress = node.testKit.createTestProbe(OutboundDatagram.class);
        TestProbe<Boolean> replyTo = node.testKit.createTestProbe(Boolean.class);

        entity.ref().tell(new IkeSaEntity.ReceiveDatagram(DATAGRAM, 5L, PEER, TestConnections.NODE, egress.ref()));
        entity.ref().tell(new IkeSaEntity.Terminate(6L, replyTo.ref()));

        IkeSaEntity.ReceiveDatagram datagram = entity.expectMessageClass(IkeSaEntity.ReceiveDatagram.class);
        assertThat(datagram.datagram()).isEqualTo(DATAGRAM);
        assertThat(datagram.ourSpi()).isEqualTo(5L);
        assertThat(datagram.remote()).isEqualTo(PEER);
        assertThat(datagram.local()).isEqualTo(TestConnections.NODE);
        assertThat(datagram.egress()).isEqualTo(egress.ref());
        IkeSaEntity.Terminate terminate = entity.expectMessageClass(IkeSaEntity.Terminate.class);
        assertThat(terminate.ourSpi()).isEqualTo(6L);
        assertThat(terminate.replyTo()).isEqualTo(replyTo.ref());
    }

    @Test
    void rekeyAndDescribeSurviveCbor() {
        TestProbe<RekeyResult> rekeyReply = node.testKit.createTestProbe(RekeyResult.class);
        TestProbe<IkeSaEntity.SaDescription> describeReply = node.testKit.createTestProbe(IkeSaEntity.SaDescription.class);

        IkeSaEntity.Rekey child = (IkeSaEntity.Rekey) roundTrip(new IkeSaEntity.Rekey(7L, 0xc1000001, rekeyReply.ref()));
        IkeSaEntity.Rekey ike = (IkeSaEntity.Rekey) roundTrip(new IkeSaEntity.Rekey(8L, null, rekeyReply.ref()));
        IkeSaEntity.DescribeSa describe = (IkeSaEntity.DescribeSa) roundTrip(
                new IkeSaEntity.DescribeSa(9L, describeReply.ref()));

        assertThat(child.ourSpi()).isEqualTo(7L);
        assertThat(child.childSpi()).isEqualTo(0xc1000001);
        assertThat(child.replyTo()).isEqualTo(rekeyReply.ref());
        assertThat(ike.childSpi()).isNull();
        assertThat(describe.ourSpi()).isEqualTo(9L);
        assertThat(describe.replyTo()).isEqualTo(describeReply.ref());
    }

    @Test
    void repliesSurviveCbor() {
        RekeyResult rekeyed = new RekeyResult(RekeyResult.Status.REKEYED, null, "0000000000000007", null, "net",
                "c1000001", "c2000002", "c1000003", "c2000004");
        ReloadResult reloaded = new ReloadResult("ikec@127.0.0.1:25520", true, null, List.of("rw2"), List.of(),
                List.of("rw"), 2, List.of("rw6"), List.of(), List.of("old4"), List.of("pool rw4 not changed from "
                + "10.3.0.0/24 to 10.3.0.0/25: 1 leased address is outside the new range; reload again once it is "
                + "released"), true);
        SaDetail detail = new SaDetail(new SaSnapshot("0000000000000007", "ikec@127.0.0.1:25520", "rw", 3,
                "ESTABLISHED", false, "1111222233334444", "0000000000000007", "198.51.100.1:500", "203.0.113.70:4500",
                "gw.ikec.test", "client1@ikec.test", "aes256gcm16-prfsha256-x25519",
                Instant.parse("2026-01-02T03:04:05Z"), 14_400, IkeAuthMethod.PRE_SHARED_KEY,
                new IkeTraffic(1_234, 4, 1_432, 4), List.of(), List.of("10.3.0.1", "fd00:3::1")),
                Instant.parse("2026-01-02T07:00:00Z"), null,
                List.of(new SaDetail.ChildSaLifetime("c1000001", null, Instant.parse("2026-01-02T04:10:05Z"))));

        assertThat(roundTrip(rekeyed)).isEqualTo(rekeyed);
        assertThat(roundTrip(reloaded)).isEqualTo(reloaded);
        assertThat(roundTrip(new IkeSaEntity.SaDescription(detail))).isEqualTo(new IkeSaEntity.SaDescription(detail));
        assertThat(roundTrip(new IkeSaEntity.SaDescription(null))).isEqualTo(new IkeSaEntity.SaDescription(null));
    }

    @Test
    void outboundDatagramSurvivesCbor() {
        OutboundDatagram message = new OutboundDatagram(DATAGRAM, PEER, TestConnections.NODE);

        OutboundDatagram copy = (OutboundDatagram) roundTrip(message);

        assertThat(copy.datagram()).isEqualTo(DATAGRAM);
        assertThat(copy.remote()).isEqualTo(PEER);
        assertThat(copy.local()).isEqualTo(TestConnections.NODE);
    }

    @Test
    void handshakeCompletesWithSerializationOn() {
        RoutedClient client = new RoutedClient(node, 0x5555_6666_7777_8888L,
                new InetSocketAddress("203.0.113.71", 500));

        client.establish();

        assertThat(client.installed).hasSize(1);
    }

    @Test
    void terminateOfUnknownSaRepliesWithSerializationOn() {
        boolean existed = node.cluster.terminate("00000000deadbeef", OneNodeCluster.TIMEOUT)
                .toCompletableFuture().join();

        assertThat(existed).isFalse();
    }
}
