package org.ikec.protocol.config;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Formats IP addresses as operators read them elsewhere: IPv4 in dotted decimal, IPv6 in the
 * canonical text of RFC 5952 §4 (lower case, no leading zeros, the longest run of two or more
 * zero groups as {@code ::}, the first such run on a tie), so {@code fd00:3::1} and not the JDK's
 * {@code fd00:3:0:0:0:0:0:1}.
 */
public final class AddressText {

    private static final int GROUPS = 8;

    private AddressText() {
    }

    /** Returns the canonical text of {@code address}, without an IPv6 scope. */
    public static String of(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        return ipv6(address.getAddress());
    }

    /** Returns the canonical text of a 4-byte or 16-byte address. */
    public static String of(byte[] address) {
        if (address.length == 4) {
            return (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "."
                    + (address[3] & 0xff);
        }
        if (address.length != 16) {
            throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + address.length);
        }
        return ipv6(address);
    }

    private static String ipv6(byte[] bytes) {
        int[] groups = new int[GROUPS];
        for (int i = 0; i < GROUPS; i++) {
            groups[i] = (bytes[2 * i] & 0xff) << 8 | bytes[2 * i + 1] & 0xff;
        }

        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < GROUPS; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < GROUPS && groups[i] == 0) {
                i++;
            }
            if (i - start > bestLength) {
                bestStart = start;
                bestLength = i - start;
            }
        }

        StringBuilder text = new StringBuilder();
        for (int i = 0; i < GROUPS; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }
}
