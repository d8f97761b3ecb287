package org.ikec.node.interop;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * One IKE SA as {@code ctl list --json} of the node prints it. Unknown fields are ignored so
 * the node may add fields without breaking these tests.
 *
 * @param id            the node's SA id, accepted by {@code ctl terminate}
 * @param connection    configured connection name
 * @param state         IKE SA state
 * @param remoteAddress the peer's address as the node receives it, after any NAT
 * @param remoteId      the peer's authenticated identity
 * @param proposal      negotiated IKE algorithms
 * @param children      the CHILD SAs of this IKE SA
 * @param virtualIps    the virtual IP addresses leased to the peer, empty when none
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record NodeSa(
        String id,
        String connection,
        String state,
        String remoteAddress,
        String remoteId,
        String proposal,
        List<NodeChildSa> children,
        List<String> virtualIps) {

    NodeSa {
        children = children == null ? List.of() : List.copyOf(children);
        virtualIps = virtualIps == null ? List.of() : List.copyOf(virtualIps);
    }

    /** Returns the only CHILD SA with this name, or throws when there is none or more than one. */
    NodeChildSa child(String name) {
        List<NodeChildSa> matching = children.stream().filter(child -> child.name().equals(name)).toList();
        if (matching.size() != 1) {
            throw new IllegalStateException("expected one CHILD SA named " + name + " but found " + children);
        }
        return matching.get(0);
    }
}
