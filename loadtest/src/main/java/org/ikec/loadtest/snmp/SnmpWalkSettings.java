package org.ikec.loadtest.snmp;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The SNMP walks that run beside a load run.
 *
 * @param agent      the SNMPv2c agent to walk
 * @param community  the SNMPv2c community, left out of logs and of the result file
 * @param timeout    how long one walk may take before its snmpbulkwalk process is killed and the walk fails
 * @param searchPath the directories searched for snmpbulkwalk, separated by colons as in {@code PATH}
 */
public record SnmpWalkSettings(InetSocketAddress agent, String community, Duration timeout, String searchPath) {

    @Override
    public String toString() {
        return "SnmpWalkSettings[" + agentText() + ", timeout " + timeout + "]";
    }

    /** Returns the agent as net-snmp names it: {@code udp:HOST:PORT}, or {@code udp6:[HOST]:PORT} for IPv6. */
    String agentSpec() {
        String host = agent.getAddress().getHostAddress();
        return host.contains(":") ? "udp6:[" + host + "]:" + agent.getPort() : "udp:" + host + ":" + agent.getPort();
    }

    /** Returns the agent as {@code HOST:PORT} or {@code [HOST]:PORT}, for logs and the result file. */
    public String agentText() {
        String host = agent.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + agent.getPort();
    }
}
