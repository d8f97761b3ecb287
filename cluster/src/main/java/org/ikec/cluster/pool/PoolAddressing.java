package org.ikec.cluster.pool;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.OptionalInt;

import org.ikec.protocol.vip.AddressPoolConfig;

/**
 * The addresses of one pool numbered by offset from 0, and their split into segments of
 * {@code segmentSize} consecutive offsets. An IPv4 prefix of /30 or shorter leaves out its network
 * and broadcast addresses, and an IPv6 prefix shorter than /128 leaves out its first address (the
 * Subnet-Router anycast address of RFC 4291 §2.6.1).
 */
final class PoolAddressing {

    private final String pool;
    private final BigInteger first;
    private final int addressLength;
    private final boolean ipv6;
    private final int size;
    private final int segmentSize;
    private final boolean truncated;

    PoolAddressing(AddressPoolConfig config, PoolSettings settings) {
        int bits = config.ipv6() ? 128 : 32;
        if (config.prefixLength() < 0 || config.prefixLength() > bits) {
            throw new IllegalArgumentException("pool " + config.name() + " has an invalid prefix length /"
                    + config.prefixLength());
        }

        BigInteger hostBits = BigInteger.ONE.shiftLeft(bits - config.prefixLength());
        BigInteger network = new BigInteger(1, config.network().getAddress()).andNot(hostBits.subtract(BigInteger.ONE));
        boolean skipEnds = config.ipv6() ? config.prefixLength() < 128 : config.prefixLength() <= 30;
        BigInteger first = skipEnds ? network.add(BigInteger.ONE) : network;
        BigInteger available = hostBits;
        if (skipEnds) {
            available = hostBits.subtract(BigInteger.valueOf(config.ipv6() ? 1 : 2));
        }

        this.pool = config.name();
        this.first = first;
        this.addressLength = bits / 8;
        this.ipv6 = config.ipv6();
        this.truncated = available.compareTo(BigInteger.valueOf(settings.maxPoolSize())) > 0;
        this.size = truncated ? settings.maxPoolSize() : available.intValueExact();
        this.segmentSize = settings.segmentSize();
    }

    String pool() {
        return pool;
    }

    boolean ipv6() {
        return ipv6;
    }

    /** Returns the number of addresses the pool leases. */
    int size() {
        return size;
    }

    /** Tells whether the prefix contains more addresses than the pool uses. */
    boolean truncated() {
        return truncated;
    }

    int segmentCount() {
        return (size + segmentSize - 1) / segmentSize;
    }

    int segmentOf(int offset) {
        return offset / segmentSize;
    }

    int firstOffset(int segment) {
        return segment * segmentSize;
    }

    /** Returns the number of addresses in {@code segment}; only the last segment may have fewer. */
    int segmentLength(int segment) {
        return Math.min(segmentSize, size - firstOffset(segment));
    }

    int nextSegment(int segment) {
        return (segment + 1) % segmentCount();
    }

    InetAddress addressAt(int offset) {
        if (offset < 0 || offset >= size) {
            throw new IllegalArgumentException("offset " + offset + " is outside pool " + pool + " of " + size);
        }

        byte[] raw = first.add(BigInteger.valueOf(offset)).toByteArray();
        byte[] address = new byte[addressLength];
        int copied = Math.min(raw.length, addressLength);
        System.arraycopy(raw, raw.length - copied, address, addressLength - copied, copied);
        try {
            return InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of " + addressLength + " bytes was rejected", e);
        }
    }

    /** Returns the offset of {@code address}, or empty when the pool does not lease it. */
    OptionalInt offsetOf(InetAddress address) {
        if (address.getAddress().length != addressLength) {
            return OptionalInt.empty();
        }

        BigInteger offset = new BigInteger(1, address.getAddress()).subtract(first);
        if (offset.signum() < 0 || offset.compareTo(BigInteger.valueOf(size)) >= 0) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(offset.intValueExact());
    }

    /**
     * Returns the segment that coordinates the leases of {@code identity}. SHA-256 spreads identities
     * evenly and gives the same segment on every node and JVM.
     */
    int homeSegment(String identity) {
        byte[] digest = sha256(identity.getBytes(StandardCharsets.UTF_8));
        long value = new BigInteger(1, Arrays.copyOf(digest, 8)).longValue();
        return (int) Long.remainderUnsigned(value, segmentCount());
    }

    private static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}
