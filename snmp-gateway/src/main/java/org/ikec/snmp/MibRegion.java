package org.ikec.snmp;

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
}
