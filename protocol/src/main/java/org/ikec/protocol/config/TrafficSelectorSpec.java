package org.ikec.protocol.config;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * A configured traffic selector in swanctl syntax: {@code 10.0.0.0/16}, {@code 10.0.0.1-10.0.0.9},
 * {@code 0.0.0.0/0[tcp/443]}, or {@code dynamic} (the peer's or our own address, RFC 7296 §2.9).
 *
 * @param startAddress first address of the range, {@code null} when dynamic
 * @param endAddress last address of the range, {@code null} when dynamic
 * @param ipProtocol IP protocol number, 0 for any
 * @param startPort first port, 0 for any
 * @param endPort last port, 65535 for any
 */
public record TrafficSelectorSpec(boolean dynamic, byte[] startAddress, byte[] endAddress,
                                  int ipProtocol, int startPort, int endPort) {

    public static TrafficSelectorSpec parse(String text) {
        String spec = text.trim();
        int protocol = 0;
        int startPort = 0;
        int endPort = 65535;

        int bracket = spec.indexOf('[');
        if (bracket >= 0) {
            if (!spec.endsWith("]")) {
                throw invalid(text, "missing ']'");
            }
            String[] protoPort = spec.substring(bracket + 1, spec.length() - 1).split("/", 2);
            protocol = parseProtocol(text, protoPort[0]);
            if (protoPort.length == 2 && !protoPort[1].isEmpty()) {
                String[] ports = protoPort[1].split("-", 2);
                startPort = parsePort(text, ports[0]);
                endPort = ports.length == 2 ? parsePort(text, ports[1]) : startPort;
            }
            spec = spec.substring(0, bracket);
        }

        if (spec.equals("dynamic")) {
            return new TrafficSelectorSpec(true, null, null, protocol, startPort, endPort);
        }
        try {
            if (spec.contains("/")) {
                String[] cidr = spec.split("/", 2);
                byte[] network = InetAddress.getByName(cidr[0]).getAddress();
                int prefix = Integer.parseInt(cidr[1]);
                if (prefix < 0 || prefix > network.length * 8) {
                    throw invalid(text, "prefix length out of range");
                }
                return new TrafficSelectorSpec(false, mask(network, prefix, false), mask(network, prefix, true),
                        protocol, startPort, endPort);
            }
            if (spec.contains("-")) {
                String[] range = spec.split("-", 2);
                byte[] start = InetAddress.getByName(range[0]).getAddress();
                byte[] end = InetAddress.getByName(range[1]).getAddress();
                if (start.length != end.length || new BigInteger(1, start).compareTo(new BigInteger(1, end)) > 0) {
                    throw invalid(text, "the range is empty or mixes address families");
                }
                return new TrafficSelectorSpec(false, start, end, protocol, startPort, endPort);
            }
            byte[] single = InetAddress.getByName(spec).getAddress();
            return new TrafficSelectorSpec(false, single, single.clone(), protocol, startPort, endPort);
        } catch (UnknownHostException | NumberFormatException e) {
            throw invalid(text, "not an address, a CIDR block or a range");
        }
    }

    private static byte[] mask(byte[] network, int prefix, boolean fillHostBits) {
        byte[] out = network.clone();
        for (int bit = prefix; bit < out.length * 8; bit++) {
            int mask = 0x80 >>> (bit % 8);
            out[bit / 8] = (byte) (fillHostBits ? out[bit / 8] | mask : out[bit / 8] & ~mask);
        }
        return out;
    }

    private static int parseProtocol(String text, String protocol) {
        return switch (protocol) {
            case "", "any", "%any" -> 0;
            case "icmp" -> 1;
            case "tcp" -> 6;
            case "udp" -> 17;
            case "ipv6-icmp", "icmp6" -> 58;
            default -> {
                try {
                    int number = Integer.parseInt(protocol);
                    if (number < 0 || number > 255) {
                        throw invalid(text, "protocol number out of range");
                    }
                    yield number;
                } catch (NumberFormatException e) {
                    throw invalid(text, "unknown protocol '" + protocol + "'");
                }
            }
        };
    }

    private static int parsePort(String text, String port) {
        try {
            int value = Integer.parseInt(port);
            if (value < 0 || value > 65535) {
                throw invalid(text, "port out of range");
            }
            return value;
        } catch (NumberFormatException e) {
            throw invalid(text, "invalid port '" + port + "'");
        }
    }

    private static IllegalArgumentException invalid(String text, String reason) {
        return new IllegalArgumentException("invalid traffic selector '" + text + "': " + reason);
    }

    /** Returns this selector with a dynamic range replaced by the single {@code address}. */
    public TrafficSelectorSpec resolve(InetAddress address) {
        if (!dynamic) {
            return this;
        }
        byte[] bytes = address.getAddress();
        return new TrafficSelectorSpec(false, bytes, bytes.clone(), ipProtocol, startPort, endPort);
    }

    public boolean isIpv6() {
        return startAddress != null && startAddress.length == 16;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TrafficSelectorSpec that && dynamic == that.dynamic
                && Arrays.equals(startAddress, that.startAddress) && Arrays.equals(endAddress, that.endAddress)
                && ipProtocol == that.ipProtocol && startPort == that.startPort && endPort == that.endPort;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(startAddress) * 31 + Arrays.hashCode(endAddress) + ipProtocol + startPort + endPort;
    }

    @Override
    public String toString() {
        String range = dynamic ? "dynamic" : rangeText();
        if (ipProtocol == 0 && startPort == 0 && endPort == 65535) {
            return range;
        }
        String ports = startPort == 0 && endPort == 65535 ? "" : "/" + (startPort == endPort ? startPort : startPort + "-" + endPort);
        return range + "[" + ipProtocol + ports + "]";
    }

    private String rangeText() {
        String start = AddressText.of(startAddress);
        if (Arrays.equals(startAddress, endAddress)) {
            return start + "/" + startAddress.length * 8;
        }
        int prefix = prefixLength();
        if (prefix >= 0) {
            return start + "/" + prefix;
        }
        return start + "-" + AddressText.of(endAddress);
    }

    private int prefixLength() {
        int bits = startAddress.length * 8;
        for (int prefix = 0; prefix <= bits; prefix++) {
            if (Arrays.equals(mask(startAddress, prefix, false), startAddress)
                    && Arrays.equals(mask(startAddress, prefix, true), endAddress)) {
                return prefix;
            }
        }
        return -1;
    }
}
