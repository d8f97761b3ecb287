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

    private record Entry(String node, TunnelRows.Rows rows) {
    }

    private final MibTable ikeTunnels;
    private final MibTable ipSecTunnels;
    private final MibTable ipSecSas;
    private final Map<String, Entry> bySaId = new HashMap<>();
    /** The SA that last wrote each tunnel row, because an IKE SA rekey briefly has two SAs on one tunnel index. */
    private final Map<OID, String> saIdByTunnel = new HashMap<>();

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

    /** Stores {@code sa} as reported by {@code node}, which becomes its owner. */
    synchronized void put(String node, SaSnapshot sa) {
        TunnelRows.Rows rows = TunnelRows.of(sa);
        Entry previous = bySaId.put(sa.id(), new Entry(node, rows));
        if (previous != null && previous.rows() != null) {
            unpublish(sa.id(), previous.rows(), rows);
        }
        if (rows != null) {
            publish(sa.id(), rows);
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
            unpublish(saId, entry.rows(), null);
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

    private void publish(String saId, TunnelRows.Rows rows) {
        saIdByTunnel.put(rows.tunnelIndex(), saId);
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
    }

    /** Removes the rows of {@code old} that {@code replacement} (possibly null) does not overwrite. */
    private void unpublish(String saId, TunnelRows.Rows old, TunnelRows.Rows replacement) {
        boolean overwritten = replacement != null && replacement.tunnelIndex().equals(old.tunnelIndex());
        if (overwritten || !saId.equals(saIdByTunnel.get(old.tunnelIndex()))) {
            return;
        }
        saIdByTunnel.remove(old.tunnelIndex());
        ikeTunnels.remove(old.tunnelIndex());
        ipSecTunnels.remove(old.tunnelIndex());
        ipSecSasBeyond(old.tunnelIndex(), 0);
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
