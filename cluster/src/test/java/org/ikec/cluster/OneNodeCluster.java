package org.ikec.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.ikec.protocol.config.IkeSettings;
import org.ikec.protocol.ike.IkeEvents;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/**
 * An actor test kit whose system is a cluster of one node on loopback, with IKE SA sharding
 * started. Artery binds an ephemeral port on 127.0.0.1 and talks to nothing else.
 */
final class OneNodeCluster implements AutoCloseable {

    static final byte[] CLUSTER_SECRET = "0123456789abcdef-cluster-secret".getBytes(StandardCharsets.US_ASCII);
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    final ActorTestKit testKit;
    final DataPlaneRecorder dataPlane = new DataPlaneRecorder();
    final IkeCluster cluster;

    private OneNodeCluster(ActorTestKit testKit, IkeSettings settings) {
        this.testKit = testKit;
        this.cluster = IkeCluster.start(testKit.system(), settings, dataPlane, CLUSTER_SECRET, IkeEvents.NONE, false,
                LocalAddressPools::new);
    }

    /** Starts the node and waits until it is an Up member of its own cluster. */
    static OneNodeCluster start(String name, String extraConfig) {
        return start(name, extraConfig, TestConnections.node());
    }

    /** Starts the node with {@code settings} in place of {@link TestConnections#node()}. */
    static OneNodeCluster start(String name, String extraConfig, IkeSettings settings) {
        OneNodeCluster node = new OneNodeCluster(ActorTestKit.create(name, config(extraConfig)), settings);
        TestProbe<Object> probe = node.testKit.createTestProbe();
        probe.awaitAssert(Duration.ofSeconds(10), () -> {
            MemberStatus status = Cluster.get(node.testKit.system()).selfMember().status();
            if (status != MemberStatus.up()) {
                throw new AssertionError("member status is " + status + ", expected Up");
            }
            return null;
        });
        return node;
    }

    static Config config(String extraConfig) {
        return ConfigFactory.parseString(extraConfig + "\n"
                + "pekko.actor.provider = cluster\n"
                + "pekko.remote.artery.canonical.hostname = 127.0.0.1\n"
                + "pekko.remote.artery.canonical.port = 0\n"
                + "pekko.cluster.jmx.multi-mbeans-in-same-jvm = on\n"
                + "pekko.loggers = [\"org.apache.pekko.event.slf4j.Slf4jLogger\"]\n"
                + "pekko.logging-filter = \"org.apache.pekko.event.slf4j.Slf4jLoggingFilter\"\n"
                + "pekko.loglevel = WARNING\n"
                + "pekko.log-dead-letters-during-shutdown = off\n")
                .withFallback(ConfigFactory.load());
    }

    @Override
    public void close() {
        testKit.shutdownTestKit();
    }
}
