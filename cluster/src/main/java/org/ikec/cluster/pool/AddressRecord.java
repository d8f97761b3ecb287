package org.ikec.cluster.pool;

import org.ikec.cluster.CborSerializable;

/**
 * What a segment stores about one address it has leased at least once.
 *
 * @param saId         the IKE SA that holds the address, or null while it is free
 * @param identity     the identity of the holder, or of the last holder while the address is free
 * @param node         the unique address of the cluster node whose IKE SA holds the address, or null
 *                     while it is free
 * @param releaseStamp the segment's release counter at the last release, 0 for never released; free
 *                     addresses are leased again in increasing order of this stamp
 */
record AddressRecord(String saId, String identity, String node, long releaseStamp) implements CborSerializable {

    boolean free() {
        return saId == null;
    }
}
