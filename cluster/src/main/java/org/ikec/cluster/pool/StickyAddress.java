package org.ikec.cluster.pool;

import org.ikec.cluster.CborSerializable;

/**
 * The address an identity leased last.
 *
 * @param offset   the pool offset, in any segment
 * @param sequence the segment's stamp when the identity leased it, so the oldest entries can be dropped
 */
record StickyAddress(int offset, long sequence) implements CborSerializable {
}
