package org.ikec.snmp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
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

    /**
     * Starts a walk through the view after {@code oid}. GETBULK takes its repetitions from one walk
     * per repeated binding, so that each step continues where the previous one stopped.
     */
    Walk walk(OID oid, boolean v1) {
        return new Walk(oid, v1);
    }

    /** A lexicographic walk through the view: each step returns the next instance. */
    final class Walk {

        private final boolean v1;
        private OID from;
        private int region;
        private Iterator<VariableBinding> instances;

        private Walk(OID from, boolean v1) {
            this.from = from;
            this.v1 = v1;
        }

        /** Returns the next instance, or {@code null} once the view has no more instances. */
        VariableBinding next() {
            while (true) {
                if (instances != null && instances.hasNext()) {
                    return instances.next();
                }
                if (instances != null) {
                    region++;
                    instances = null;
                }
                if (region >= regions.size()) {
                    return null;
                }

                MibRegion candidate = regions.get(region);
                if (from.compareTo(candidate.prefix()) < 0 || from.startsWith(candidate.prefix())) {
                    instances = candidate.walk(from, v1);
                    from = candidate.prefix();
                } else {
                    region++;
                }
            }
        }
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
