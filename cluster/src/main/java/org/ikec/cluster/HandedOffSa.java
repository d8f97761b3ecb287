package org.ikec.cluster;

import org.ikec.protocol.ike.IkeSaState;

/** One IKE SA's exported state while its entity moves between nodes. It contains keys. */
record HandedOffSa(IkeSaState state) implements CborSerializable {
}
