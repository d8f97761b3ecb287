package org.ikec.node.config;

import java.util.Optional;

import org.ikec.snmp.SnmpGateway;

/**
 * A node's function in the cluster, as {@code ikec.roles} lists it. Each role is also the node's
 * Pekko cluster role, so IKE SA sharding and the SNMP agent singleton pick their nodes by it.
 */
public enum NodeRole {
    /** Binds the IKE sockets and hosts IKE SA shards and tunnel index allocators. */
    CONCENTRATOR("concentrator"),
    /** Follows every node's SA feed. The oldest gateway-role member binds the SNMP agent. */
    GATEWAY(SnmpGateway.ROLE);

    private final String configName;

    NodeRole(String configName) {
        this.configName = configName;
    }

    /** Returns the name used in {@code ikec.roles} and as the Pekko cluster role. */
    public String configName() {
        return configName;
    }

    /** Returns the role that {@code name} stands for in {@code ikec.roles}, or empty for any other name. */
    public static Optional<NodeRole> fromConfigName(String name) {
        for (NodeRole role : values()) {
            if (role.configName.equals(name)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
