package org.ikec.cluster;

import java.time.Instant;
import java.util.List;

/**
 * What the management interface shows of one IKE SA. It holds no key material.
 *
 * @param tunnelIndex the cluster-wide tunnel index (jnxIkeTunIndex), which stays the same across
 *     IKE SA rekeys; {@code null} until the allocator has answered, shortly after IKE_AUTH
 * @param id the IKE SA's cluster-wide id (our SPI in hex)
 * @param state {@code CONNECTING}, {@code ESTABLISHED}, {@code REKEYING}, {@code DELETING}
 * @param proposal the negotiated IKE proposal in swanctl syntax
 */
public record SaSnapshot(String id, String node, String connection, Integer tunnelIndex, String state,
                         boolean initiator,
                         String spiI, String spiR, String localAddress, String remoteAddress,
                         String localId, String remoteId, String proposal, Instant establishedAt,
                         List<ChildSaSnapshot> children) {

    public SaSnapshot {
        children = List.copyOf(children);
    }
}
