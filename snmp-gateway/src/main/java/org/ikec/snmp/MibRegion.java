package org.ikec.snmp;

import java.util.Iterator;
import java.util.NoSuchElementException;

import org.snmp4j.smi.OID;
import org.snmp4j.smi.Variable;
import org.snmp4j.smi.VariableBinding;

/**
 * One subtree of the agent's MIB view, which serves GET and GETNEXT for the instances under its
 * prefix (RFC 3416 §4.2.1 and §4.2.2).
 */
interface MibRegion {

    /** The OID every instance of this region starts with. */
    OID prefix();

    /**
     * Returns the value of {@code oid}, or {@code Null.noSuchObject} / {@code Null.noSuchInstance}
     * as RFC 3416 §4.2.1 defines them. {@code oid} starts with {@link #prefix()}.
     */
    Variable get(OID oid);

    /**
     * Returns the first instance after {@code oid} in lexicographic order, or {@code null} when this
     * region has none. With {@code v1} set, Counter64 instances are skipped (RFC 3584 §4.2.2.1).
     * {@code oid} is lower than every OID that follows this region's subtree.
     */
    VariableBinding next(OID oid, boolean v1);

    /**
     * Returns this region's instances after {@code oid} in lexicographic order, as {@link #next}
     * would return them one by one. A region with many instances overrides it so that each step
     * does not search from the top again. {@code oid} is as for {@link #next}.
     */
    default Iterator<VariableBinding> walk(OID oid, boolean v1) {
        return new Iterator<>() {
            private VariableBinding pending = MibRegion.this.next(oid, v1);

            @Override
            public boolean hasNext() {
                return pending != null;
            }

            @Override
            public VariableBinding next() {
                if (pending == null) {
                    throw new NoSuchElementException("no instance after " + oid);
                }
                VariableBinding current = pending;
                pending = MibRegion.this.next(current.getOid(), v1);
                return current;
            }
        };
    }
}
