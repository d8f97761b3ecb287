package org.ikec.node.net;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

import org.slf4j.Logger;

/**
 * Datagrams that the Linux kernel dropped for the node's sockets because a receive buffer was
 * full. The kernel counts them per socket in the last column of {@code /proc/net/udp} and
 * {@code /proc/net/udp6}, which list every UDP socket of the network namespace. A JVM socket is
 * usually an IPv6 socket that also takes IPv4, so an IPv4 address appears there mapped to IPv6.
 *
 * <p>Reading those tables costs the kernel about 12 µs per socket of the namespace: 180 to 220 ms
 * with the 15,000 sockets of a load generator on the same host. {@link #read} therefore scans them only
 * after the namespace's count of receive buffer errors in {@code /proc/net/snmp} and
 * {@code /proc/net/snmp6} has grown, and not at all while {@code /proc/net/sockstat} and
 * {@code sockstat6} count more than {@value #MAX_SCANNED_SOCKETS} UDP sockets. The count then
 * stays where it was, and the namespace's {@code RcvbufErrors} still show drops.
 */
public final class KernelUdpDrops {

    private static final String[] SOCKET_TABLES = {"udp", "udp6"};
    static final int MAX_SCANNED_SOCKETS = 2048;

    private final List<InetSocketAddress> locals;
    private final Path procNet;
    private final Logger log;
    private boolean skipLogged;
    private boolean failureLogged;
    private long lastBufferErrors = -1;
    private long lastDrops;

    /**
     * @param locals  the local addresses of the sockets to count
     * @param procNet the directory of the tables, {@code /proc/net} outside tests
     * @param log     where the first skipped scan and the first failed read are reported
     */
    public KernelUdpDrops(List<InetSocketAddress> locals, Path procNet, Logger log) {
        this.locals = List.copyOf(locals);
        this.procNet = procNet;
        this.log = log;
    }

    /**
     * Returns the drops of the node's sockets since they were bound, or empty when the kernel's
     * files cannot be read or parsed, for example outside Linux. Not thread-safe: one poller calls it.
     */
    public OptionalLong read() {
        try {
            long bufferErrors = namespaceBufferErrors();
            if (bufferErrors == lastBufferErrors) {
                return OptionalLong.of(lastDrops);
            }
            long udpSockets = namespaceUdpSockets();
            if (udpSockets > MAX_SCANNED_SOCKETS) {
                logSkippedOnce(udpSockets);
                return OptionalLong.of(lastDrops);
            }

            long drops = 0;
            for (String table : SOCKET_TABLES) {
                drops += socketDrops(procNet.resolve(table));
            }
            lastBufferErrors = bufferErrors;
            lastDrops = drops;
            return OptionalLong.of(drops);
        } catch (IOException | RuntimeException e) {
            logFailureOnce(e);
            return OptionalLong.empty();
        }
    }

    private void logFailureOnce(Exception e) {
        if (!failureLogged) {
            failureLogged = true;
            log.info("reading the kernel's drop counts of this node's UDP sockets from {} failed ({}), so "
                    + "dropped.receive_buffer_full counts nothing until a read succeeds", procNet, e.toString());
        }
    }

    private void logSkippedOnce(long udpSockets) {
        if (!skipLogged) {
            skipLogged = true;
            log.info("not reading the kernel's drop counts of this node's UDP sockets: the network namespace has {} "
                    + "UDP sockets, more than {}, and reading their table would cost the kernel about {} ms; the "
                    + "namespace's RcvbufErrors in /proc/net/snmp still count drops", udpSockets, MAX_SCANNED_SOCKETS,
                    udpSockets * 12 / 1000);
        }
    }

    /** Sums the UDP sockets in use over IPv4 and IPv6 in the namespace, from lines such as {@code UDP: inuse 12 mem 3}. */
    private long namespaceUdpSockets() throws IOException {
        long sockets = 0;
        for (String file : new String[] {"sockstat", "sockstat6"}) {
            Path path = procNet.resolve(file);
            if (!Files.isReadable(path)) {
                continue;
            }
            for (String line : Files.readAllLines(path, StandardCharsets.US_ASCII)) {
                String[] fields = line.trim().split("\\s+");
                if ((fields[0].equals("UDP:") || fields[0].equals("UDP6:")) && fields.length >= 3
                        && fields[1].equals("inuse")) {
                    sockets += Long.parseLong(fields[2]);
                }
            }
        }
        return sockets;
    }

