package org.ikec.node.config;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.ikec.protocol.config.ConnectionConfig;
import org.ikec.protocol.vip.AddressPoolConfig;
import org.ikec.protocol.vip.Lease;

/**
 * Reads the {@code ikec.pools} section of virtual IP address pools, as swanctl.conf's
 * {@code pools}: one section per pool with {@code addrs} as an IPv4 or IPv6 CIDR block and an
 * optional {@code dns} list. Ranges ({@code a-b}) are not accepted.
 */
final class PoolParser {

    /** The largest pool, in host bits: 2^20 (1,048,576) addresses. */
    static final int MAX_HOST_BITS = 20;

    private static final Set<String> POOL_KEYS = Set.of("addrs", "dns");

    private PoolParser() {
    }

    /** Parses every pool; a missing section means no pools. */
    static List<AddressPoolConfig> parse(ConfigReader ikec) {
        if (!ikec.has("pools")) {
            return List.of();
        }

        ConfigReader pools = ikec.section("pools");
        List<AddressPoolConfig> parsed = new ArrayList<>();
        for (String name : pools.keys()) {
            if (name.equals(Lease.OUTSIDE_POOLS)) {
                throw new ConfigError(pools.pathOf(name), "the pool name '" + name + "' is reserved for addresses"
                        + " that a RADIUS server assigns outside every pool; rename the pool");
            }
            parsed.add(pool(name, pools.section(name)));
        }
        return parsed;
    }

    private static AddressPoolConfig pool(String name, ConfigReader section) {
        section.requireKnownKeys(POOL_KEYS);

        String addrs = section.string("addrs", "missing; give the pool's CIDR block, for example addrs = \"10.3.0.0/24\"");
        int slash = addrs.indexOf('/');
        if (slash < 0) {
            throw new ConfigError(section.pathOf("addrs"), "'" + addrs + "' is not a CIDR block; write an address"
                    + " and a prefix length, for example \"10.3.0.0/24\" or \"fd00:3::/120\"");
        }
        InetAddress network = ConfigLoader.address(section, "addrs", addrs.substring(0, slash));
        int bits = network.getAddress().length * 8;
        int prefixLength = prefixLength(section, addrs, addrs.substring(slash + 1), bits);

        if (bits - prefixLength > MAX_HOST_BITS) {
            throw new ConfigError(section.pathOf("addrs"), "pool '" + addrs + "' has 2^" + (bits - prefixLength)
                    + " addresses, more than the limit of 2^" + MAX_HOST_BITS + " (1048576); use a prefix length of /"
                    + (bits - MAX_HOST_BITS) + " or longer");
        }
        BigInteger hostPart = new BigInteger(1, network.getAddress()).and(
                BigInteger.ONE.shiftLeft(bits - prefixLength).subtract(BigInteger.ONE));
        if (hostPart.signum() != 0) {
            throw new ConfigError(section.pathOf("addrs"), "'" + addrs + "' has host bits set after the prefix;"
                    + " write the network address of the block");
        }

        List<InetAddress> dns = new ArrayList<>();
        for (String server : section.stringListOr("dns", List.of())) {
            dns.add(ConfigLoader.address(section, "dns", server));
        }
        return new AddressPoolConfig(name, network, prefixLength, dns);
    }

    private static int prefixLength(ConfigReader section, String addrs, String text, int bits) {
        int prefixLength;
        try {
            prefixLength = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            prefixLength = -1;
        }
        if (prefixLength < 0 || prefixLength > bits || !text.matches("[0-9]+")) {
            throw new ConfigError(section.pathOf("addrs"), "invalid prefix length '" + text + "' in '" + addrs
                    + "'; give a number from 0 to " + bits);
        }
        return prefixLength;
    }

    /** Rejects a connection whose {@code pools} names a pool that is not configured. */
    static void requireKnownPools(ConfigReader ikec, List<ConnectionConfig> connections, List<AddressPoolConfig> pools) {
        List<String> names = pools.stream().map(AddressPoolConfig::name).toList();
        for (ConnectionConfig connection : connections) {
            for (String pool : connection.pools()) {
                if (!names.contains(pool)) {
                    throw new ConfigError(ikec.pathOf("connections") + "." + connection.name() + ".pools",
                            "unknown pool '" + pool + "'; configured pools: " + names
                                    + ". Add it, for example pools { " + pool + " { addrs = \"10.3.0.0/24\" } }");
                }
            }
        }
    }
}
