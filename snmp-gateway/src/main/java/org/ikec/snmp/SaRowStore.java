package org.ikec.snmp;

import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.ikec.cluster.SaSnapshot;
import org.snmp4j.smi.OID;

/**
 * The gateway's rows: every IKE SA of the cluster, with the node that last reported it, spread over
 * the three JNX-IPSEC-MONITOR-MIB tables. One writer (the gateway actor, or a test) changes it; the
 * SNMP agent reads the tables at the same time without locking.
 */
final class SaRowStore {

    private record Entry(String node, SaSnapshot sa, TunnelRows.Rows rows) {
    }

    /** Listener for rows that appear in or disappear from jnxIkeTunnelTable, each with the SA that last wrote it. */
    interface TunnelListener {

        void tunnelAdded(OID rowIndex, SaSnapshot sa);

        void tunnelRemoved(OID rowIndex, SaSnapshot sa);
    }

    private static final TunnelListener SILENT = new TunnelListener() {
        @Override
        public void tunnelAdded(OID rowIndex, SaSnapshot sa) {
        }

        @Override
        public void tunnelRemoved(OID rowIndex, SaSnapshot sa) {
        }
    };

    private final MibTable ikeTunnels;
    private final MibTable ipSecTunnels;
    private final MibTable ipSecSas;
    private final Map<String, Entry> bySaId = new HashMap<>();
    /** The SA that last wrote each tunnel row, because an IKE SA rekey briefly has two SAs on one tunnel index. */
    private final Map<OID, String> saIdByTunnel = new HashMap<>();
    private TunnelListener listener = SILENT;
    /** True while a node's first full list is loaded, which the listener does not hear of. */
    private boolean quiet;

    SaRowStore(Clock clock) {
        this.ikeTunnels = new MibTable(JnxIpSecMib.IKE_TUNNEL_ENTRY, JnxIpSecMib.IKE_TUNNEL_SYNTAX,
                JnxIpSecMib.IKE_ACTIVE_TIME, clock);
        this.ipSecTunnels = new MibTable(JnxIpSecMib.IPSEC_TUNNEL_ENTRY, JnxIpSecMib.IPSEC_TUNNEL_SYNTAX, -1, clock);
        this.ipSecSas = new MibTable(JnxIpSecMib.IPSEC_SA_ENTRY, JnxIpSecMib.IPSEC_SA_SYNTAX,
                JnxIpSecMib.SA_ACTIVE_TIME, clock);
    }

    /** Returns the three tables, in OID order. */
    List<MibTable> tables() {
        return List.of(ikeTunnels, ipSecTunnels, ipSecSas);
    }

    /** Makes {@code listener} hear of every row that appears in or disappears from jnxIkeTunnelTable from now on. */
    synchronized void listen(TunnelListener listener) {
        this.listener = listener;
    }

    /** Stores {@code sa} as reported by {@code node}, which becomes its owner. */
    synchronized void put(String node, SaSnapshot sa) {
        TunnelRows.Rows rows = TunnelRows.of(sa);
        Entry previous = bySaId.put(sa.id(), new Entry(node, sa, rows));
        if (previous != null && previous.rows() != null) {
            unpublish(sa.id(), previous, rows);
        }
        if (rows != null) {
            publish(sa, rows);
        }
    }

    /** Removes the SA when {@code node} still owns it; a report from a former owner is ignored. */
    synchronized void remove(String node, String saId) {
        Entry entry = bySaId.get(saId);
        if (entry == null || !entry.node().equals(node)) {
            return;
        }
        bySaId.remove(saId);
        if (entry.rows() != null) {
            unpublish(saId, entry, null);
        }
    }

    /**
     * Makes {@code sas} the complete set of SAs {@code node} owns, as reported by a full list from
     * that node. The first list of a node after the gateway started is the baseline, so the
     * listener hears nothing of it when {@code baseline} is true.
     */
    synchronized void replaceNode(String node, List<SaSnapshot> sas, boolean baseline) {
        quiet = baseline;
        try {
            replaceNode(node, sas);
        } finally {
            quiet = false;
        }
    }

    /** Makes {@code sas} the complete set of SAs {@code node} owns, as reported by a full list from that node. */
    synchronized void replaceNode(String node, List<SaSnapshot> sas) {
        Set<String> current = new HashSet<>();
        for (SaSnapshot sa : sas) {
            current.add(sa.id());
        }
        for (String saId : idsOwnedBy(node)) {
            if (!current.contains(saId)) {
                remove(node, saId);
            }
        }
        for (SaSnapshot sa : sas) {
            put(node, sa);
        }
    }

    /** Drops every SA {@code node} still owns; returns how many. */
    synchronized int removeNode(String node) {
        Set<String> owned = idsOwnedBy(node);
        for (String saId : owned) {
            remove(node, saId);
        }
        return owned.size();
    }

    synchronized int size() {
        return bySaId.size();
    }

    private Set<String> idsOwnedBy(String node) {
        Set<String> owned = new HashSet<>();
        bySaId.forEach((saId, entry) -> {
            if (entry.node().equals(node)) {
                owned.add(saId);
            }
        });
        return owned;
    }

    private void publish(SaSnapshot sa, TunnelRows.Rows rows) {
        boolean added = !ikeTunnels.rows().containsKey(rows.tunnelIndex());
        saIdByTunnel.put(rows.tunnelIndex(), sa.id());
        ipSecSasBeyond(rows.tunnelIndex(), rows.ipSecSas().size());
        for (int position = 0; position < rows.ipSecSas().size(); position++) {
            ipSecSas.put(rows.saIndex(position), rows.ipSecSas().get(position));
        }
        if (rows.ipSecTunnel() != null) {
            ipSecTunnels.put(rows.tunnelIndex(), rows.ipSecTunnel());
        } else {
            ipSecTunnels.remove(rows.tunnelIndex());
        }
        ikeTunnels.put(rows.tunnelIndex(), rows.ikeTunnel());
        if (added && !quiet) {
            listener.tunnelAdded(rows.tunnelIndex(), sa);
        }
    }

    /** Removes the rows of {@code previous} that {@code replacement} (possibly null) does not overwrite. */
    private void unpublish(String saId, Entry previous, TunnelRows.Rows replacement) {
        TunnelRows.Rows old = previous.rows();
        boolean overwritten = replacement != null && replacement.tunnelIndex().equals(old.tunnelIndex());
        if (overwritten || !saId.equals(saIdByTunnel.get(old.tunnelIndex()))) {
            return;
        }
        saIdByTunnel.remove(old.tunnelIndex());
        ikeTunnels.remove(old.tunnelIndex());
        ipSecTunnels.remove(old.tunnelIndex());
        ipSecSasBeyond(old.tunnelIndex(), 0);
        if (!quiet) {
            listener.tunnelRemoved(old.tunnelIndex(), previous.sa());
        }
    }

    /** Removes the SA rows of a tunnel from position {@code count} on. */
    private void ipSecSasBeyond(OID tunnelIndex, int count) {
        int position = count;
        while (ipSecSas.rows().containsKey(new OID(tunnelIndex).append(position + 1))) {
            ipSecSas.remove(new OID(tunnelIndex).append(position + 1));
            position++;
        }
    }
}
