package org.ikec.snmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.SMIConstants;
import org.snmp4j.smi.VariableBinding;

/**
 * A walk through the view returns exactly the instances that repeated GETNEXT lookups return,
 * from any starting OID: inside a row, between columns, past the last column, before and after
 * a region, and with SNMPv1's skipping of Counter64 columns.
 */
class MibViewWalkTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T01:00:00Z"), ZoneOffset.UTC);
    private static final String IKE_ENTRY = "1.3.6.1.4.1.2636.3.22.1.2.1.1";
    private static final String SA_ENTRY = "1.3.6.1.4.1.2636.3.22.1.3.2.1";

    @Test
    void walkMatchesRepeatedNext() {
        MibView view = viewWithSas();
        List<OID> starts = new ArrayList<>(List.of(new OID("0"), new OID("1.3.6.1.2.1.1"), new OID("1.3.6.1.2.1.1.9"),
                new OID("1.3.6.1.4.1.2636.3.22"), new OID(IKE_ENTRY), new OID(IKE_ENTRY + ".1"),
                new OID(IKE_ENTRY + ".5.4.115.115.45.98"), new OID(IKE_ENTRY + ".25.255"), new OID(IKE_ENTRY + ".26"),
                new OID(IKE_ENTRY + ".4294967295"), new OID(SA_ENTRY + ".5"), new OID("1.3.6.1.4.1.2636.3.23"),
                new OID("2")));
        starts.addAll(allInstances(view, false));

        for (boolean v1 : List.of(false, true)) {
            for (OID start : starts) {
                assertThat(walked(view, start, v1)).as("walk from %s, v1 %s", start, v1)
                        .containsExactlyElementsOf(nextByNext(view, start, v1));
            }
        }
    }

    @Test
    void walkEndsWithNullAndStaysThere() {
        MibView view = viewWithSas();
        MibView.Walk walk = view.walk(new OID(SA_ENTRY + ".16.255"), false);

        assertThat(walk.next()).isNull();
        assertThat(walk.next()).isNull();
    }

    @Test
    void walkCoversEveryInstanceOnce() {
        MibView view = viewWithSas();

        // 7 system group objects, then 3 SAs with 24 IKE tunnel, 26 IPsec tunnel and 12 SA cells each.
        // SNMPv1 skips the Counter64 cells: 2 IKE octet counters and 15 IPsec tunnel counters per SA.
        assertThat(allInstances(view, false)).hasSize(7 + 3 * (24 + 26 + 12));
        long counter64Cells = walked(view, new OID("0"), false).stream()
                .filter(binding -> binding.getSyntax() == SMIConstants.SYNTAX_COUNTER64).count();
        assertThat(counter64Cells).isEqualTo(3 * (2 + 15));
        assertThat(allInstances(view, true)).hasSize(allInstances(view, false).size() - (int) counter64Cells);
    }

    private static MibView viewWithSas() {
        SaRowStore rows = new SaRowStore(CLOCK);
        rows.put("node-a", TestSas.sa("0000000000000001", "ss-b", "192.0.2.200:500", 7));
        rows.put("node-a", TestSas.sa("0000000000000002", "ss-a", "192.0.2.9:500", 300));
        rows.put("node-b", TestSas.sa("0000000000000003", "ss-a", "2001:db8::5:500", 9));
        List<MibRegion> regions = new ArrayList<>(rows.tables());
        regions.add(new SystemGroup("walk test", "walk-test", "", "", () -> 42));
        return new MibView(regions);
    }

    private static List<OID> allInstances(MibView view, boolean v1) {
        return walked(view, new OID("0"), v1).stream().map(VariableBinding::getOid).toList();
    }

    private static List<VariableBinding> walked(MibView view, OID start, boolean v1) {
        List<VariableBinding> bindings = new ArrayList<>();
        MibView.Walk walk = view.walk(start, v1);
        for (VariableBinding next = walk.next(); next != null; next = walk.next()) {
            bindings.add(next);
        }
        return bindings;
    }

    private static List<VariableBinding> nextByNext(MibView view, OID start, boolean v1) {
        List<VariableBinding> bindings = new ArrayList<>();
        for (VariableBinding next = view.next(start, v1); next != null; next = view.next(next.getOid(), v1)) {
            bindings.add(next);
        }
        return bindings;
    }
}
