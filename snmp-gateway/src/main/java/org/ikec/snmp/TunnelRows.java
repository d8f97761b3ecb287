package org.ikec.snmp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import org.ikec.cluster.ChildSaSnapshot;
import org.ikec.cluster.SaSnapshot;
import org.ikec.protocol.ike.IkeTraffic;
import org.snmp4j.smi.Counter32;
import org.snmp4j.smi.Counter64;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.UnsignedInteger32;
import org.snmp4j.smi.Variable;

import static org.ikec.snmp.JnxIpSecMib.*;

/**
 * Builds the rows one IKE SA contributes to jnxIkeTunnelTable, jnxIpSecTunnelTable and
 * jnxIpSecSaTable. An IKE SA without a tunnel index yet, or whose remote address is not an IP
 * literal, has no rows.
 */
final class TunnelRows {

    /** The rows of one IKE SA, each with its index within its table. */
    record Rows(OID tunnelIndex, MibTable.Row ikeTunnel, MibTable.Row ipSecTunnel, List<MibTable.Row> ipSecSas) {

        /** Returns the index of the SA row at {@code position} (0-based); jnxIpSecSaIndex counts from 1. */
        OID saIndex(int position) {
            return new OID(tunnelIndex).append(position + 1);
        }
    }

    private static final int ROLE_INITIATOR = 1;
    private static final int ROLE_RESPONDER = 2;
    private static final int NEG_MATURED = 1;
    private static final int NEG_NOT_MATURED = 2;
    private static final int NEGO_MODE_IKEV2 = 3;
    private static final int KEY_TYPE_IKE = 1;
    private static final int PEER_TYPE_UNKNOWN = 0;
    private static final int SA_TYPE_DYNAMIC = 2;
    private static final int ENCAP_TUNNEL = 1;
    private static final int SA_STATE_UNKNOWN = 0;
    private static final int SA_STATE_ACTIVE = 1;

    private TunnelRows() {
    }

    /** Returns the rows of {@code sa}, or {@code null} when it has none yet. */
    static Rows of(SaSnapshot sa) {
        InetAddress remote = address(sa.remoteAddress());
        InetAddress local = address(sa.localAddress());
        if (sa.tunnelIndex() == null || sa.tunnelIndex() < 1 || remote == null || sa.connection() == null) {
            return null;
        }

        OID index = IndexEncoding.tunnel(sa.connection(), remote, sa.tunnelIndex());
        MibTable.Row ike = new MibTable.Row(ikeTunnelCells(sa, local, remote), sa.establishedAt());
        MibTable.Row ipSec = sa.children().isEmpty() ? null
                : new MibTable.Row(ipSecTunnelCells(sa, local, remote), null);
        List<MibTable.Row> sas = new ArrayList<>();
        for (ChildSaSnapshot child : sa.children()) {
            sas.add(new MibTable.Row(ipSecSaCells(child), child.installedAt()));
        }
        return new Rows(index, ike, ipSec, List.copyOf(sas));
    }

    private static Variable[] ikeTunnelCells(SaSnapshot sa, InetAddress local, InetAddress remote) {
        Variable[] cells = new Variable[IKE_TUNNEL_SYNTAX.length];
        boolean matured = "ESTABLISHED".equals(sa.state()) || "REKEYING".equals(sa.state());
        cells[IKE_LOCAL_ROLE] = new Integer32(sa.initiator() ? ROLE_INITIATOR : ROLE_RESPONDER);
        cells[IKE_NEG_STATE] = new Integer32(matured ? NEG_MATURED : NEG_NOT_MATURED);
        cells[IKE_INITIATOR_COOKIE] = new OctetString(sa.spiI());
        cells[IKE_RESPONDER_COOKIE] = new OctetString(sa.spiR());
        cells[IKE_LOCAL_ID_TYPE] = new Integer32(JnxCodes.identityType(sa.localId()));
        cells[IKE_LOCAL_ID_VALUE] = new OctetString(text(sa.localId()));
        putAddress(cells, IKE_LOCAL_GW_ADDR_TYPE, IKE_LOCAL_GW_ADDR, local);
        // NOTE: certificate names are not in SaSnapshot; the column serves an empty string.
        cells[IKE_LOCAL_CERT_NAME] = new OctetString("");
        cells[IKE_REMOTE_ID_TYPE] = new Integer32(JnxCodes.identityType(sa.remoteId()));
        cells[IKE_REMOTE_ID_VALUE] = new OctetString(text(sa.remoteId()));
        putAddress(cells, IKE_REMOTE_GW_ADDR_TYPE, IKE_REMOTE_GW_ADDR, remote);
        cells[IKE_NEGO_MODE] = new Integer32(NEGO_MODE_IKEV2);
        cells[IKE_DIFF_HELLMAN_GRP] = new Integer32(JnxCodes.diffieHellmanGroup(sa.proposal()));
        cells[IKE_ENCRYPT_ALGO] = new Integer32(JnxCodes.encryptAlgo(sa.proposal()));
        cells[IKE_HASH_ALGO] = new Integer32(JnxCodes.ikeHashAlgo(sa.proposal()));
        cells[IKE_AUTH_METHOD] = new Integer32(JnxCodes.authMethod(sa.authMethod()));
        // NOTE: 0 for an IKE SA that is never rekeyed lies outside the column's range 1..2147483647.
        cells[IKE_LIFE_TIME] = new Integer32(seconds(sa.ikeLifetimeSeconds()));
        cells[IKE_ACTIVE_TIME] = new Integer32(0);
        IkeTraffic traffic = sa.ikeTraffic() == null ? IkeTraffic.NONE : sa.ikeTraffic();
        cells[IKE_IN_OCTETS] = new Counter64(traffic.inOctets());
        cells[IKE_IN_PKTS] = counter32(traffic.inPackets());
        cells[IKE_OUT_OCTETS] = new Counter64(traffic.outOctets());
        cells[IKE_OUT_PKTS] = counter32(traffic.outPackets());
        return cells;
    }

