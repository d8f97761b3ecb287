package org.ikec.cluster.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ikec.cluster.pool.PoolNode.pool;

import java.util.List;
import java.util.Map;

import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.ddata.LWWRegister;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every message between segments and every replicated value survives Pekko serialization unchanged. */
class PoolMessageSerializationTest {

    private static PoolNode node;

    @BeforeAll
    static void startNode() {
        node = PoolNode.startCluster(1, "PoolMessageSerializationTest", "", List.of(pool("rw4", "192.0.2.0", 24)))
                .get(0);
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    private static Object roundTrip(Object message) {
        Serialization serialization = SerializationExtension.get(Adapter.toClassic(node.testKit.system()));
        byte[] bytes = serialization.serialize(message).get();
        int serializerId = serialization.findSerializerFor(message).identifier();
        String manifest = Serializers.manifestFor(serialization.findSerializerFor(message), message);
        return serialization.deserialize(bytes, serializerId, manifest).get();
    }

    @Test
    void commandsAndRepliesSurviveRoundTrip() {
        TestProbe<PoolSegment.LeaseReply> replyTo = node.testKit.createTestProbe();
        TestProbe<PoolSegment.SegmentUsage> usageTo = node.testKit.createTestProbe();
        PoolSegment.Lease lease = new PoolSegment.Lease("sa-1", "alice@example.org",
                "pekko://ikec@127.0.0.1:2551#7", "198.51.100.1", 17, replyTo.ref());
        TestProbe<PoolSegment.ResizeReply> resizeTo = node.testKit.createTestProbe();
        List<Object> messages = List.of(
                lease,
                new PoolSegment.Claim("sa-1", "alice@example.org", "pekko://ikec@127.0.0.1:2551#7", "198.51.100.1", 17,
                        replyTo.ref()),
                new PoolSegment.HeldByOther(17, "sa-2", "bob@example.org"),
                new PoolSegment.Release("sa-1", 17),
                new PoolSegment.Transfer("sa-1", "sa-2", 17),
                new PoolSegment.AwayMoved("sa-1", "sa-2", 40),
                new PoolSegment.GetUsage(usageTo.ref()),
                new PoolSegment.SegmentUsage(3, 16),
                new PoolSegment.Granted("sa-1", 17),
                new PoolSegment.Exhausted(254, 254),
                new PoolSegment.DefinitionMismatch("198.51.100.1"),
                new PoolSegment.Resize(new PoolExtent("198.51.100.1", 510), resizeTo.ref()),
                new PoolSegment.Resized(1, new PoolExtent("198.51.100.1", 254)),
                new PoolSegment.ResizeRejected(1, 3, null),
                new PoolSegment.ResizeRejected(0, 2, "198.51.100.1"),
                new PoolSegment.Forwarded(lease, 0, -1, 2, 32),
                new PoolSegment.Placed(lease, 40, true, 0),
                new PoolSegment.DropAway("sa-1"));

        for (Object message : messages) {
            assertThat(roundTrip(message)).isEqualTo(message);
        }
    }

    @Test
    void segmentStateSurvivesRoundTrip() {
        SegmentState state = new SegmentState(
                Map.of(0, new AddressRecord(null, "alice@example.org", null, 4),
                        1, new AddressRecord("sa-2", "bob@example.org", "pekko://ikec@127.0.0.1:2552#9", 0)),
                Map.of("alice@example.org", new StickyAddress(0, 3)), Map.of("sa-3", 40), 4,
                new PoolExtent("10.3.0.1", 510));
        LWWRegister<SegmentState> register =
                LWWRegister.create(DistributedData.get(node.testKit.system()).selfUniqueAddress(), state);

        @SuppressWarnings("unchecked")
        LWWRegister<SegmentState> copy = (LWWRegister<SegmentState>) roundTrip(register);

        assertThat(roundTrip(state)).isEqualTo(state);
        assertThat(copy.getValue()).isEqualTo(state);
    }
}
