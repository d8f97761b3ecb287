package org.ikec.node.interop;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One IKE SA as {@code ctl list --cluster --json} prints it: an entry of the cluster's SA
 * directory, from whichever member runs the SA. Unknown fields are ignored.
 *
 * @param id            the SA id, accepted by {@code ctl terminate}
 * @param node          address of the member that runs the SA
 * @param connection    configured connection name, the service set of the SNMP tables
 * @param tunnelIndex   cluster-wide tunnel index, {@code null} until one is allocated
 * @param state         IKE SA state
 * @param initiator     whether the node initiated the SA
 * @param remoteAddress the peer's address and port as the node receives them
 * @param remoteId      the peer's authenticated identity
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record ClusterSa(String id, String node, String connection, Integer tunnelIndex, String state, boolean initiator,
                 String remoteAddress, String remoteId) {

    /** Returns the address part of {@link #remoteAddress()}, for IPv6 without brackets. */
    String remoteHost() {
        int colon = remoteAddress.lastIndexOf(':');
        String host = colon < 0 ? remoteAddress : remoteAddress.substring(0, colon);
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
