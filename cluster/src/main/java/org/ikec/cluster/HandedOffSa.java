package org.ikec.cluster;

import org.ikec.protocol.ike.IkeSaState;

/**
 * One IKE SA's exported state while its entity moves between nodes. It contains keys.
 *
 * @param tunnelIndex the tunnel index the IKE SA held, which it claims again on the next node;
 *                    0 if it had none
 */
record HandedOffSa(IkeSaState state, int tunnelIndex) implements CborSerializable {
}