    /** Sums the receive buffer errors of UDP over IPv4 and IPv6 in the namespace. */
    private long namespaceBufferErrors() throws IOException {
        long errors = 0;

        List<String> snmp = Files.readAllLines(procNet.resolve("snmp"), StandardCharsets.US_ASCII);
        for (int i = 0; i + 1 < snmp.size(); i++) {
            if (snmp.get(i).startsWith("Udp: ") && snmp.get(i + 1).startsWith("Udp: ")) {
                errors += column(snmp.get(i), snmp.get(i + 1), "RcvbufErrors");
                break;
            }
        }

        Path snmp6 = procNet.resolve("snmp6");
        if (Files.isReadable(snmp6)) {
            for (String line : Files.readAllLines(snmp6, StandardCharsets.US_ASCII)) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length == 2 && fields[0].equals("Udp6RcvbufErrors")) {
                    errors += Long.parseLong(fields[1]);
                }
            }
        }
        return errors;
    }

    /** Returns the value under {@code name} in a pair of {@code /proc/net/snmp} lines: names, then values. */
    private static long column(String names, String values, String name) {
        String[] nameFields = names.trim().split("\\s+");
        String[] valueFields = values.trim().split("\\s+");
        for (int i = 0; i < nameFields.length && i < valueFields.length; i++) {
            if (nameFields[i].equals(name)) {
                return Long.parseLong(valueFields[i]);
            }
        }
        return 0;
    }

    /** Sums the drops column of the lines of {@code table} whose local address is one of the node's sockets. */
    private long socketDrops(Path table) throws IOException {
        if (!Files.isReadable(table)) {
            return 0;
        }

        long drops = 0;
        try (BufferedReader reader = Files.newBufferedReader(table, StandardCharsets.US_ASCII)) {
            reader.readLine();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                drops += dropsIfLocal(line);
            }
        }
        return drops;
    }

    /**
     * Returns the drops of one table line when its local address is one of the node's sockets,
     * otherwise 0. Most lines belong to other sockets, so the port is compared before anything else
     * of the line is parsed.
     */
    private long dropsIfLocal(String line) {
        int start = line.indexOf(':') + 1;
        while (start < line.length() && line.charAt(start) == ' ') {
            start++;
        }
        int end = line.indexOf(' ', start);
        int colon = line.lastIndexOf(':', end);
        if (end < 0 || colon <= start || !portOfLocal(line, colon + 1, end)) {
            return 0;
        }

        InetSocketAddress address = parse(line.substring(start, end));
        for (InetSocketAddress local : locals) {
            if (local.getPort() == address.getPort() && sameAddress(local.getAddress(), address.getAddress())) {
                String trimmed = line.stripTrailing();
                return Long.parseLong(trimmed.substring(trimmed.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    private boolean portOfLocal(String line, int start, int end) {
        int port = Integer.parseInt(line, start, end, 16);
        for (InetSocketAddress local : locals) {
            if (local.getPort() == port) {
                return true;
            }
        }
        return false;
    }

    /** Tells whether two local addresses are the same. A JVM socket on the IPv4 wildcard is an IPv6 one on {@code ::}. */
    private static boolean sameAddress(InetAddress local, InetAddress listed) {
        return local.equals(listed) || local.isAnyLocalAddress() && listed.isAnyLocalAddress();
    }

    /**
     * Parses a local address as the tables print it: the address in hex, as 32-bit words in the
     * host's byte order, then a colon and the port in hex. An IPv4-mapped IPv6 address comes back
     * as its IPv4 address.
     */
    static InetSocketAddress parse(String hexAddressAndPort) {
        int colon = hexAddressAndPort.indexOf(':');
        String hex = hexAddressAndPort.substring(0, colon);
        int port = Integer.parseInt(hexAddressAndPort.substring(colon + 1), 16);

        byte[] bytes = new byte[hex.length() / 2];
        boolean littleEndian = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                int source = word * 4 + (littleEndian ? 3 - i : i);
                bytes[word * 4 + i] = (byte) Integer.parseInt(hex, 2 * source, 2 * source + 2, 16);
            }
        }

        try {
            return new InetSocketAddress(InetAddress.getByAddress(bytes), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("invalid local address " + hexAddressAndPort + " in a UDP socket table", e);
        }
    }
}
