package org.ikec.snmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.typesafe.config.ConfigFactory;

/**
 * The active agent of a one-member gateway cluster retries its bind while another socket uses
 * the address, and serves once the address is free. Artery binds 127.0.0.1 only.
 */
class ActiveAgentTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private ActorTestKit testKit;
    private SnmpGateway gateway;

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (testKit != null) {
            testKit.shutdownTestKit();
        }
    }

    @Test
    void bindRetriesUntilAddressIsFree() throws Exception {
        DatagramSocket occupant = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        int port = occupant.getLocalPort();
        testKit = ActorTestKit.create("ActiveAgentTest", ConfigFactory.parseString(""
                + "pekko.actor.provider = cluster\n"
                + "pekko.remote.artery.canonical.hostname = 127.0.0.1\n"
                + "pekko.remote.artery.canonical.port = 0\n"
                + "pekko.cluster.roles = [" + SnmpGateway.ROLE + "]\n"
                + "pekko.cluster.jmx.multi-mbeans-in-same-jvm = on\n"
                + "pekko.loggers = [\"org.apache.pekko.event.slf4j.Slf4jLogger\"]\n"
                + "pekko.loglevel = WARNING\n")
                .withFallback(ConfigFactory.load()));
        Cluster cluster = Cluster.get(testKit.system());
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
        gateway = SnmpGateway.create(new AgentSettings("127.0.0.1", port, "public", List.of()), "retry-test");

        ActiveAgent.init(testKit.system(), gateway);
        testKit.createTestProbe().awaitAssert(TIMEOUT, () -> {
            assertThat(cluster.selfMember().status()).isEqualTo(MemberStatus.up());
            return null;
        });
        // Several retry intervals pass while the occupant keeps the port.
        Thread.sleep(ActiveAgent.BIND_RETRY_INTERVAL.multipliedBy(4).toMillis());
        assertThat(gateway.bound()).isFalse();

        occupant.close();
        testKit.createTestProbe().awaitAssert(TIMEOUT, () -> {
            assertThat(gateway.bound()).isTrue();
            return null;
        });
        assertThat(gateway.port()).isEqualTo(port);
    }
}
