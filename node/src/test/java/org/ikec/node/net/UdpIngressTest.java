package org.ikec.node.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.ikec.cluster.IkeCluster.RouteResult;
import org.ikec.node.loop.EventLoopGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Framing, routing and drop counting of the datagrams that one receive thread per socket reads. */
class UdpIngressTest {

    private record Routed(byte[] message, InetSocketAddress remote, InetSocketAddress local) {
    }

    private final LinkedBlockingQueue<Routed> routed = new LinkedBlockingQueue<>();
    private final UdpCounters counters = new UdpCounters(System::nanoTime, LoggerFactory.getLogger("org.ikec.net"));
    private UdpSockets sockets;
    private UdpIngress ingress;
    private DatagramChannel peer;

    @BeforeEach
    void start() throws Exception {
        sockets = UdpSockets.bind(List.of(InetAddress.getLoopbackAddress()), 0, 0, 65536,
                LoggerFactory.getLogger("org.ikec.net"));
        ingress = UdpIngress.start(sockets, (message, remote, local) -> {
            routed.add(new Routed(message, remote, local));
            return RouteResult.UNKNOWN_SPI;
        }, counters, LoggerFactory.getLogger("org.ikec.net"), loops());
        peer = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    /** Returns the event loops that read the sockets, or empty for one receive thread per socket. */
    Optional<EventLoopGroup> loops() throws Exception {
        return Optional.empty();
    }

    @AfterEach
    void stop() throws Exception {
        ingress.close();
        peer.close();
    }

    @Test
    void ikePortRoutesMessageWithAddresses() throws Exception {
        InetSocketAddress ikePort = sockets.locals(PortKind.IKE).get(0);

        peer.send(ByteBuffer.wrap(IngressFramingTest.IKE_HEADER), ikePort);

        Routed message = routed.poll(5, TimeUnit.SECONDS);
        assertThat(message).isNotNull();
        assertThat(message.message()).isEqualTo(IngressFramingTest.IKE_HEADER);
        assertThat(message.remote()).isEqualTo(peer.getLocalAddress());
        assertThat(message.local()).isEqualTo(ikePort);
        awaitCount(() -> counters.routedCount(RouteResult.UNKNOWN_SPI), 1);
    }

    @Test
    void ikePortRoutesSpiWithLeadingZeroBytes() throws Exception {
        InetSocketAddress ikePort = sockets.locals(PortKind.IKE).get(0);
        byte[] header = IngressFramingTest.withInitiatorSpi("0000000000000001");

        peer.send(ByteBuffer.wrap(header), ikePort);

        Routed message = routed.poll(5, TimeUnit.SECONDS);
        assertThat(message).isNotNull();
        assertThat(message.message()).isEqualTo(header);
        assertThat(counters.droppedCount(DropReason.NOT_IKE)).isZero();
    }

    @Test
    void natTPortStripsMarkerAndDropsKeepaliveAndEsp() throws Exception {
        InetSocketAddress natPort = sockets.locals(PortKind.NAT_T).get(0);

        peer.send(ByteBuffer.wrap(new byte[] {(byte) 0xff}), natPort);
        peer.send(ByteBuffer.wrap(HexFormat.of().parseHex("c0ffee01" + "00000001" + "00".repeat(40))), natPort);
        peer.send(ByteBuffer.wrap(IngressFramingTest.concat(new byte[4], IngressFramingTest.IKE_HEADER)), natPort);

        Routed message = routed.poll(5, TimeUnit.SECONDS);
        assertThat(message).isNotNull();
        assertThat(message.message()).isEqualTo(IngressFramingTest.IKE_HEADER);
        assertThat(message.local()).isEqualTo(natPort);
        awaitCount(counters::keepaliveCount, 1);
        awaitCount(() -> counters.droppedCount(DropReason.ESP), 1);
        assertThat(routed).isEmpty();
    }

    @Test
    void ikePortCountsShortAndZeroSpiDatagrams() throws Exception {
        InetSocketAddress ikePort = sockets.locals(PortKind.IKE).get(0);

        peer.send(ByteBuffer.wrap(new byte[20]), ikePort);
        peer.send(ByteBuffer.wrap(IngressFramingTest.withInitiatorSpi("0000000000000000")), ikePort);

        awaitCount(() -> counters.droppedCount(DropReason.TOO_SHORT), 1);
        awaitCount(() -> counters.droppedCount(DropReason.NOT_IKE), 1);
        assertThat(routed).isEmpty();
    }

    @Test
    void dropWarningIsRateLimited() {
        AtomicLong now = new AtomicLong(0);
        CapturedLog log = new CapturedLog("test.drops");
        UdpCounters limited = new UdpCounters(now::get, log.logger);

        limited.dropped(DropReason.ESP);
        limited.dropped(DropReason.ESP);
        now.set(UdpCounters.WARN_INTERVAL_NANOS);
        limited.dropped(DropReason.ESP);

        assertThat(limited.droppedCount(DropReason.ESP)).isEqualTo(3);
        assertThat(limited.snapshot()).containsEntry("dropped.esp", 3L);
        assertThat(log.messages()).containsExactly(
                "dropped 1 datagram(s) in the last 10s: ESP in UDP, but this node has no data plane",
                "dropped 2 datagram(s) in the last 10s: ESP in UDP, but this node has no data plane");
    }

    @Test
    void receiveFailureCountedWithReason() {
        CapturedLog log = new CapturedLog("test.receive");
        UdpCounters failures = new UdpCounters(() -> 0L, log.logger);

        failures.dropped(DropReason.RECEIVE_FAILED);
        failures.dropped(DropReason.RECEIVE_FAILED);

        assertThat(failures.snapshot()).containsEntry("dropped.receive_failed", 2L);
        assertThat(log.messages()).containsExactly("dropped 1 datagram(s) in the last 10s: receiving failed");
    }

    private static void awaitCount(java.util.function.LongSupplier count, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (count.getAsLong() < expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(count.getAsLong()).isEqualTo(expected);
    }
}
