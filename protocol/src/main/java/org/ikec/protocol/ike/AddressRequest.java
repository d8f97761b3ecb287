package org.ikec.protocol.ike;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.ikec.protocol.config.IkeSettings;
import org.ikec.protocol.config.TrafficSelectorSpec;
import org.ikec.protocol.vip.AddressPoolConfig;
import org.ikec.protocol.vip.Lease;
import org.ikec.protocol.vip.LeaseRequest;
import org.ikec.protocol.wire.ConfigAttribute;
import org.ikec.protocol.wire.ConfigAttributeType;
import org.ikec.protocol.wire.ConfigType;
import org.ikec.protocol.wire.Configuration;
import org.ikec.protocol.wire.IkeMessage;

/**
 * A peer's CFG_REQUEST for virtual IP addresses in IKE_AUTH (RFC 7296 §2.19, §3.15.1) and the
 * responder's CFG_REPLY to it. The address, IPv4 netmask, DNS and subnet attributes are served; the
 * others (NBNS, DHCP, APPLICATION_VERSION) are left out of the reply, as §3.15.1 allows.
 *
 * @param ipv4 whether the peer asked for INTERNAL_IP4_ADDRESS
 * @param ipv6 whether the peer asked for INTERNAL_IP6_ADDRESS
 * @param netmask whether the peer asked for INTERNAL_IP4_NETMASK
 * @param ipv4Dns whether the peer asked for INTERNAL_IP4_DNS
 * @param ipv6Dns whether the peer asked for INTERNAL_IP6_DNS
 * @param ipv4Subnets whether the peer asked for INTERNAL_IP4_SUBNET
 * @param ipv6Subnets whether the peer asked for INTERNAL_IP6_SUBNET
 * @param proposed the non-zero addresses the peer proposed in its address attributes
 */
