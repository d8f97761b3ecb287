package org.ikec.loadtest.snmp;

import java.util.ArrayList;
import java.util.List;

/**
 * The variable bindings that net-snmp's snmpbulkwalk prints on standard output with {@code -On}:
 * one {@code .OID = TYPE: value} line each, where a long Hex-STRING value continues on the
 * following lines.
 */
final class WalkOutput {

    /**
     * One printed variable binding.
     *
     * @param oid   the numeric OID with its leading dot, as printed
     * @param value the text after {@code " = "}, continuation lines joined by newlines
     */
    record Binding(String oid, String value) {
    }

    private WalkOutput() {
    }

    /** Parses standard output; a line that does not start with a dot continues the value before it. */
    static List<Binding> parse(String stdout) {
        List<Binding> bindings = new ArrayList<>();
        for (String line : stdout.lines().toList()) {
            int separator = line.indexOf(" = ");
            if (line.startsWith(".") && separator > 0) {
                bindings.add(new Binding(line.substring(0, separator), line.substring(separator + 3)));
            } else if (!bindings.isEmpty() && !line.isBlank()) {
                Binding last = bindings.remove(bindings.size() - 1);
                bindings.add(new Binding(last.oid(), last.value() + "\n" + line));
            }
        }
        return bindings;
    }
}
