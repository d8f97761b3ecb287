package org.ikec.loadtest.snmp;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks one walk of jnxIkeTunnelTable (JNX-IPSEC-MONITOR-MIB, 1.3.6.1.4.1.2636.3.22.1.2.1) as
 * snmpbulkwalk printed it. The walk is not a snapshot: rows come and go between its requests, so
 * a row may be missing from any run of columns. The tunnel index is a hash of the service set,
 * the peer address and both identities, so a client that reconnects gets its old row index back,
 * and its row may leave and return within one walk. What may not happen is an OID that does not
 * increase, a row whose remote gateway columns disagree with its index, or one IKE SA, named by
 * its SPIs, in two rows.
 *
 * <p>The entry index is jnxIkeTunMonSvcSetName and jnxIkeTunMonRemoteGwAddr as length-prefixed
 * octet strings around jnxIkeTunMonRemoteGwAddrType, then jnxIkeTunMonTunnelIndex (RFC 2578 §7.7).
 */
final class TunnelTableCheck {

    static final NumericOid IKE_TUNNEL_TABLE = NumericOid.parse(".1.3.6.1.4.1.2636.3.22.1.2.1");
    static final NumericOid IKE_TUNNEL_ENTRY = NumericOid.parse(".1.3.6.1.4.1.2636.3.22.1.2.1.1");

    private static final int INITIATOR_COOKIE_COLUMN = 4;
    private static final int RESPONDER_COOKIE_COLUMN = 5;
    private static final int REMOTE_GW_ADDR_TYPE_COLUMN = 13;
    private static final int REMOTE_GW_ADDR_COLUMN = 14;
    private static final String END_OF_MIB_VIEW = "No more variables left in this MIB View";
    private static final Pattern INTEGER_VALUE = Pattern.compile("INTEGER: (?:[\\w-]+\\()?(-?\\d+)\\)?");
    private static final Pattern HEX_VALUE = Pattern.compile("Hex-STRING: ([0-9A-Fa-f\\s]*)");
    private static final Pattern STRING_VALUE = Pattern.compile("STRING: \"([^\"\\\\]*)\"");

    /**
     * The outcome of one check.
     *
     * @param rows    distinct rows seen in any column
     * @param failure why the walk failed, or {@code null}
     * @param detail  the first offending OID or row, empty without a failure
     */
    record Verdict(int rows, WalkFailure failure, String detail) {

        boolean ok() {
            return failure == null;
        }
    }

    /** The decoded index of one row, and what the walk showed of it. */
    private static final class Row {
        final NumericOid index;
        final int addressType;
        final byte[] address;
        final Map<Integer, String> values = new HashMap<>();

        Row(NumericOid index, int addressType, byte[] address) {
            this.index = index;
            this.addressType = addressType;
            this.address = address;
        }
    }

    private TunnelTableCheck() {
    }

    static Verdict check(List<WalkOutput.Binding> bindings) {
        Map<NumericOid, Row> rows = new LinkedHashMap<>();
        NumericOid previous = null;
        for (WalkOutput.Binding binding : bindings) {
            NumericOid oid;
            try {
                oid = NumericOid.parse(binding.oid());
            } catch (IllegalArgumentException e) {
                return new Verdict(rows.size(), WalkFailure.MALFORMED_ROW, e.getMessage());
            }
            if (oid.equals(IKE_TUNNEL_TABLE) && isException(binding.value())) {
                // snmpbulkwalk prints an empty table as one binding of the table's own OID: endOfMibView
                // when nothing follows the table in the agent's view, else the result of a fallback GET.
                continue;
            }
            if (binding.value().startsWith(END_OF_MIB_VIEW)) {
                // When nothing follows the table in the view, for example while the IPsec tables are
                // empty, the walk ends with endOfMibView under the last OID it returned.
                break;
            }
            if (previous != null && oid.compareTo(previous) <= 0) {
                return new Verdict(rows.size(), WalkFailure.OID_NOT_INCREASING, oid + " after " + previous);
            }
            previous = oid;

            try {
                record(rows, oid, binding.value());
            } catch (IllegalArgumentException e) {
                return new Verdict(rows.size(), WalkFailure.MALFORMED_ROW, e.getMessage() + " = " + binding.value());
            }
        }

        for (Row row : rows.values()) {
            String inconsistency = inconsistency(row);
            if (inconsistency != null) {
                return new Verdict(rows.size(), WalkFailure.INCONSISTENT_ROW, inconsistency);
            }
        }
        String duplicate = duplicate(rows);
        if (duplicate != null) {
            return new Verdict(rows.size(), WalkFailure.DUPLICATE_ROW, duplicate);
        }
        return new Verdict(rows.size(), null, "");
    }