record AddressRequest(boolean ipv4, boolean ipv6, boolean netmask, boolean ipv4Dns, boolean ipv6Dns,
                      boolean ipv4Subnets, boolean ipv6Subnets, List<InetAddress> proposed) {

    /** INTERNAL_IP6_ADDRESS carries 16 address octets and one prefix-length octet. */
    private static final int IPV6_ADDRESS_LENGTH = 17;

    /** The prefix length sent with a leased IPv6 address: the peer owns that single address. */
    private static final byte IPV6_HOST_PREFIX = (byte) 128;

    AddressRequest {
        proposed = List.copyOf(proposed);
    }

    /** Returns the address request in {@code message}'s CFG_REQUEST, or empty when it requests no address. */
    static Optional<AddressRequest> of(IkeMessage message) {
        Optional<Configuration> cp = message.first(Configuration.class)
                .filter(payload -> payload.cfgType() == ConfigType.CFG_REQUEST);
        if (cp.isEmpty()) {
            return Optional.empty();
        }

        boolean ipv4 = false;
        boolean ipv6 = false;
        boolean netmask = false;
        boolean ipv4Dns = false;
        boolean ipv6Dns = false;
        boolean ipv4Subnets = false;
        boolean ipv6Subnets = false;
        List<InetAddress> proposed = new ArrayList<>();
        for (ConfigAttribute attribute : cp.get().attributes()) {
            switch (attribute.type()) {
                case ConfigAttributeType.INTERNAL_IP4_ADDRESS -> {
                    ipv4 = true;
                    proposedAddress(attribute.value(), 4).ifPresent(proposed::add);
                }
                case ConfigAttributeType.INTERNAL_IP6_ADDRESS -> {
                    ipv6 = true;
                    proposedAddress(attribute.value(), IPV6_ADDRESS_LENGTH).ifPresent(proposed::add);
                }
                case ConfigAttributeType.INTERNAL_IP4_NETMASK -> netmask = true;
                case ConfigAttributeType.INTERNAL_IP4_DNS -> ipv4Dns = true;
                case ConfigAttributeType.INTERNAL_IP6_DNS -> ipv6Dns = true;
                case ConfigAttributeType.INTERNAL_IP4_SUBNET -> ipv4Subnets = true;
                case ConfigAttributeType.INTERNAL_IP6_SUBNET -> ipv6Subnets = true;
                default -> {
                    // Attributes we do not serve are left out of the reply (§3.15.1).
                }
            }
        }
        if (!ipv4 && !ipv6) {
            return Optional.empty();
        }
        return Optional.of(new AddressRequest(ipv4, ipv6, netmask, ipv4Dns, ipv6Dns, ipv4Subnets, ipv6Subnets,
                proposed));
    }

    /** Returns the address in an attribute value of {@code length} octets, empty when it is absent or all zero. */
    private static Optional<InetAddress> proposedAddress(byte[] value, int length) {
        if (value.length != length) {
            return Optional.empty();
        }
        byte[] address = Arrays.copyOf(value, length == 4 ? 4 : 16);
        boolean zero = true;
        for (byte octet : address) {
            zero &= octet == 0;
        }
        return zero ? Optional.empty() : Optional.of(literal(address));
    }

    LeaseRequest toLeaseRequest(String saId, String identity, List<String> pools) {
        return new LeaseRequest(saId, identity, pools, ipv4, ipv6, proposed);
    }

    /**
     * Builds the CFG_REPLY for {@code leases}: each address, the IPv4 netmask of its pool when
     * asked, the name servers of the leases' pools for each DNS family asked, and for each subnet
     * family asked the {@code protectedSubnets} (the connection's local traffic selectors) that are
     * whole prefixes.
     */
    Configuration reply(List<Lease> leases, IkeSettings settings, List<TrafficSelectorSpec> protectedSubnets) {
        List<ConfigAttribute> attributes = new ArrayList<>();
        List<InetAddress> dns = new ArrayList<>();
        for (Lease lease : leases) {
            byte[] address = lease.address().getAddress();
            AddressPoolConfig pool = settings.pool(lease.pool());
            if (address.length == 4) {
                attributes.add(new ConfigAttribute(ConfigAttributeType.INTERNAL_IP4_ADDRESS, address));
                if (netmask && pool != null) {
                    attributes.add(new ConfigAttribute(ConfigAttributeType.INTERNAL_IP4_NETMASK,
                            netmask(pool.prefixLength())));
                }
            } else {
                byte[] value = Arrays.copyOf(address, IPV6_ADDRESS_LENGTH);
                value[16] = IPV6_HOST_PREFIX;
                attributes.add(new ConfigAttribute(ConfigAttributeType.INTERNAL_IP6_ADDRESS, value));
            }
            if (pool != null) {
                pool.dns().stream().filter(server -> !dns.contains(server)).forEach(dns::add);
            }
        }

        for (InetAddress server : dns) {
            boolean v4 = server.getAddress().length == 4;
            if (v4 && ipv4Dns) {
                attributes.add(new ConfigAttribute(ConfigAttributeType.INTERNAL_IP4_DNS, server.getAddress()));
            } else if (!v4 && ipv6Dns) {
                attributes.add(new ConfigAttribute(ConfigAttributeType.INTERNAL_IP6_DNS, server.getAddress()));
            }
        }
        for (TrafficSelectorSpec subnet : protectedSubnets) {
            boolean v6 = subnet.isIpv6();
            if (v6 ? ipv6Subnets : ipv4Subnets) {
                subnetValue(subnet).ifPresent(value -> attributes.add(new ConfigAttribute(
                        v6 ? ConfigAttributeType.INTERNAL_IP6_SUBNET : ConfigAttributeType.INTERNAL_IP4_SUBNET, value)));
            }
        }
        return new Configuration(ConfigType.CFG_REPLY, attributes);
    }

    /**
     * Encodes a selector's address range as INTERNAL_IP4_SUBNET (address and netmask) or
     * INTERNAL_IP6_SUBNET (address and prefix length), or returns empty when the range is dynamic
     * or no whole prefix.
     */
    static Optional<byte[]> subnetValue(TrafficSelectorSpec subnet) {
        if (subnet.dynamic()) {
            return Optional.empty();
        }
        byte[] start = subnet.startAddress();
        byte[] end = subnet.endAddress();
        int prefix = 0;
        while (prefix < start.length * 8 && bit(start, prefix) == bit(end, prefix)) {
            prefix++;
        }
        for (int position = prefix; position < start.length * 8; position++) {
            if (bit(start, position) != 0 || bit(end, position) != 1) {
                return Optional.empty();
            }
        }

        if (start.length == 4) {
            byte[] value = Arrays.copyOf(start, 8);
            System.arraycopy(netmask(prefix), 0, value, 4, 4);
            return Optional.of(value);
        }
        byte[] value = Arrays.copyOf(start, 17);
        value[16] = (byte) prefix;
        return Optional.of(value);
    }

    private static int bit(byte[] address, int position) {
        return (address[position / 8] >> (7 - position % 8)) & 1;
    }

    static byte[] netmask(int prefixLength) {
        int mask = prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
        return new byte[] {(byte) (mask >>> 24), (byte) (mask >>> 16), (byte) (mask >>> 8), (byte) mask};
    }

    private static InetAddress literal(byte[] address) {
        try {
            return InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a 4- or 16-octet address is always valid", e);
        }
    }
}
