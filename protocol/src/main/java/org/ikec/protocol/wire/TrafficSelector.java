package org.ikec.protocol.wire;

import java.util.Arrays;
import java.util.Objects;

/**
 * One traffic selector of a TS payload (RFC 7296 §3.13.1): an address range, a port range and an
 * IP protocol. Only the address range types 7 (IPv4) and 8 (IPv6) are supported.
 *
 * @param tsType a value from {@link TsType}
 * @param ipProtocol IP protocol number, 0 for any
 * @param startPort first port, 0 for any
 * @param endPort last port, 65535 for any
 * @param startAddress first address, 4 bytes for type 7 and 16 bytes for type 8
 * @param endAddress last address, the same length as startAddress
 */
public record TrafficSelector(int tsType, int ipProtocol, int startPort, int endPort,
                              byte[] startAddress, byte[] endAddress) {

    /** TS Type, IP Protocol ID, Selector Length, Start Port and End Port. */
    static final int FIXED_SIZE = 8;

    public TrafficSelector {
        int addressLength = TsType.addressLength(tsType);
        if (addressLength < 0) {
            throw new IllegalArgumentException("unsupported traffic selector type " + tsType);
        }
        if (startAddress.length != addressLength || endAddress.length != addressLength) {
            throw new IllegalArgumentException("traffic selector type " + tsType + " needs "
                    + addressLength + "-byte addresses, not " + startAddress.length + " and "
                    + endAddress.length);
        }
        Bytes.requireUnsigned("IP protocol", ipProtocol, 8);
        Bytes.requireUnsigned("start port", startPort, 16);
        Bytes.requireUnsigned("end port", endPort, 16);
        // A selector of one address, such as a peer's dynamic address, keeps one array for both ends.
        byte[] end = endAddress;
        startAddress = startAddress.clone();
        endAddress = Arrays.equals(startAddress, end) ? startAddress : end.clone();
    }

    /** Returns the Selector Length field: the fixed part plus both addresses. */
    public int selectorLength() {
        return FIXED_SIZE + 2 * startAddress.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TrafficSelector that
                && tsType == that.tsType
                && ipProtocol == that.ipProtocol
                && startPort == that.startPort
                && endPort == that.endPort
                && Arrays.equals(startAddress, that.startAddress)
                && Arrays.equals(endAddress, that.endAddress);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tsType, ipProtocol, startPort, endPort,
                Arrays.hashCode(startAddress), Arrays.hashCode(endAddress));
    }

    @Override
    public String toString() {
        return "TrafficSelector[tsType=" + TsType.name(tsType) + ", ipProtocol=" + ipProtocol
                + ", ports=" + startPort + "-" + endPort + ", startAddress=" + Bytes.hex(startAddress)
                + ", endAddress=" + Bytes.hex(endAddress) + "]";
    }
}