    /** Tells whether net-snmp printed an SNMPv2 exception value: noSuchObject, noSuchInstance or endOfMibView. */
    private static boolean isException(String value) {
        return value.startsWith("No Such Object") || value.startsWith("No Such Instance")
                || value.startsWith(END_OF_MIB_VIEW);
    }

    private static void record(Map<NumericOid, Row> rows, NumericOid oid, String value) {
        int entryLength = IKE_TUNNEL_ENTRY.length();
        if (!oid.startsWith(IKE_TUNNEL_ENTRY) || oid.length() < entryLength + 2) {
            throw new IllegalArgumentException("not a jnxIkeTunnelEntry instance: " + oid);
        }
        int column = (int) oid.arcs()[entryLength];
        NumericOid index = new NumericOid(oid.suffix(entryLength + 1));
        Row row = rows.get(index);
        if (row == null) {
            row = decode(index, oid);
            rows.put(index, row);
        }
        row.values.put(column, value);
    }

    /** Decodes an entry index; throws {@link IllegalArgumentException} naming {@code oid} when it is malformed. */
    private static Row decode(NumericOid index, NumericOid oid) {
        long[] arcs = index.arcs();
        int position = 0;
        int nameLength = lengthAt(arcs, position++, oid);
        position += nameLength;
        if (position + 2 > arcs.length) {
            throw new IllegalArgumentException("index of " + oid + " ends before the remote gateway address");
        }
        int addressType = (int) arcs[position++];
        int addressLength = lengthAt(arcs, position++, oid);
        byte[] address = new byte[addressLength];
        for (int i = 0; i < addressLength; i++) {
            if (arcs[position + i] > 255) {
                throw new IllegalArgumentException("index of " + oid + " has an octet above 255");
            }
            address[i] = (byte) arcs[position + i];
        }
        position += addressLength;
        if (position != arcs.length - 1) {
            throw new IllegalArgumentException("index of " + oid + " does not end with one tunnel index");
        }
        return new Row(index, addressType, address);
    }

    private static int lengthAt(long[] arcs, int position, NumericOid oid) {
        if (position >= arcs.length || arcs[position] > arcs.length - position - 1) {
            throw new IllegalArgumentException("index of " + oid + " ends inside an octet string");
        }
        return (int) arcs[position];
    }

    /** Returns what is wrong with the row, or {@code null}. */
    private static String inconsistency(Row row) {
        String type = row.values.get(REMOTE_GW_ADDR_TYPE_COLUMN);
        if (type != null) {
            Matcher number = INTEGER_VALUE.matcher(type);
            if (!number.matches() || Integer.parseInt(number.group(1)) != row.addressType) {
                return "row " + row.index + " has jnxIkeTunMonRemoteGwAddrType " + type + " but index type "
                        + row.addressType;
            }
        }
        String address = row.values.get(REMOTE_GW_ADDR_COLUMN);
        if (address != null && !sameOctets(address, row.address)) {
            return "row " + row.index + " has jnxIkeTunMonRemoteGwAddr " + address.strip()
                    + " but index octets " + HexFormat.of().formatHex(row.address);
        }
        return null;
    }

    /** Compares a printed OCTET STRING with {@code octets}; a STRING value with escapes is not compared. */
    private static boolean sameOctets(String printed, byte[] octets) {
        Matcher hex = HEX_VALUE.matcher(printed.strip());
        if (hex.matches()) {
            String digits = hex.group(1).replaceAll("\\s", "");
            return digits.equalsIgnoreCase(HexFormat.of().formatHex(octets));
        }
        Matcher string = STRING_VALUE.matcher(printed.strip());
        if (string.matches()) {
            return string.group(1).equals(new String(octets, StandardCharsets.ISO_8859_1));
        }
        return true;
    }

    /** Returns the second row that shows an IKE SA already seen in another row, or {@code null}. */
    private static String duplicate(Map<NumericOid, Row> rows) {
        Map<String, NumericOid> rowBySpis = new HashMap<>();
        for (Row row : rows.values()) {
            String spiI = row.values.get(INITIATOR_COOKIE_COLUMN);
            String spiR = row.values.get(RESPONDER_COOKIE_COLUMN);
            if (spiI == null || spiR == null) {
                continue;
            }
            NumericOid earlier = rowBySpis.putIfAbsent(spiI + " / " + spiR, row.index);
            if (earlier != null) {
                return "rows " + earlier + " and " + row.index + " show the same IKE SA, SPIs " + spiI.strip()
                        + " and " + spiR.strip();
            }
        }
        return null;
    }
}
