package org.ikec.node.interop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * net-snmp's command-line clients (snmpwalk, snmpbulkwalk, snmpget) run with SNMPv2c inside a lab
 * namespace against an agent on that namespace's loopback. Output is parsed from {@code -On}
 * form: one {@code .OID = TYPE: value} line per variable binding, where a long Hex-STRING value
 * continues on the following lines.
 */
final class NetSnmpClient {

    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final NetworkLab lab;
    private final String namespace;
    private final String agent;
    private final String community;

    /**
     * One variable binding as net-snmp prints it.
     *
     * @param oid   numeric OID with its leading dot
     * @param value the type and value text after {@code " = "}, continuation lines joined by newlines
     */
    record Binding(String oid, String value) {
    }

    /**
     * The outcome of one client run.
     *
     * @param exitCode the client's exit code, -1 when it timed out
     * @param bindings the variable bindings it printed, in output order
     * @param output   everything it printed, for failure messages
     */
    record Result(int exitCode, List<Binding> bindings, String output) {
    }

    NetSnmpClient(NetworkLab lab, String namespace, String agent, String community) {
        this.lab = lab;
        this.namespace = namespace;
        this.agent = agent;
        this.community = community;
    }

    /** Walks the subtree with GETNEXT requests. It never passes {@code -Cc}, so a non-increasing OID fails the walk. */
    Result walk(String subtree) {
        return run("snmpwalk", List.of(subtree));
    }

    /** Walks the subtree with GETBULK requests of {@code maxRepetitions} repetitions. */
    Result bulkWalk(String subtree, int maxRepetitions) {
        return run("snmpbulkwalk", List.of("-Cr" + maxRepetitions, subtree));
    }

    /** Reads the OIDs with one GET request. */
    Result get(List<String> oids) {
        return run("snmpget", oids);
    }

    private Result run(String tool, List<String> arguments) {
        List<String> command = new ArrayList<>(List.of(tool, "-v2c", "-c", community, "-On", "-t", "2", "-r", "1",
                agent));
        command.addAll(arguments);

        CommandResult result = lab.exec(namespace, command, COMMAND_TIMEOUT);
        return new Result(result.exitCode(), parse(result.output()), result.output());
    }

    /** Parses {@code -On} output. A line that does not start with a dot continues the previous value. */
    static List<Binding> parse(String output) {
        List<Binding> bindings = new ArrayList<>();
        for (String line : output.lines().toList()) {
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
