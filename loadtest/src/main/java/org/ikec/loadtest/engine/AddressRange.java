package org.ikec.loadtest.engine;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * An inclusive range of IPv4 or IPv6 source addresses, written {@code 127.1.0.1-127.1.0.254} or as
 * one address. Both ends must be literal addresses of the same family.
 */
public record AddressRange(InetAddress first, InetAddress last) {

    /** The largest range accepted, so a typo cannot make the generator bind millions of sockets. */
    public static final int MAX_ADDRESSES = 65_536;

    public AddressRange {
        if (first.getAddress().length != last.getAddress().length) {
            throw new IllegalArgumentException("the range " + first.getHostAddress() + "-" + last.getHostAddress()
                    + " mixes IPv4 and IPv6");
        }
        if (number(first).compareTo(number(last)) > 0) {
            throw new IllegalArgumentException("the range " + first.getHostAddress() + "-" + last.getHostAddress()
                    + " ends before it starts");
        }
        if (number(last).subtract(number(first)).compareTo(BigInteger.valueOf(MAX_ADDRESSES)) >= 0) {
            throw new IllegalArgumentException("the range " + first.getHostAddress() + "-" + last.getHostAddress()
                    + " has more than " + MAX_ADDRESSES + " addresses");
        }
    }

    /** Parses {@code A} or {@code A-B}, where A and B are literal addresses. */
    public static AddressRange parse(String text) {
        String[] ends = text.split("-", -1);
        if (ends.length > 2 || text.isBlank()) {
            throw new IllegalArgumentException("invalid address range '" + text + "'; expected ADDRESS or ADDRESS-ADDRESS");
        }
        InetAddress first = literal(ends[0].trim(), text);
        InetAddress last = ends.length == 2 ? literal(ends[1].trim(), text) : first;
        return new AddressRange(first, last);
    }

    private static InetAddress literal(String text, String range) {
        boolean looksLiteral = text.matches("[0-9.]+") && text.chars().filter(c -> c == '.').count() == 3
                || text.contains(":");
        if (!looksLiteral) {
            throw new IllegalArgumentException("invalid address '" + text + "' in '" + range + "'; use a literal IP address");
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("invalid address '" + text + "' in '" + range + "'; use a literal IP address");
        }
    }

    public int size() {
        return number(last).subtract(number(first)).intValueExact() + 1;
    }

    /** Lists every address of the range in order. */
    public List<InetAddress> addresses() {
        List<InetAddress> result = new ArrayList<>();
        BigInteger start = number(first);
        int length = first.getAddress().length;
        for (int i = 0; i < size(); i++) {
            result.add(address(start.add(BigInteger.valueOf(i)), length));
        }
        return result;
    }

    private static BigInteger number(InetAddress address) {
        return new BigInteger(1, address.getAddress());
    }

    private static InetAddress address(BigInteger number, int length) {
        byte[] raw = number.toByteArray();
        byte[] bytes = new byte[length];
        int copy = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - copy, bytes, length - copy, copy);
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of " + length + " bytes was rejected", e);
        }
    }

    @Override
    public String toString() {
        return first.equals(last) ? first.getHostAddress() : first.getHostAddress() + "-" + last.getHostAddress();
    }
}
