package org.ikec.snmp;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The cluster's SNMP view: the sorted JNX-IPSEC-MONITOR-MIB tables and the MIB-2 system group,
 * served by one agent. {@link SaFeedFollower} keeps the tables up to date.
 */
public final class SnmpGateway implements AutoCloseable {

    private final SaRowStore rows;
    private final SnmpAgent agent;
    /** Sends tunnel up and down notifications; null when no trap receiver is configured. */
    private final TunnelNotifier notifier;

    private SnmpGateway(SaRowStore rows, SnmpAgent agent, TunnelNotifier notifier) {
        this.rows = rows;
        this.agent = agent;
        this.notifier = notifier;
    }

    /** Binds the agent's UDP socket and starts serving empty tables. */
    public static SnmpGateway start(AgentSettings settings, String systemName) throws IOException {
        Clock clock = Clock.systemUTC();
        long startedAt = clock.millis();
        SaRowStore rows = new SaRowStore(clock);
        List<MibRegion> regions = new ArrayList<>(rows.tables());
        regions.add(new SystemGroup("ikec IKEv2 concentrator cluster, JNX-IPSEC-MONITOR-MIB view", systemName,
                "", "", () -> (clock.millis() - startedAt) / 10));
        SnmpAgent agent = SnmpAgent.start(settings, new MibView(regions));
        TunnelNotifier notifier = null;
        if (!settings.notifications().receivers().isEmpty()) {
            try {
                notifier = TunnelNotifier.start(settings, systemName, () -> (clock.millis() - startedAt) / 10, clock);
            } catch (IOException e) {
                agent.close();
                throw e;
            }
            rows.listen(notifier);
        }
        return new SnmpGateway(rows, agent, notifier);
    }

    SaRowStore rows() {
        return rows;
    }

    TunnelNotifier notifier() {
        return notifier;
    }

    /** Returns the UDP port the agent listens on. */
    public int port() {
        return agent.port();
    }

    public AgentCounters counters() {
        return agent.counters();
    }

    @Override
    public void close() throws IOException {
        if (notifier != null) {
            notifier.close();
        }
        agent.close();
    }
}
