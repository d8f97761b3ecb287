package org.ikec.snmp;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.Null;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.TimeTicks;
import org.snmp4j.smi.Variable;
import org.snmp4j.smi.VariableBinding;

/** The MIB-2 system group (RFC 3418 §2): scalars 1.3.6.1.2.1.1.1.0 to 1.3.6.1.2.1.1.7.0. */
final class SystemGroup implements MibRegion {

    static final OID SYSTEM = new OID("1.3.6.1.2.1.1");
    static final OID SYS_UP_TIME = new OID("1.3.6.1.2.1.1.3.0");

    /** sysServices: applications (layer 7) plus end-to-end (layer 4), RFC 3418 §2. */
    private static final int SERVICES = 72;

    private final TreeMap<OID, Supplier<Variable>> scalars = new TreeMap<>();

    /**
     * @param upTimeHundredths the agent's uptime in hundredths of a second, read on each request
     */
    SystemGroup(String description, String name, String contact, String location,
                java.util.function.LongSupplier upTimeHundredths) {
        OctetString descr = new OctetString(description);
        // zeroDotZero (RFC 2578 §2): the product has no enterprise registration of its own.
        OID objectId = new OID("0.0");
        scalars.put(scalar(1), () -> descr);
        scalars.put(scalar(2), () -> objectId);
        scalars.put(scalar(3), () -> new TimeTicks(upTimeHundredths.getAsLong() & 0xffffffffL));
        scalars.put(scalar(4), () -> new OctetString(contact));
        scalars.put(scalar(5), () -> new OctetString(name));
        scalars.put(scalar(6), () -> new OctetString(location));
        scalars.put(scalar(7), () -> new Integer32(SERVICES));
    }

    private static OID scalar(int id) {
        return new OID(SYSTEM).append(id).append(0);
    }

    @Override
    public OID prefix() {
        return SYSTEM;
    }

    @Override
    public Variable get(OID oid) {
        Supplier<Variable> value = scalars.get(oid);
        if (value != null) {
            return value.get();
        }
        boolean knownObject = oid.size() > SYSTEM.size() && scalars.containsKey(
                new OID(oid.getValue(), 0, SYSTEM.size() + 1).append(0));
        return knownObject ? Null.noSuchInstance : Null.noSuchObject;
    }

    @Override
    public VariableBinding next(OID oid, boolean v1) {
        Map.Entry<OID, Supplier<Variable>> next = scalars.higherEntry(oid);
        return next == null ? null : new VariableBinding(next.getKey(), next.getValue().get());
    }
}
