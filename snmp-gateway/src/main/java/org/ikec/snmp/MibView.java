package org.ikec.snmp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.snmp4j.smi.Null;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.Variable;
import org.snmp4j.smi.VariableBinding;

/** The agent's whole MIB view: its regions in OID order, none inside another. */
final class MibView {

    private final List<MibRegion> regions;

    MibView(List<? extends MibRegion> regions) {
        List<MibRegion> sorted = new ArrayList<>(regions);
        sorted.sort(Comparator.comparing(MibRegion::prefix));
        this.regions = List.copyOf(sorted);
    }

    /** Returns the value of {@code oid} or a noSuchObject / noSuchInstance exception value. */
    Variable get(OID oid) {
        for (MibRegion region : regions) {
            if (oid.startsWith(region.prefix())) {
                return region.get(oid);
            }
        }
        return Null.noSuchObject;
    }

    /** Returns the lexicographic successor of {@code oid}, or {@code null} at the end of the view. */
    VariableBinding next(OID oid, boolean v1) {
        for (MibRegion region : regions) {
            if (oid.compareTo(region.prefix()) < 0 || oid.startsWith(region.prefix())) {
                VariableBinding next = region.next(oid, v1);
                if (next != null) {
                    return next;
                }
            }
        }
        return null;
    }
}
