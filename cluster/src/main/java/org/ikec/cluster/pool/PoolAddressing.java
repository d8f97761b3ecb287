package org.ikec.cluster.pool;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
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
    private final String cidr;
    private final BigInteger first;
    private final int addressLength;
    private final boolean ipv6;
    private final int size;
    private final int segmentSize;
    private final int maxPoolSize;
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
        this.cidr = config.network().getHostAddress() + "/" + config.prefixLength();
        this.first = first;
        this.addressLength = bits / 8;
        this.ipv6 = config.ipv6();
        this.truncated = available.compareTo(BigInteger.valueOf(settings.maxPoolSize())) > 0;
        this.size = truncated ? settings.maxPoolSize() : available.intValueExact();
        this.segmentSize = settings.segmentSize();
        this.maxPoolSize = settings.maxPoolSize();
    }

    private PoolAddressing(PoolAddressing base, BigInteger first, int addressLength, int size) {
        this.pool = base.pool;
        this.cidr = base.cidr;
        this.first = first;
        this.addressLength = addressLength;
        this.ipv6 = addressLength == 16;
        this.truncated = false;
        this.size = size;
        this.segmentSize = base.segmentSize;
        this.maxPoolSize = base.maxPoolSize;
    }

    /**
     * Returns the numbering of a pool that this node does not configure: it starts nowhere and
     * leases nothing until a segment state or a resize supplies an extent.
     */
    static PoolAddressing undefined(String pool, PoolSettings settings) {
        return new PoolAddressing(new AddressPoolConfig(pool, zeroAddress(), 32, List.of()), settings)
                .withExtent(new PoolExtent("0.0.0.0", 0));
    }

    private static InetAddress zeroAddress() {
        try {
            return InetAddress.getByAddress(new byte[4]);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a 4-byte address was rejected", e);
        }
    }

    /** Returns this pool numbered as {@code extent} gives it: from its first address, with its size. */
    PoolAddressing withExtent(PoolExtent extent) {
        byte[] firstAddress;
        try {
            // A numeric literal: InetAddress parses it without a name lookup.
            firstAddress = InetAddress.getByName(extent.first()).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("pool " + pool + " starts at '" + extent.first()
                    + "', which is not an IP address", e);
        }
        return new PoolAddressing(this, new BigInteger(1, firstAddress), firstAddress.length, extent.size());
    }

    /** Returns where the numbering starts and how many addresses the pool leases. */
    PoolExtent extent() {
        return new PoolExtent(toAddress(first).getHostAddress(), size);
    }

    /** Returns the configured {@code addrs}, such as {@code 10.3.0.0/24}. */
    String cidr() {
        return cidr;
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

    /** Returns the number of segments, 0 for a pool of no addresses. */
    int segmentCount() {
        return (size + segmentSize - 1) / segmentSize;
    }

    int segmentOf(int offset) {
        return offset / segmentSize;
    }

    int firstOffset(int segment) {
        return segment * segmentSize;
    }

    /**
     * Returns the number of addresses in {@code segment}. Only the last segment may have fewer than
     * the others, and a segment past the end of the pool has none.
     */
    int segmentLength(int segment) {
        return Math.max(0, Math.min(segmentSize, size - firstOffset(segment)));
    }

    int nextSegment(int segment) {
        int count = segmentCount();
        return count == 0 ? segment : (segment + 1) % count;
    }

    InetAddress addressAt(int offset) {
        if (offset < 0 || offset >= size) {
            throw new IllegalArgumentException("offset " + offset + " is outside pool " + pool + " of " + size);
        }

        return toAddress(first.add(BigInteger.valueOf(offset)));
    }

    /**
     * Returns the address at {@code offset} of a lease that a segment granted. A segment that
     * another node resized may lease beyond this node's {@link #size()}, so only the largest pool
     * size bounds the offset here.
     */
    InetAddress grantedAddress(int offset) {
        if (offset < 0 || offset >= maxPoolSize) {
            throw new IllegalArgumentException("offset " + offset + " is outside every pool size up to " + maxPoolSize);
        }
        return toAddress(first.add(BigInteger.valueOf(offset)));
    }

    private InetAddress toAddress(BigInteger value) {
        byte[] raw = value.toByteArray();
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
        return offsetBelow(address, size);
    }

    /**
     * Returns the offset of a leased {@code address} to release or transfer it, or empty when no
     * pool size could contain it. Like {@link #grantedAddress}, it accepts offsets past this
     * node's {@link #size()}.
     */
    OptionalInt leasedOffsetOf(InetAddress address) {
        return offsetBelow(address, maxPoolSize);
    }

    private OptionalInt offsetBelow(InetAddress address, int limit) {
        if (address.getAddress().length != addressLength) {
            return OptionalInt.empty();
        }

        BigInteger offset = new BigInteger(1, address.getAddress()).subtract(first);
        if (offset.signum() < 0 || offset.compareTo(BigInteger.valueOf(limit)) >= 0) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(offset.intValueExact());
    }

    /**
     * Returns the segment that coordinates the leases of {@code identity}. SHA-256 spreads identities
     * evenly and gives the same segment on every node and JVM.
     */
    int homeSegment(String identity) {
        int count = segmentCount();
        if (count == 0) {
            return 0;
        }

        byte[] digest = sha256(identity.getBytes(StandardCharsets.UTF_8));
        long value = new BigInteger(1, Arrays.copyOf(digest, 8)).longValue();
        return (int) Long.remainderUnsigned(value, count);
    }

    private static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}
