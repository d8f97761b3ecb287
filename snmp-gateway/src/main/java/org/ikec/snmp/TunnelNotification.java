package org.ikec.snmp;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import org.ikec.cluster.SaSnapshot;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.TimeTicks;
import org.snmp4j.smi.UnsignedInteger32;
import org.snmp4j.smi.Variable;
import org.snmp4j.smi.VariableBinding;

/**
 * The variable bindings of a tunnel up or tunnel down notification (RFC 3416 §4.2.6: sysUpTime.0,
 * snmpTrapOID.0, then the notification's objects).
 *
 * <p>Revision 2020-04-29 of JUNIPER-IPSEC-FLOW-MON-MIB defines jnxIkePeerDown (and
 * jnxIkePeerIPSecTunnelDown) under jnxIkeNotificationType, 1.3.6.1.4.1.2636.3.52.1.0.0, but no up
 * notification. A tunnel down is therefore sent as jnxIkePeerDown with its thirteen objects
 * jnxIkeTrapPeer* (1.3.6.1.4.1.2636.3.52.1.0.1.1 to .13). A tunnel up uses {@link #TUNNEL_UP},
 * under net-snmp's netSnmpPlaypen subtree for local use, with the same objects. Both end with
 * jnxIkeTunLocalRole of the tunnel's row, whose instance names the row in jnxIkeTunnelTable.
 */
final class TunnelNotification {

    /** jnxIkePeerDown, JUNIPER-IPSEC-FLOW-MON-MIB. */
    static final OID TUNNEL_DOWN = new OID("1.3.6.1.4.1.2636.3.52.1.0.0.1");
    /** ikecTunnelUp: netSnmpPlaypen (1.3.6.1.4.1.8072.9999.9999) .1 ikec, .0 notifications, .1 up. */
    static final OID TUNNEL_UP = new OID("1.3.6.1.4.1.8072.9999.9999.1.0.1");

    /** jnxIkeNotificationObj; its scalars carry the instance suffix .0. */
    private static final OID TRAP_OBJECTS = new OID("1.3.6.1.4.1.2636.3.52.1.0.1");
    private static final int PEER_REMOTE_GW_ADDR_TYPE = 1;
    private static final int PEER_REMOTE_GW_ADDR = 2;
    private static final int PEER_REMOTE_PORT = 3;
    private static final int PEER_LOCAL_GW_ADDR_TYPE = 4;
    private static final int PEER_LOCAL_GW_ADDR = 5;
    private static final int PEER_LOCAL_PORT = 6;
    private static final int PEER_ROUTING_INSTANCE = 7;
    private static final int PEER_LOCAL_ID_TYPE = 8;
    private static final int PEER_LOCAL_ID_VALUE = 9;
    private static final int PEER_REMOTE_ID_TYPE = 10;
    private static final int PEER_REMOTE_ID_VALUE = 11;
    private static final int PEER_AAA_USER_NAME = 12;
    private static final int PEER_GW_NAME = 13;

    private TunnelNotification() {
    }

    /**
     * Builds the variable bindings for {@code sa}'s tunnel, or returns null when the SA has no
     * tunnel row (no tunnel index, or an address that is not an IP literal).
     *
     * @param up true for tunnel up, false for tunnel down
     * @param uptimeHundredths the gateway's sysUpTime, in hundredths of a second
     */
    static List<VariableBinding> of(SaSnapshot sa, boolean up, long uptimeHundredths) {
        TunnelRows.Rows rows = TunnelRows.of(sa);
        InetAddress remote = TunnelRows.address(sa.remoteAddress());
        InetAddress local = TunnelRows.address(sa.localAddress());
        if (rows == null || local == null) {
            return null;
        }

        List<VariableBinding> bindings = new ArrayList<>();
        bindings.add(new VariableBinding(SnmpConstants.sysUpTime, new TimeTicks(uptimeHundredths)));
        bindings.add(new VariableBinding(SnmpConstants.snmpTrapOID, up ? TUNNEL_UP : TUNNEL_DOWN));
        add(bindings, PEER_REMOTE_GW_ADDR_TYPE, new Integer32(IndexEncoding.addressType(remote)));
        add(bindings, PEER_REMOTE_GW_ADDR, new OctetString(remote.getAddress()));
        add(bindings, PEER_REMOTE_PORT, new UnsignedInteger32(port(sa.remoteAddress())));
        add(bindings, PEER_LOCAL_GW_ADDR_TYPE, new Integer32(IndexEncoding.addressType(local)));
        add(bindings, PEER_LOCAL_GW_ADDR, new OctetString(local.getAddress()));
        add(bindings, PEER_LOCAL_PORT, new UnsignedInteger32(port(sa.localAddress())));
        // The concentrator has no routing instances, and EAP user names are not known yet.
        add(bindings, PEER_ROUTING_INSTANCE, new OctetString(""));
        add(bindings, PEER_LOCAL_ID_TYPE, new Integer32(JnxCodes.identityType(sa.localId())));
        add(bindings, PEER_LOCAL_ID_VALUE, new OctetString(text(sa.localId())));
        add(bindings, PEER_REMOTE_ID_TYPE, new Integer32(JnxCodes.identityType(sa.remoteId())));
        add(bindings, PEER_REMOTE_ID_VALUE, new OctetString(text(sa.remoteId())));
        add(bindings, PEER_AAA_USER_NAME, new OctetString(""));
        add(bindings, PEER_GW_NAME, new OctetString(sa.connection()));

        OID localRole = new OID(JnxIpSecMib.IKE_TUNNEL_ENTRY).append(JnxIpSecMib.IKE_LOCAL_ROLE)
                .append(rows.tunnelIndex());
        bindings.add(new VariableBinding(localRole, rows.ikeTunnel().cells()[JnxIpSecMib.IKE_LOCAL_ROLE]));
        return bindings;
    }

    private static void add(List<VariableBinding> bindings, int object, Variable value) {
        bindings.add(new VariableBinding(new OID(TRAP_OBJECTS).append(object).append(0), value));
    }

    /** Returns the port of "ip:port", or 0 when there is none. */
    static long port(String endpoint) {
        int colon = endpoint.lastIndexOf(':');
        try {
            return colon < 0 ? 0 : Long.parseLong(endpoint.substring(colon + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