    private static Variable[] ipSecTunnelCells(SaSnapshot sa, InetAddress local, InetAddress remote) {
        Variable[] cells = new Variable[IPSEC_TUNNEL_SYNTAX.length];
        ChildSaSnapshot first = sa.children().get(0);
        cells[TUN_RULE_NAME] = new OctetString(sa.connection());
        cells[TUN_TERM_NAME] = new OctetString(text(first.name()));
        putAddress(cells, TUN_LOCAL_GW_ADDR_TYPE, TUN_LOCAL_GW_ADDR, local);
        putAddress(cells, TUN_REMOTE_GW_ADDR_TYPE, TUN_REMOTE_GW_ADDR, remote);
        cells[TUN_LOCAL_PROXY_ID] = new OctetString(String.join(",", first.localTs()));
        cells[TUN_REMOTE_PROXY_ID] = new OctetString(String.join(",", first.remoteTs()));
        cells[TUN_KEY_TYPE] = new Integer32(KEY_TYPE_IKE);
        // NOTE: whether the peer's address is configured or dynamic is not in SaSnapshot: unknown(0).
        cells[TUN_REMOTE_PEER_TYPE] = new Integer32(PEER_TYPE_UNKNOWN);
        // NOTE: the tunnel MTU is not tracked; the column serves 0.
        cells[TUN_MTU] = new Integer32(0);
        // NOTE: the data plane reports no per-tunnel ESP traffic or error counts, so these serve 0. A data
        // plane that installs CHILD SAs in the kernel would read them from its SA statistics.
        for (int column = TUN_FIRST_COUNTER; column <= TUN_LAST_COUNTER; column++) {
            cells[column] = new Counter64(0);
        }
        return cells;
    }

    private static Variable[] ipSecSaCells(ChildSaSnapshot child) {
        Variable[] cells = new Variable[IPSEC_SA_SYNTAX.length];
        cells[SA_IN_SPI] = new UnsignedInteger32(Long.parseUnsignedLong(child.spiIn(), 16));
        cells[SA_OUT_SPI] = new UnsignedInteger32(Long.parseUnsignedLong(child.spiOut(), 16));
        // The auxiliary SPIs of an AH+ESP bundle do not exist here, so columns 5 and 6 have no instances.
        cells[SA_TYPE] = new Integer32(SA_TYPE_DYNAMIC);
        cells[SA_ENCAP_MODE] = new Integer32(ENCAP_TUNNEL);
        // NOTE: no volume limit is configured for CHILD SAs; life size and the thresholds serve 0.
        cells[SA_LIFE_SIZE] = new Integer32(0);
        cells[SA_LIFE_TIME] = new Integer32(seconds(child.lifetimeSeconds()));
        cells[SA_ACTIVE_TIME] = new Integer32(0);
        cells[SA_LIFE_SIZE_THRESHOLD] = new Integer32(0);
        // The soft lifetime, after which the CHILD SA is rekeyed. SA_LIFE_TIME is the hard one.
        cells[SA_LIFE_TIME_THRESHOLD] = new Integer32(seconds(child.rekeySeconds()));
        cells[SA_ENCRYPT_ALGO] = new Integer32(JnxCodes.encryptAlgo(child.proposal()));
        cells[SA_AUTH_ALGO] = new Integer32(JnxCodes.authAlgo(child.proposal()));
        cells[SA_STATE] = new Integer32("INSTALLED".equals(child.state()) ? SA_STATE_ACTIVE : SA_STATE_UNKNOWN);
        return cells;
    }

    /** Returns a Counter32 value: the low 32 bits of a count, as a 32-bit counter wraps (RFC 2578 §7.1.6). */
    static Counter32 counter32(long count) {
        return new Counter32(count & 0xffff_ffffL);
    }

    private static int seconds(long seconds) {
        return (int) Math.min(seconds, Integer.MAX_VALUE);
    }

    private static void putAddress(Variable[] cells, int typeColumn, int addressColumn, InetAddress address) {
        if (address == null) {
            return;
        }
        cells[typeColumn] = new Integer32(IndexEncoding.addressType(address));
        cells[addressColumn] = new OctetString(address.getAddress());
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    /**
     * Parses the address part of "ip:port" (IPv6 without brackets). Only literals are accepted, so
     * no name lookup ever happens.
     */
    static InetAddress address(String endpoint) {
        if (endpoint == null) {
            return null;
        }
        int colon = endpoint.lastIndexOf(':');
        String host = colon < 0 ? endpoint : endpoint.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int scope = host.indexOf('%');
        if (scope >= 0) {
            host = host.substring(0, scope);
        }
        boolean ipv4 = host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
        boolean ipv6 = host.contains(":") && host.matches("[0-9a-fA-F:.]+");
        if (!ipv4 && !ipv6) {
            return null;
        }
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
