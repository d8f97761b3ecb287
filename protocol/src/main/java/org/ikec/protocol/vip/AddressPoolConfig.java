package org.ikec.protocol.vip;

import java.net.InetAddress;
import java.util.List;

/**
 * A configured pool of virtual IP addresses that remote-access peers request with a configuration
 * payload (RFC 7296 §3.15), as a swanctl {@code pools} section with {@code addrs} in CIDR form.
 *
 * @param name the pool's name, which connections list in their {@code pools}
 * @param network the first address of the prefix
 * @param prefixLength the prefix length of {@code addrs}
 * @param dns name servers sent as INTERNAL_IP4_DNS or INTERNAL_IP6_DNS when the peer requests them
 */
public record AddressPoolConfig(String name, InetAddress network, int prefixLength, List<InetAddress> dns) {

    public AddressPoolConfig {
        dns = List.copyOf(dns);
    }

    /** Tells whether the pool contains IPv6 addresses. */
    public boolean ipv6() {
        return network.getAddress().length == 16;
    }
}
