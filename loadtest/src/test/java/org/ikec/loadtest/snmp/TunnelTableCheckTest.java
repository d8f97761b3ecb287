package org.ikec.loadtest.snmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Checks of jnxIkeTunnelTable walks. The fixture is snmpbulkwalk 5.9.3's {@code -On} output of a
 * walk of a node holding three IKE SAs from 127.1.20.1 to 127.1.20.3 on connection "rw".
 */
class TunnelTableCheckTest {

    private static final String ROW_1 = "2.114.119.1.4.127.1.20.1.1513866721";
    private static final String ROW_2 = "2.114.119.1.4.127.1.20.2.1810993007";
    private static final String ENTRY = ".1.3.6.1.4.1.2636.3.22.1.2.1.1.";

    private static String capturedWalk() throws IOException {
        try (InputStream in = TunnelTableCheckTest.class.getResourceAsStream("/snmp/ike-tunnel-walk-3-rows.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static TunnelTableCheck.Verdict check(String stdout) {
        return TunnelTableCheck.check(WalkOutput.parse(stdout));
    }

    @Test
    void capturedWalkPasses() throws Exception {
        TunnelTableCheck.Verdict verdict = check(capturedWalk());

        assertThat(verdict.failure()).as(verdict.detail()).isNull();
        assertThat(verdict.rows()).isEqualTo(3);
        assertThat(verdict.detail()).isEmpty();
    }

    @Test
    void emptyTableHasNoRows() {
        String[] emptyOutputs = {
                "",
                ".1.3.6.1.4.1.2636.3.22.1.2.1 = No more variables left in this MIB View (It is past the end of the MIB tree)\n",
                ".1.3.6.1.4.1.2636.3.22.1.2.1 = No Such Object available on this agent at this OID\n",
                ".1.3.6.1.4.1.2636.3.22.1.2.1 = No Such Instance currently exists at this OID\n",
        };
        for (String output : emptyOutputs) {
            TunnelTableCheck.Verdict verdict = check(output);

            assertThat(verdict.failure()).as(output).isNull();
            assertThat(verdict.rows()).as(output).isZero();
        }
    }

    @Test
    void rowMissingFromSomeColumnsPasses() throws Exception {
        // Row 2 is deleted while column 9 is read and created again, with the same index, before column 15.
        List<String> lines = new ArrayList<>();
        for (String line : capturedWalk().lines().filter(line -> !line.isBlank()).toList()) {
            int column = Integer.parseInt(line.substring(ENTRY.length(), line.indexOf('.', ENTRY.length())));
            if (!(line.contains(ROW_2 + " ") && column >= 9 && column <= 14)) {
                lines.add(line);
            }
        }

        TunnelTableCheck.Verdict verdict = check(String.join("\n", lines));

        assertThat(verdict.failure()).as(verdict.detail()).isNull();
        assertThat(verdict.rows()).isEqualTo(3);
    }

    @Test
    void repeatedOidFailsOrderCheck() throws Exception {
        String line = ENTRY + "2." + ROW_1 + " = INTEGER: 2";
        String output = line + "\n" + line + "\n";

        TunnelTableCheck.Verdict verdict = check(output);

        assertThat(verdict.failure()).isEqualTo(WalkFailure.OID_NOT_INCREASING);
        assertThat(verdict.detail()).isEqualTo(ENTRY + "2." + ROW_1 + " after " + ENTRY + "2." + ROW_1);
    }

    @Test
    void endOfViewAfterLastRowPasses() throws Exception {
        // With the IPsec tables empty nothing follows jnxIkeTunnelTable in the view, so the walk
        // ends with endOfMibView under the OID of its last binding.
        List<String> lines = capturedWalk().lines().filter(line -> !line.isBlank()).toList();
        String last = lines.get(lines.size() - 1);
        String endOfView = last.substring(0, last.indexOf(" = "))
                + " = No more variables left in this MIB View (It is past the end of the MIB tree)";

        TunnelTableCheck.Verdict verdict = check(String.join("\n", lines) + "\n" + endOfView + "\n");

        assertThat(verdict.failure()).as(verdict.detail()).isNull();
        assertThat(verdict.rows()).isEqualTo(3);
    }

    @Test
    void decreasingOidFailsOrderCheck() {
        String output = ENTRY + "3." + ROW_1 + " = INTEGER: 1\n" + ENTRY + "2." + ROW_2 + " = INTEGER: 2\n";

        TunnelTableCheck.Verdict verdict = check(output);

        assertThat(verdict.failure()).isEqualTo(WalkFailure.OID_NOT_INCREASING);
        assertThat(verdict.rows()).isEqualTo(1);
    }

    @Test
    void tunnelIndexAboveSignedRangeKeepsOrder() {
        // 2147483648 is negative as a signed 32-bit number; SNMP orders it after 2147483647.
        String low = "2.114.119.1.4.127.1.20.1.2147483647";
        String high = "2.114.119.1.4.127.1.20.1.2147483648";
        String output = ENTRY + "2." + low + " = INTEGER: 2\n" + ENTRY + "2." + high + " = INTEGER: 2\n";

        TunnelTableCheck.Verdict verdict = check(output);

        assertThat(verdict.failure()).as(verdict.detail()).isNull();
        assertThat(verdict.rows()).isEqualTo(2);
    }

    @Test
    void sameSpisInTwoRowsIsDuplicate() throws Exception {
        String output = capturedWalk().replace("\"9fda36b5f2668a33\"", "\"9a20d43d5c7bb1c2\"")
                .replace("\"98c1f4554c51cf98\"", "\"757c6c2700ef5cd6\"");

        TunnelTableCheck.Verdict verdict = check(output);

        assertThat(verdict.failure()).isEqualTo(WalkFailure.DUPLICATE_ROW);
        assertThat(verdict.detail()).isEqualTo("rows ." + ROW_1 + " and ." + ROW_2
                + " show the same IKE SA, SPIs STRING: \"9a20d43d5c7bb1c2\" and STRING: \"757c6c2700ef5cd6\"");
    }

    @Test
    void remoteAddressUnlikeIndexIsInconsistent() throws Exception {
        String output = capturedWalk().replace("= Hex-STRING: 7F 01 14 02 ", "= Hex-STRING: 7F 01 14 09 ");

        TunnelTableCheck.Verdict verdict = check(output);

        assertThat(verdict.failure()).isEqualTo(WalkFailure.INCONSISTENT_ROW);
        assertThat(verdict.detail()).isEqualTo("row ." + ROW_2
                + " has jnxIkeTunMonRemoteGwAddr Hex-STRING: 7F 01 14 09 but index octets 7f011402");
    }

    @Test
    void remoteAddressTypeUnlikeIndexIsInconsistent() {
        String output = ENTRY + "13." + ROW_1 + " = INTEGER: 2\n";

        TunnelTableCheck.Verdict verdict = check(output);

        assertThat(verdict.failure()).isEqualTo(WalkFailure.INCONSISTENT_ROW);
        assertThat(verdict.detail()).isEqualTo("row ." + ROW_1
                + " has jnxIkeTunMonRemoteGwAddrType INTEGER: 2 but index type 1");
    }

    @Test
    void bindingOutsideTableIsMalformed() {
        TunnelTableCheck.Verdict verdict = check(".1.3.6.1.4.1.2636.3.22.1.3.1.1.2.1 = STRING: \"x\"\n");

        assertThat(verdict.failure()).isEqualTo(WalkFailure.MALFORMED_ROW);
        assertThat(verdict.detail()).isEqualTo("not a jnxIkeTunnelEntry instance: .1.3.6.1.4.1.2636.3.22.1.3.1.1.2.1"
                + " = STRING: \"x\"");
    }

    @Test
    void truncatedIndexIsMalformed() {
        TunnelTableCheck.Verdict verdict = check(ENTRY + "2.2.114.119.1.4.127.1 = INTEGER: 2\n");

        assertThat(verdict.failure()).isEqualTo(WalkFailure.MALFORMED_ROW);
        assertThat(verdict.detail()).startsWith("index of " + ENTRY + "2.2.114.119.1.4.127.1 ends inside an octet string");
    }

    @Test
    void indexWithExtraSubIdentifierIsMalformed() {
        TunnelTableCheck.Verdict verdict = check(ENTRY + "2." + ROW_1 + ".7 = INTEGER: 2\n");

        assertThat(verdict.failure()).isEqualTo(WalkFailure.MALFORMED_ROW);
        assertThat(verdict.detail()).startsWith("index of " + ENTRY + "2." + ROW_1 + ".7 does not end with one tunnel index");
    }
}
