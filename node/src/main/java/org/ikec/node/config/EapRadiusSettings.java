package org.ikec.node.config;

import java.util.Set;

import org.ikec.node.radius.RadiusClientConfig;

/**
 * The {@code ikec.eap-radius} section: the RADIUS servers that run EAP for peers of connections
 * with {@code remote { auth = eap-radius }} (RFC 3579).
 *
 * @param client the servers in order of preference and their dead time
 * @param nasIdentifier the NAS-Identifier of every Access-Request (RFC 2865 §5.32)
 * @param connections names of the connections whose peers authenticate through RADIUS
 */
public record EapRadiusSettings(RadiusClientConfig client, String nasIdentifier, Set<String> connections) {

    public EapRadiusSettings {
        connections = Set.copyOf(connections);
    }
}
