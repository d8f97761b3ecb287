package org.ikec.snmp;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.ikec.cluster.SaSnapshot;
import org.snmp4j.smi.OID;

/**
 * The cluster's SNMP view: the sorted JNX-IPSEC-MONITOR-MIB tables and the MIB-2 system group,
 * served by one agent. {@link SaFeedFollower} keeps the tables up to date. The tables exist from
 * {@link #create} on. The agent's UDP socket is bound only between {@link #bind()} and
 * {@link #unbind()}, so a standby gateway keeps its tables current without serving them.
 */
public final class SnmpGateway implements AutoCloseable {

    /** The cluster role of nodes that run a gateway. The oldest of them binds the agent. */
    public static final String ROLE = "gateway";

    private final AgentSettings settings;
    private final SaRowStore rows;
    private final MibView view;
    private final Clock clock;
    private final long startedAt;
    private final String systemName;
    private volatile SnmpAgent agent;
    /** Sends tunnel up and down notifications while the agent is bound; null when unbound or no receiver is configured. */
    private volatile TunnelNotifier notifier;

    private SnmpGateway(AgentSettings settings, SaRowStore rows, MibView view, Clock clock, long startedAt,
                        String systemName) {
        this.settings = settings;
        this.rows = rows;
        this.view = view;
        this.clock = clock;
        this.startedAt = startedAt;
        this.systemName = systemName;
        // Only the bound gateway notifies, so a standby that follows the same rows sends nothing.
        rows.listen(new SaRowStore.TunnelListener() {
            @Override
            public void tunnelAdded(OID rowIndex, SaSnapshot sa) {
                TunnelNotifier active = notifier;
                if (active != null) {
                    active.tunnelAdded(rowIndex, sa);
                }
            }

            @Override
            public void tunnelRemoved(OID rowIndex, SaSnapshot sa) {
                TunnelNotifier active = notifier;
                if (active != null) {
                    active.tunnelRemoved(rowIndex, sa);
                }
            }
        });
    }

    /** Creates the gateway's empty tables without binding the agent's socket. */
    public static SnmpGateway create(AgentSettings settings, String systemName) {
        Clock clock = Clock.systemUTC();
        long startedAt = clock.millis();
        SaRowStore rows = new SaRowStore(clock);
        List<MibRegion> regions = new ArrayList<>(rows.tables());
        regions.add(new SystemGroup("ikec IKEv2 concentrator cluster, JNX-IPSEC-MONITOR-MIB view", systemName,
                "", "", () -> (clock.millis() - startedAt) / 10));
        return new SnmpGateway(settings, rows, new MibView(regions), clock, startedAt, systemName);
    }

    /** Creates the tables and binds the agent's UDP socket at once, serving empty tables. */
    public static SnmpGateway start(AgentSettings settings, String systemName) throws IOException {
        SnmpGateway gateway = create(settings, systemName);
        gateway.bind();
        return gateway;
    }

    /**
     * Binds the agent's UDP socket and starts serving the tables. Does nothing when the socket is bound.
     *
     * @throws IOException when the address is not available, for example while another process uses the port
     */
    public synchronized void bind() throws IOException {
        if (agent != null) {
            return;
        }
        SnmpAgent started = SnmpAgent.start(settings, view);
        if (!settings.notifications().receivers().isEmpty()) {
            try {
                notifier = TunnelNotifier.start(settings, systemName, () -> (clock.millis() - startedAt) / 10, clock);
            } catch (IOException e) {
                started.close();
                throw e;
            }
        }
        agent = started;
    }

    /** Closes the agent's UDP socket. The tables stay and keep following the cluster. */
    public synchronized void unbind() throws IOException {
        SnmpAgent bound = agent;
        TunnelNotifier sending = notifier;
        agent = null;
        notifier = null;
        if (sending != null) {
            sending.close();
        }
        if (bound != null) {
            bound.close();
        }
    }

    /** Returns whether the agent's socket is bound. */
    public boolean bound() {
        return agent != null;
    }

    /** Returns the address and port the agent binds, as configured (port 0 picks a free port at bind). */
    public AgentSettings settings() {
        return settings;
    }

    SaRowStore rows() {
        return rows;
    }

    TunnelNotifier notifier() {
        return notifier;
    }

    /** Passes the bound agent's request times to {@code timer}; see {@link SnmpAgent#timeRequests}. */
    void timeRequests(java.util.function.LongConsumer timer) {
        boundAgent().timeRequests(timer);
    }

    /**
     * Returns the UDP port the agent listens on.
     *
     * @throws IllegalStateException when the agent is not bound
     */
    public int port() {
        return boundAgent().port();
    }

    /**
     * Returns the counters of the bound agent, which start from zero at every {@link #bind()}.
     *
     * @throws IllegalStateException when the agent is not bound
     */
    public AgentCounters counters() {
        return boundAgent().counters();
    }

    private SnmpAgent boundAgent() {
        SnmpAgent bound = agent;
        if (bound == null) {
            throw new IllegalStateException("the SNMP agent on " + settings.address() + ":" + settings.port()
                    + " is not bound; this gateway is on standby");
        }
        return bound;
    }

    @Override
    public void close() throws IOException {
        unbind();
    }
}
