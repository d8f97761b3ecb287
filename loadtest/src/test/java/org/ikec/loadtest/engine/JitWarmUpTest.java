package org.ikec.loadtest.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The handshakes that the generator runs for its JIT compiler before a run: in memory, then over sockets. */
class JitWarmUpTest {

    @ParameterizedTest
    @CsvSource({"%any, true", "gw.loadtest.example, false"})
    void stormEstablishesAndFreesPorts(String remoteId, boolean natT) throws Exception {
        int ikePort = freeUdpPort();
        int natPort = freeUdpPort();
        LoadPlan plan = plan(remoteId, natT, ikePort, natPort, Duration.ofSeconds(2));
        long started = System.nanoTime();

        JitWarmUp.Handshakes handshakes = JitWarmUp.run(plan);

        assertThat(handshakes.inMemory()).isPositive();
        assertThat(handshakes.storm()).isPositive();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(2))
                .isLessThan(Duration.ofSeconds(10));
        try (DatagramChannel ike = DatagramChannel.open().bind(new InetSocketAddress(LOOPBACK, ikePort));
             DatagramChannel nat = DatagramChannel.open().bind(new InetSocketAddress(LOOPBACK, natPort))) {
            assertThat(ike.getLocalAddress()).isNotNull();
            assertThat(nat.getLocalAddress()).isNotNull();
        }
    }

    @Test
    void noWarmUpTimeRunsNothing() throws Exception {
        JitWarmUp.Handshakes handshakes = JitWarmUp.run(plan("%any", true, freeUdpPort(), freeUdpPort(), Duration.ZERO));

        assertThat(handshakes).isEqualTo(new JitWarmUp.Handshakes(0, 0));
    }

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private static int freeUdpPort() throws Exception {
        try (DatagramChannel channel = DatagramChannel.open().bind(new InetSocketAddress(LOOPBACK, 0))) {
            return ((InetSocketAddress) channel.getLocalAddress()).getPort();
        }
    }

    private static LoadPlan plan(String remoteId, boolean natT, int ikePort, int natPort, Duration jitWarmup) {
        Duration second = Duration.ofSeconds(1);
        // The warm-up never sends to the plan's target, so the discard port is used as one.
        return new LoadPlan(Scenario.STORM, List.of(new InetSocketAddress(LOOPBACK, 9)), 4500, 10, 0, 8,
                second, second, true, "aes256gcm16-prfsha256-x25519", "aes256gcm16", new byte[] {1, 2, 3},
                "client%d@loadtest.example", remoteId, AddressRange.parse(LOOPBACK.getHostAddress()),
                PortRange.parse(Integer.toString(ikePort)), natPort, Duration.ZERO, Duration.ZERO, Duration.ZERO,
                Duration.ZERO, natT, true, second, 1, second, null, List.of(), Map.of(), null, VirtualIpRequest.NONE,
                Duration.ZERO, jitWarmup, 10, 256);
    }

    @Test
    void runsHandshakesForDuration() {
        long started = System.nanoTime();

        int handshakes = JitWarmUp.run("aes256gcm16-prfsha256-x25519", "aes256gcm16", Duration.ofMillis(300));

        assertThat(handshakes).isPositive();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void zeroDurationRunsNone() {
        assertThat(JitWarmUp.run("aes256gcm16-prfsha256-x25519", "aes256gcm16", Duration.ZERO)).isZero();
    }

    @Test
    void otherProposalsComplete() {
        int handshakes = JitWarmUp.run("aes128-sha256-modp2048", "aes128-sha256", Duration.ofMillis(200));

        assertThat(handshakes).isPositive();
    }

    @Test
    void proposalPeersCannotUseStopsEarly() {
        long started = System.nanoTime();

        int handshakes = JitWarmUp.run("aes256gcm16-prfsha256-nosuchgroup", "aes256gcm16", Duration.ofSeconds(5));

        assertThat(handshakes).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }
}
