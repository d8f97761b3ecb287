package org.ikec.node.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.ikec.node.logging.LoggingSettings;
import org.ikec.node.metrics.MetricsSettings;
import org.ikec.protocol.config.IkeSettings;
import org.ikec.snmp.AgentSettings;

import com.typesafe.config.Config;

/**
 * Everything a node takes from its configuration file: where it listens, the IKE settings, and
 * the Pekko configuration derived from the {@code ikec} section.
 *
 * @param listenAddresses addresses the IKE and NAT-T sockets bind to
 * @param ikePort UDP port for IKE (500 by default); 0 picks a free port
 * @param natPort UDP port for IKE and ESP in UDP (RFC 3948, 4500 by default); 0 picks a free port
 * @param receiveBufferBytes requested SO_RCVBUF of every UDP socket
 * @param management address of the management HTTP server; port 0 picks a free port
 * @param clusterSecret key for SPI derivation and cookies, shared by every node of the cluster
 * @param clusterSecretConfigured false when the secret was generated at start (single node only)
 * @param embeddedDefault true when the built-in demo configuration is in use
 * @param pekko the complete Pekko configuration for the node's actor system
 * @param snmp the SNMP agent to run on this node, empty when {@code ikec.snmp.enabled = false} and
 *     the node has no gateway role
 * @param metrics the Prometheus endpoint
 * @param logging the log format and whether keys are logged
 * @param roles what the node does in the cluster, never empty
 * @param eapRadius the RADIUS servers for connections with {@code remote.auth = eap-radius}, or
 *     empty when no connection uses them
 */
public record NodeConfig(List<InetAddress> listenAddresses, int ikePort, int natPort, int receiveBufferBytes,
                         InetSocketAddress management, byte[] clusterSecret, boolean clusterSecretConfigured,
                         IkeSettings ike, boolean embeddedDefault, Config pekko, Optional<AgentSettings> snmp,
                         MetricsSettings metrics, LoggingSettings logging, Set<NodeRole> roles,
                         Optional<EapRadiusSettings> eapRadius) {

    public NodeConfig {
        listenAddresses = List.copyOf(listenAddresses);
        roles = Set.copyOf(roles);
        clusterSecret = clusterSecret.clone();
    }

    /** Creates a configuration without RADIUS servers. */
    public NodeConfig(List<InetAddress> listenAddresses, int ikePort, int natPort, int receiveBufferBytes,
                      InetSocketAddress management, byte[] clusterSecret, boolean clusterSecretConfigured,
                      IkeSettings ike, boolean embeddedDefault, Config pekko, Optional<AgentSettings> snmp,
                      MetricsSettings metrics, LoggingSettings logging, Set<NodeRole> roles) {
        this(listenAddresses, ikePort, natPort, receiveBufferBytes, management, clusterSecret, clusterSecretConfigured,
                ike, embeddedDefault, pekko, snmp, metrics, logging, roles, Optional.empty());
    }

    /** Returns whether the node has {@code role}. */
    public boolean hasRole(NodeRole role) {
        return roles.contains(role);
    }

    @Override
    public byte[] clusterSecret() {
        return clusterSecret.clone();
    }

    @Override
    public String toString() {
        return "NodeConfig[listen=" + listenAddresses + " ike=" + ikePort + " nat-t=" + natPort
                + " management=" + management + " connections=" + ike.connections().size() + " roles=" + roles + "]";
    }
}
