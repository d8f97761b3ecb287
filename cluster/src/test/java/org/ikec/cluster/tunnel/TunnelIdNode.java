package org.ikec.cluster.tunnel;

import java.time.Duration;

import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;

import com.typesafe.config.ConfigFactory;

/**
 * An actor test kit whose system is a cluster node on 127.0.0.1 with an ephemeral Artery port,
 * running the tunnel-ID allocator with {@link #forcedOrHashed} as its hash.
 */
final class TunnelIdNode implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(5);
    static final String FORCED_PREFIX = "forced-";

    final ActorTestKit testKit;
    final TunnelIds tunnelIds;

    private TunnelIdNode(ActorTestKit testKit) {
        this.testKit = testKit;
        this.tunnelIds = TunnelIds.start(testKit.system(), TunnelIdNode::forcedOrHashed);
    }

    /** Starts a node that forms a cluster of its own and waits until it is Up. */
    static TunnelIdNode startAlone(String name, String extraConfig) {
        TunnelIdNode node = create(name, extraConfig);
        node.join(node.address());
        node.awaitUpMembers(1);
        return node;
    }

    /**
     * Starts a node that joins the cluster of {@code seed}, whose system must have the same
     * {@code name}. The caller waits for it to be Up.
     */
    static TunnelIdNode startJoining(String name, String extraConfig, TunnelIdNode seed) {
        TunnelIdNode node = create(name, extraConfig);
        node.join(seed.address());
        return node;
    }

    private static TunnelIdNode create(String name, String extraConfig) {
        return new TunnelIdNode(ActorTestKit.create(name, ConfigFactory.parseString(extraConfig + "\n"
                        + "pekko.actor.provider = cluster\n"
                        + "pekko.remote.artery.canonical.hostname = 127.0.0.1\n"
                        + "pekko.remote.artery.canonical.port = 0\n"
                        + "pekko.cluster.jmx.multi-mbeans-in-same-jvm = on\n"
                        + "pekko.loggers = [\"org.apache.pekko.event.slf4j.Slf4jLogger\"]\n"
                        + "pekko.logging-filter = \"org.apache.pekko.event.slf4j.Slf4jLoggingFilter\"\n"
                        + "pekko.loglevel = WARNING\n"
                        + "pekko.log-dead-letters-during-shutdown = off\n")
                .withFallback(ConfigFactory.load())));
    }

    /**
     * Returns n for a service set named {@code forced-n}, so tests choose colliding preferred
     * indexes, and {@link TunnelHashing#preferredIndex} for any other identity.
     */
    static int forcedOrHashed(TunnelIdentity identity) {
        if (identity.serviceSet().startsWith(FORCED_PREFIX)) {
            return Integer.parseInt(identity.serviceSet().substring(FORCED_PREFIX.length()));
        }
        return TunnelHashing.preferredIndex(identity);
    }

    static TunnelIdentity forced(int preferredIndex) {
        return new TunnelIdentity(FORCED_PREFIX + preferredIndex, new byte[] {(byte) 198, 51, 100, 7},
                "gw.example.net", "peer@example.org");
    }

    Address address() {
        return Cluster.get(testKit.system()).selfMember().address();
    }

    private void join(Address seed) {
        Cluster.get(testKit.system()).manager().tell(Join.create(seed));
    }

    /** Waits until this node sees {@code count} members, all Up. */
    void awaitUpMembers(int count) {
        TestProbe<Object> probe = testKit.createTestProbe();
        probe.awaitAssert(Duration.ofSeconds(15), () -> {
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

    /** Allocates and waits for the index. */
    int allocate(TunnelIdentity identity, String owner) {
        return tunnelIds.allocate(identity, owner, TIMEOUT).toCompletableFuture().join();
    }

    /** Claims {@code index} for {@code owner} and waits for the index it gets. */
    int claim(int index, TunnelIdentity identity, String owner) {
        return tunnelIds.claim(index, identity, owner, TIMEOUT).toCompletableFuture().join();
    }

    @Override
    public void close() {
        testKit.shutdownTestKit();
    }
}
