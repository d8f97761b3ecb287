package org.ikec.loadtest.engine;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.ikec.protocol.wire.ConfigAttribute;
import org.ikec.protocol.wire.ConfigAttributeType;
import org.ikec.protocol.wire.ConfigType;
import org.ikec.protocol.wire.Configuration;

/**
 * The virtual IP addresses each emulated client requests with CP(CFG_REQUEST) in IKE_AUTH
 * (RFC 7296 §3.15), and how it reads the addresses out of the target's CFG_REPLY.
 */
public enum VirtualIpRequest {
    NONE("none", false, false),
    V4("v4", true, false),
    V6("v6", false, true),
    BOTH("both", true, true);

    /** INTERNAL_IP6_ADDRESS carries the address followed by one octet of prefix length (RFC 7296 §3.15.1). */
    private static final int IPV6_VALUE_LENGTH = 17;

    private final String label;
    private final boolean ipv4;
    private final boolean ipv6;

    VirtualIpRequest(String label, boolean ipv4, boolean ipv6) {
        this.label = label;
        this.ipv4 = ipv4;
        this.ipv6 = ipv6;
    }

    public String label() {
        return label;
    }

    /**
     * Parses {@code none}, {@code v4}, {@code v6} or {@code both}, ignoring case.
     *
     * @throws IllegalArgumentException for any other text
     */
    public static VirtualIpRequest parse(String text) {
        for (VirtualIpRequest request : values()) {
            if (request.label.equals(text.toLowerCase(Locale.ROOT))) {
                return request;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not none, v4, v6 or both");
    }

    /** Builds the CFG_REQUEST with an empty INTERNAL_IP4_ADDRESS and/or INTERNAL_IP6_ADDRESS attribute. */
    public Configuration configuration() {
        List<ConfigAttribute> attributes = new ArrayList<>();
        if (ipv4) {
            attributes.add(new ConfigAttribute(ConfigAttributeType.INTERNAL_IP4_ADDRESS, new byte[0]));
        }
        if (ipv6) {
            attributes.add(new ConfigAttribute(ConfigAttributeType.INTERNAL_IP6_ADDRESS, new byte[0]));
        }
        return new Configuration(ConfigType.CFG_REQUEST, attributes);
    }

    /**
     * Returns the addresses in {@code reply}, in attribute order; empty when {@code reply} is null
     * or has no address attribute. Values of the wrong length are skipped.
     */
    public static List<InetAddress> addressesIn(Configuration reply) {
        List<InetAddress> addresses = new ArrayList<>();
        if (reply == null || reply.cfgType() != ConfigType.CFG_REPLY) {
            return addresses;
        }
        for (ConfigAttribute attribute : reply.attributes()) {
            byte[] value = attribute.value();
            if (attribute.type() == ConfigAttributeType.INTERNAL_IP4_ADDRESS && value.length == 4) {
                addresses.add(address(value));
            } else if (attribute.type() == ConfigAttributeType.INTERNAL_IP6_ADDRESS
                    && value.length == IPV6_VALUE_LENGTH) {
                addresses.add(address(Arrays.copyOf(value, 16)));
            }
        }
        return addresses;
    }

    private static InetAddress address(byte[] octets) {
        try {
            return InetAddress.getByAddress(octets);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of " + octets.length + " octets was rejected", e);
        }
    }
}
