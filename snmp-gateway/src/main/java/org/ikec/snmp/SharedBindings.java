package org.ikec.snmp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.Variable;
import org.snmp4j.smi.VariableBinding;

/**
 * Makes the variable bindings of a walk without SNMP4J's defensive copies. The
 * {@code VariableBinding(OID, Variable)} constructor clones both the OID and the value, and in a
 * profile of a 100,000-row GETBULK walk those clones took half of the agent thread's samples. The
 * agent's cell values are never changed after a row is built and a response is only encoded, so
 * a binding may share them. The bindings get their fields set through VarHandles on SNMP4J's
 * private fields {@code oid} and {@code variable}.
 *
 * <p>NOTE: this depends on the field names of SNMP4J 3.9.6. When they change, the lookup fails
 * once at class initialisation, a WARN is logged, and every binding is made with the copying
 * constructor again, which is correct but slower.
 */
final class SharedBindings {

    private static final Logger LOG = LoggerFactory.getLogger("org.ikec.snmp");
    private static final VarHandle OID_FIELD;
    private static final VarHandle VARIABLE_FIELD;

    static {
        VarHandle oid = null;
        VarHandle variable = null;
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(VariableBinding.class, MethodHandles.lookup());
            oid = lookup.findVarHandle(VariableBinding.class, "oid", OID.class);
            variable = lookup.findVarHandle(VariableBinding.class, "variable", Variable.class);
        } catch (ReflectiveOperationException | SecurityException | IllegalArgumentException e) {
            LOG.warn("SNMP4J's VariableBinding fields are not accessible ({}); walks copy every value", e.toString());
            oid = null;
            variable = null;
        }
        OID_FIELD = oid;
        VARIABLE_FIELD = variable;
    }

    private SharedBindings() {
    }

    /** Returns whether bindings share their OID and value rather than copying them. */
    static boolean sharing() {
        return OID_FIELD != null;
    }

    /**
     * Returns a binding of {@code oid} to {@code value} that keeps both objects. Neither may be
     * changed afterwards.
     */
    static VariableBinding of(OID oid, Variable value) {
        if (OID_FIELD == null) {
            return new VariableBinding(oid, value);
        }

        VariableBinding binding = new VariableBinding();
        OID_FIELD.set(binding, oid);
        VARIABLE_FIELD.set(binding, value);
        return binding;
    }
}
