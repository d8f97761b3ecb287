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

/**
 * Datagrams that the Linux kernel dropped for the node's sockets because a receive buffer was
 * full. The kernel counts them per socket in the last column of {@code /proc/net/udp} and
 * {@code /proc/net/udp6}, which list every UDP socket of the network namespace. A JVM socket is
 * usually an IPv6 socket that also takes IPv4, so an IPv4 address appears there mapped to IPv6.
 *
 * <p>Those files grow with the sockets of the namespace (a load generator on the same host may
 * hold tens of thousands), so {@link #read} scans them only after the namespace's count of
 * receive buffer errors in {@code /proc/net/snmp} and {@code /proc/net/snmp6} has grown.
 */
public final class KernelUdpDrops {

    private static final String[] SOCKET_TABLES = {"udp", "udp6"};
    private static final int LOCAL_ADDRESS_COLUMN = 1;
    private static final int MIN_COLUMNS = 13;

    private final List<InetSocketAddress> locals;
    private final Path procNet;
    private long lastBufferErrors = -1;
    private long lastDrops;

    /**
     * @param locals  the local addresses of the sockets to count
     * @param procNet the directory of the tables, {@code /proc/net} outside tests
     */
    public KernelUdpDrops(List<InetSocketAddress> locals, Path procNet) {
        this.locals = List.copyOf(locals);
        this.procNet = procNet;
    }

    /**
     * Returns the drops of the node's sockets since they were bound, or empty when the kernel's
     * tables cannot be read (not Linux). Not thread-safe: one poller calls it.
     */
    public OptionalLong read() {
        try {
            long bufferErrors = namespaceBufferErrors();
            if (bufferErrors == lastBufferErrors) {
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
            return OptionalLong.empty();
        }
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
                String[] fields = line.trim().split("\\s+");
                if (fields.length >= MIN_COLUMNS && isLocal(fields[LOCAL_ADDRESS_COLUMN])) {
                    drops += Long.parseLong(fields[fields.length - 1]);
                }
            }
        }
        return drops;
    }

    private boolean isLocal(String hexAddressAndPort) {
        InetSocketAddress address = parse(hexAddressAndPort);
        for (InetSocketAddress local : locals) {
            if (local.getPort() == address.getPort() && sameAddress(local.getAddress(), address.getAddress())) {
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
