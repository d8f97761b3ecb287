package org.ikec.node.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class KernelUdpDropsTest {

    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger("test.kernel-drops");
    private static final String SNMP_NAMES = "Udp: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors\n";
    private static final String TABLE_HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt"
            + "   uid  timeout inode ref pointer drops\n";

    /**
     * A socket that is never read gets more datagrams than its buffer takes. Every datagram sent on
     * loopback is then either still queued or counted as a drop of that socket.
     */
    @Test
    void countsDropsOfFullReceiveBuffer() throws Exception {
        int sent = 2000;
        try (DatagramChannel receiver = DatagramChannel.open(); DatagramChannel sender = DatagramChannel.open()) {
            receiver.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
            receiver.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            InetSocketAddress local = (InetSocketAddress) receiver.getLocalAddress();
            KernelUdpDrops drops = new KernelUdpDrops(List.of(local), Path.of("/proc/net"), LOG);
            assertThat(drops.read()).hasValue(0);

            for (int i = 0; i < sent; i++) {
                sender.send(ByteBuffer.allocate(1000), local);
            }

            OptionalLong dropped = drops.read();
            receiver.configureBlocking(false);
            int queued = 0;
            while (receiver.receive(ByteBuffer.allocate(2000)) != null) {
                queued++;
            }
            assertThat(dropped).isPresent();
            assertThat(dropped.getAsLong()).as("drops of the unread socket, which stay 0 in a namespace of more "
                    + "than %d UDP sockets", KernelUdpDrops.MAX_SCANNED_SOCKETS).isPositive();
            assertThat(queued + dropped.getAsLong()).isEqualTo(sent);
        }
    }

    /** The socket tables are scanned again only after the namespace's receive buffer errors grew. */
    @Test
    void rescansOnlyAfterNamespaceErrorsGrow(@TempDir Path procNet) throws Exception {
        InetSocketAddress local = new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 4500);
        KernelUdpDrops drops = new KernelUdpDrops(List.of(local), procNet, LOG);
        writeSnmp(procNet, 7);
        writeUdp6(procNet, 5);

        assertThat(drops.read()).hasValue(5);

        writeUdp6(procNet, 9);
        assertThat(drops.read()).hasValue(5);

        writeSnmp(procNet, 11);
        assertThat(drops.read()).hasValue(9);
    }

    /** With more UDP sockets in the namespace than it scans, the count stays and one log line gives the reason. */
    @Test
    void skipsScanInCrowdedNamespace(@TempDir Path procNet) throws Exception {
        CapturedLog log = new CapturedLog("test.crowded");
        InetSocketAddress local = new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 4500);
        KernelUdpDrops drops = new KernelUdpDrops(List.of(local), procNet, log.logger);
        writeSnmp(procNet, 7);
        writeUdp6(procNet, 5);
        writeSockstat(procNet, 12, 30);
        assertThat(drops.read()).hasValue(5);

        writeSockstat(procNet, 12, KernelUdpDrops.MAX_SCANNED_SOCKETS);
        writeUdp6(procNet, 9);
        writeSnmp(procNet, 11);
        assertThat(drops.read()).hasValue(5);
        writeSnmp(procNet, 15);
        assertThat(drops.read()).hasValue(5);

        assertThat(log.messages()).containsExactly(
                "not reading the kernel's drop counts of this node's UDP sockets: the network namespace has 2060 UDP "
                        + "sockets, more than 2048, and reading their table would cost the kernel about 24 ms; the "
                        + "namespace's RcvbufErrors in /proc/net/snmp still count drops");
    }

    @Test
    void unreadableTablesGiveNoCount(@TempDir Path procNet) {
        CapturedLog log = new CapturedLog("test.unreadable");
        KernelUdpDrops drops = new KernelUdpDrops(List.of(new InetSocketAddress(500)), procNet, log.logger);

        assertThat(drops.read()).isEmpty();
        assertThat(drops.read()).isEmpty();

        assertThat(log.messages()).hasSize(1);
        assertThat(log.messages().get(0)).startsWith("reading the kernel's drop counts of this node's UDP sockets from "
                + procNet + " failed (java.nio.file.NoSuchFileException: ");
        assertThat(log.messages().get(0)).endsWith("), so dropped.receive_buffer_full counts nothing until a read "
                + "succeeds");
    }

    @Test
    void parsesAddressesOfBothTables() throws Exception {
        assertThat(KernelUdpDrops.parse(hostOrder("7F000002") + ":01F4"))
                .isEqualTo(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 500));
        assertThat(KernelUdpDrops.parse(hostOrder("00000000" + "00000000" + "0000FFFF" + "7F000002") + ":1194"))
                .isEqualTo(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 4500));
        assertThat(KernelUdpDrops.parse(hostOrder("00000000" + "00000000" + "00000000" + "00000001") + ":01F4"))
                .isEqualTo(new InetSocketAddress(InetAddress.getByName("::1"), 500));
        assertThat(KernelUdpDrops.parse(hostOrder("20010DB8" + "00000000" + "00000000" + "00000010") + ":0035"))
                .isEqualTo(new InetSocketAddress(InetAddress.getByName("2001:db8::10"), 53));
    }

    @Test
    void kernelDropsCountedOnceWithWarning() {
        CapturedLog log = new CapturedLog("test.kernel");
        UdpCounters counters = new UdpCounters(() -> 0L, log.logger);

        counters.kernelDropped(0);
        counters.kernelDropped(5);
        counters.kernelDropped(5);
        counters.kernelDropped(7);

        assertThat(counters.droppedCount(DropReason.RECEIVE_BUFFER_FULL)).isEqualTo(7);
        assertThat(counters.snapshot()).containsEntry("dropped.receive_buffer_full", 7L);
        assertThat(log.messages()).containsExactly(
                "dropped 5 datagram(s) in the last 10s: dropped by the kernel because the socket's receive buffer "
                        + "was full; raise ikec.listen.receive-buffer, and net.core.rmem_max with it");
    }

    /** Writes each 32-bit word of {@code hex}, given in network order, in this host's byte order, as the kernel prints it. */
    private static String hostOrder(String hex) {
        if (ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN) {
            return hex;
        }
        StringBuilder swapped = new StringBuilder();
        for (int word = 0; word < hex.length(); word += 8) {
            for (int i = 6; i >= 0; i -= 2) {
                swapped.append(hex, word + i, word + i + 2);
            }
        }
        return swapped.toString();
    }

    private static void writeSnmp(Path procNet, long receiveBufferErrors) throws Exception {
        Files.writeString(procNet.resolve("snmp"), SNMP_NAMES + "Udp: 100 0 0 100 " + receiveBufferErrors + " 0\n");
    }

    private static void writeSockstat(Path procNet, long udp, long udp6) throws Exception {
        Files.writeString(procNet.resolve("sockstat"), "sockets: used 40\nTCP: inuse 1 orphan 0 tw 0 alloc 1 mem 3\n"
                + "UDP: inuse " + udp + " mem 2\nUDPLITE: inuse 0\n");
        Files.writeString(procNet.resolve("sockstat6"), "TCP6: inuse 0\nUDP6: inuse " + udp6 + "\nUDPLITE6: inuse 0\n");
    }

    private static void writeUdp6(Path procNet, long drops) throws Exception {
        String mapped = hostOrder("00000000" + "00000000" + "0000FFFF" + "7F000002");
        String other = hostOrder("00000000" + "00000000" + "0000FFFF" + "7F000001");
        Files.writeString(procNet.resolve("udp6"), TABLE_HEADER
                + "  1: " + mapped + ":1194 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000"
                + " 00000000     0        0 4242 2 0000000000000000 " + drops + "\n"
                + "  2: " + other + ":1194 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000"
                + " 00000000     0        0 4243 2 0000000000000000 1000\n");
    }
}
