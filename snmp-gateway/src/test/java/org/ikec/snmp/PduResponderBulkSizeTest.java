package org.ikec.snmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.snmp4j.PDU;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.VariableBinding;

/** GETBULK responses fill the requester's size limit and never pass it (RFC 3416 §4.2.3). */
class PduResponderBulkSizeTest {

    private static final OID IKE_TUNNEL_TABLE = new OID("1.3.6.1.4.1.2636.3.22.1.2.1");

    @Test
    void getBulkStaysWithinMaxSizeAndReturnsWholeRows() {
        SaRowStore rows = new SaRowStore(Clock.systemUTC());
        for (int n = 0; n < 200; n++) {
            rows.put("node-a", TestSas.sa(String.format("%016x", n + 1), "remote-access",
                    "192.0.2." + (n % 250 + 1) + ":4500", n + 1));
        }
        PduResponder responder = new PduResponder(new MibView(new ArrayList<>(rows.tables())), new AgentCounters());

        for (int maxSize : List.of(484, 1_472, 8_192, 65_507)) {
            PDU request = new PDU();
            request.setType(PDU.GETBULK);
            request.setNonRepeaters(0);
            request.setMaxRepetitions(1_000);
            request.add(new VariableBinding(IKE_TUNNEL_TABLE));
            request.add(new VariableBinding(IKE_TUNNEL_TABLE));

            PDU response = responder.respond(request, new PDU(), false, maxSize);

            assertThat(response.getErrorStatus()).as("error status at %d octets", maxSize).isZero();
            assertThat(response.getBERLength()).as("BER length at %d octets", maxSize).isLessThanOrEqualTo(maxSize);
            assertThat(response.size()).as("bindings at %d octets", maxSize).isPositive();
            assertThat(response.size() % 2).as("whole repetitions at %d octets", maxSize).isZero();
        }
    }
}
