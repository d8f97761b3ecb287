package org.ikec.cluster.pool;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.ddata.LWWRegister;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.ikec.cluster.AddressClaim;
import org.ikec.protocol.vip.AddressPoolConfig;
import org.ikec.protocol.vip.LeaseAnswer;
import org.ikec.protocol.vip.LeaseRequest;

import com.typesafe.config.ConfigFactory;

/**
 * An actor test kit whose system is a cluster node on 127.0.0.1 with an ephemeral Artery port,
 * running {@link ClusterAddressPools} with the given pools.
 */
final class PoolNode implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    final ActorTestKit testKit;
    final ClusterAddressPools pools;

    private PoolNode(ActorTestKit testKit, List<AddressPoolConfig> configs) {
        this.testKit = testKit;
        this.pools = ClusterAddressPools.start(testKit.system(), configs);
    }

    /** Starts {@code count} nodes that form one cluster and waits until every node lists all of them as Up. */
    static List<PoolNode> startCluster(int count, String name, String extraConfig, List<AddressPoolConfig> configs) {
        PoolNode first = create(name, extraConfig, configs);
        first.join(first.address());
        List<PoolNode> nodes = new ArrayList<>(List.of(first));
        for (int i = 1; i < count; i++) {
            PoolNode node = create(name, extraConfig, configs);
            node.join(first.address());
            nodes.add(node);
        }
        for (PoolNode node : nodes) {
            node.awaitUpMembers(count);
        }
        return nodes;
    }

    /**
     * Starts a node that joins {@code seed}'s cluster and starts its pools once it is Up, as a
     * node process does, and waits until it lists {@code members} Up members.
     */
    static PoolNode joinThenStart(PoolNode seed, String name, String extraConfig, List<AddressPoolConfig> configs,
                                  int members) {
        ActorTestKit testKit = testKit(name, extraConfig);
        Cluster.get(testKit.system()).manager().tell(Join.create(seed.address()));
        awaitUpMembers(testKit, members);
        return new PoolNode(testKit, configs);
    }

    private static PoolNode create(String name, String extraConfig, List<AddressPoolConfig> configs) {
        return new PoolNode(testKit(name, extraConfig), configs);
    }

    private static ActorTestKit testKit(String name, String extraConfig) {
        return ActorTestKit.create(name, ConfigFactory.parseString(extraConfig + "\n"
                        + "pekko.actor.provider = cluster\n"
                        + "pekko.remote.artery.canonical.hostname = 127.0.0.1\n"
                        + "pekko.remote.artery.canonical.port = 0\n"
                        + "pekko.cluster.jmx.multi-mbeans-in-same-jvm = on\n"
                        + "pekko.loggers = [\"org.apache.pekko.event.slf4j.Slf4jLogger\"]\n"
                        + "pekko.logging-filter = \"org.apache.pekko.event.slf4j.Slf4jLoggingFilter\"\n"
                        + "pekko.loglevel = WARNING\n"
                        + "pekko.log-dead-letters-during-shutdown = off\n")
                .withFallback(ConfigFactory.load()));
    }

    static AddressPoolConfig pool(String name, String network, int prefixLength) {
        return new AddressPoolConfig(name, address(network), prefixLength, List.of());
    }

    static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal + " is not an address literal", e);
        }
    }

    /** Builds a request for one IPv4 address from {@code pool} with no address proposed by the peer. */
    static LeaseRequest ipv4(String saId, String identity, String pool) {
        return new LeaseRequest(saId, identity, List.of(pool), true, false, List.of());
    }

    Address address() {
        return Cluster.get(testKit.system()).selfMember().address();
    }

    private void join(Address seed) {
        Cluster.get(testKit.system()).manager().tell(Join.create(seed));
    }

    /** Waits until this node lists {@code count} members, all Up. */
    void awaitUpMembers(int count) {
        awaitUpMembers(testKit, count);
    }

    private static void awaitUpMembers(ActorTestKit testKit, int count) {
        TestProbe<Object> probe = testKit.createTestProbe();
        probe.awaitAssert(Duration.ofSeconds(20), () -> {
            long up = 0;
            long all = 0;
            for (var member : Cluster.get(testKit.system()).state().getMembers()) {
                all++;
                if (member.status() == MemberStatus.up()) {
                    up++;
                }
            }
            if (up != count || all != count) {
                throw new AssertionError(up + " of " + all + " members are Up, expected " + count + " of " + count);
            }
            return null;
        });
    }

    LeaseAnswer lease(LeaseRequest request) {
        return pools.lease(request).toCompletableFuture().join();
    }

    /** Leases one IPv4 address and returns it in text form, or the failure when none was leased. */
    String leaseIpv4(String saId, String identity, String pool) {
        LeaseAnswer answer = lease(ipv4(saId, identity, pool));
        return answer.leases().isEmpty() ? answer.failure() : answer.leases().get(0).address().getHostAddress();
    }

    AddressClaim claim(String saId, String identity, String address) {
        return pools.claim(saId, identity, address(address)).toCompletableFuture().join();
    }

    /** Returns this node's unique address as lease records store it. */
    String nodeName() {
        return PoolSegment.nodeName(Cluster.get(testKit.system()).selfMember().uniqueAddress());
    }

    PoolUsage usage(String pool) {
        for (PoolUsage usage : pools.usage().toCompletableFuture().join()) {
            if (usage.pool().equals(pool)) {
                return usage;
            }
        }
        throw new AssertionError("no usage for pool " + pool);
    }

    /** Reads the stored state of a pool segment from a majority of nodes. */
    SegmentState segmentState(String pool, int segment) {
        var key = PoolSegment.keyOf(pool, segment);
        Replicator.GetResponse<LWWRegister<SegmentState>> response = AskPattern.<Replicator.Command,
                        Replicator.GetResponse<LWWRegister<SegmentState>>>ask(
                        DistributedData.get(testKit.system()).replicator(),
                        replyTo -> new Replicator.Get<>(key, new Replicator.ReadMajority(TIMEOUT), replyTo),
                        TIMEOUT, testKit.system().scheduler())
                .toCompletableFuture().join();
        if (response instanceof Replicator.GetSuccess<LWWRegister<SegmentState>> success) {
            return success.get(key).getValue();
        }
        throw new AssertionError("reading segment " + segment + " of pool " + pool + " failed: " + response);
    }

    @Override
    public void close() {
        testKit.shutdownTestKit();
    }
}
