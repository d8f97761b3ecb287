package org.ikec.snmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.ikec.cluster.SaSnapshot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.snmp4j.smi.OID;

/**
 * Which row changes of jnxIkeTunnelTable the row store reports to its listener: a row that
 * appears or disappears, and not a changed row, a replaced row or a node's baseline list.
 */
class TunnelRowEventsTest {

    private static final String ROW = "4.115.115.45.97.1.4.192.0.2.9.300";

    private final List<String> events = new ArrayList<>();
    private SaRowStore rows;

    @BeforeEach
    void listen() {
        rows = new SaRowStore(Clock.systemUTC());
        rows.listen(new SaRowStore.TunnelListener() {
            @Override
            public void tunnelAdded(OID rowIndex, SaSnapshot sa) {
                events.add("added " + rowIndex + " " + sa.id());
            }

            @Override
            public void tunnelRemoved(OID rowIndex, SaSnapshot sa) {
                events.add("removed " + rowIndex + " " + sa.id());
            }
        });
    }

    private static SaSnapshot sa(String id) {
        return TestSas.sa(id, "ss-a", "192.0.2.9:500", 300);
    }

    @Test
    void newRowAndRemovedRowAreReported() {
        rows.put("node-a", sa("0000000000000002"));
        rows.put("node-a", sa("0000000000000002"));
        rows.remove("node-a", "0000000000000002");

        assertThat(events).containsExactly("added " + ROW + " 0000000000000002",
                "removed " + ROW + " 0000000000000002");
    }

    @Test
    void rekeySuccessorReplacesRowSilently() {
        rows.put("node-a", sa("0000000000000002"));
        events.clear();

        rows.put("node-a", sa("0000000000000003"));
        rows.remove("node-a", "0000000000000002");

        assertThat(events).isEmpty();
    }

    @Test
    void baselineListIsNotReported() {
        rows.replaceNode("node-a", List.of(sa("0000000000000002")), true);

        assertThat(events).isEmpty();
        assertThat(rows.size()).isEqualTo(1);
    }

    @Test
    void reloadReportsOnlyChangedRows() {
        rows.put("node-a", sa("0000000000000002"));
        events.clear();
        SaSnapshot other = TestSas.sa("0000000000000005", "ss-a", "192.0.2.10:500", 301);

        rows.replaceNode("node-a", List.of(sa("0000000000000002"), other), false);
        rows.replaceNode("node-a", List.of(other), false);

        assertThat(events).containsExactly("added 4.115.115.45.97.1.4.192.0.2.10.301 0000000000000005",
                "removed " + ROW + " 0000000000000002");
    }

    @Test
    void budgetDropsBeyondMaxPerSecond() {
        NotificationBudget budget = new NotificationBudget(2);

        assertThat(budget.tryTake(10_000)).isTrue();
        assertThat(budget.tryTake(10_500)).isTrue();
        assertThat(budget.tryTake(10_999)).isFalse();
        assertThat(budget.tryTake(11_000)).isTrue();
        assertThat(budget.droppedTotal()).isEqualTo(1);
        assertThat(budget.takeDroppedSinceReport()).isEqualTo(1);
        assertThat(budget.takeDroppedSinceReport()).isZero();
    }
}
