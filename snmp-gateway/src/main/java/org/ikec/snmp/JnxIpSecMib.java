package org.ikec.snmp;

import org.snmp4j.smi.OID;
import org.snmp4j.smi.SMIConstants;

/**
 * OIDs and column syntaxes of the JNX-IPSEC-MONITOR-MIB tables (enterprise 2636, module
 * 1.3.6.1.4.1.2636.3.22) that the gateway serves. Column numbers and types are those of the module
 * revision of 2016-05-31; its enumerated types come from JUNIPER-IPSEC-FLOW-MON-MIB (see
 * {@link JnxCodes}).
 */
final class JnxIpSecMib {

    static final OID MODULE = new OID("1.3.6.1.4.1.2636.3.22");
    static final OID IKE_TUNNEL_ENTRY = new OID("1.3.6.1.4.1.2636.3.22.1.2.1.1");
    static final OID IPSEC_TUNNEL_ENTRY = new OID("1.3.6.1.4.1.2636.3.22.1.3.1.1");
    static final OID IPSEC_SA_ENTRY = new OID("1.3.6.1.4.1.2636.3.22.1.3.2.1");

    /** jnxIkeTunnelEntry columns. */
    static final int IKE_LOCAL_ROLE = 2;
    static final int IKE_NEG_STATE = 3;
    static final int IKE_INITIATOR_COOKIE = 4;
    static final int IKE_RESPONDER_COOKIE = 5;
    static final int IKE_LOCAL_ID_TYPE = 6;
    static final int IKE_LOCAL_ID_VALUE = 7;
    static final int IKE_LOCAL_GW_ADDR_TYPE = 8;
    static final int IKE_LOCAL_GW_ADDR = 9;
    static final int IKE_LOCAL_CERT_NAME = 10;
    static final int IKE_REMOTE_ID_TYPE = 11;
    static final int IKE_REMOTE_ID_VALUE = 12;
    static final int IKE_REMOTE_GW_ADDR_TYPE = 13;
    static final int IKE_REMOTE_GW_ADDR = 14;
    static final int IKE_NEGO_MODE = 15;
    static final int IKE_DIFF_HELLMAN_GRP = 16;
    static final int IKE_ENCRYPT_ALGO = 17;
    static final int IKE_HASH_ALGO = 18;
    static final int IKE_AUTH_METHOD = 19;
    static final int IKE_LIFE_TIME = 20;
    static final int IKE_ACTIVE_TIME = 21;
    static final int IKE_IN_OCTETS = 22;
    static final int IKE_IN_PKTS = 23;
    static final int IKE_OUT_OCTETS = 24;
    static final int IKE_OUT_PKTS = 25;

    /** jnxIpSecTunnelEntry columns; 13 to 27 are Counter64 traffic and error counters. */
    static final int TUN_RULE_NAME = 2;
    static final int TUN_TERM_NAME = 3;
    static final int TUN_LOCAL_GW_ADDR_TYPE = 4;
    static final int TUN_LOCAL_GW_ADDR = 5;
    static final int TUN_REMOTE_GW_ADDR_TYPE = 6;
    static final int TUN_REMOTE_GW_ADDR = 7;
    static final int TUN_LOCAL_PROXY_ID = 8;
    static final int TUN_REMOTE_PROXY_ID = 9;
    static final int TUN_KEY_TYPE = 10;
    static final int TUN_REMOTE_PEER_TYPE = 11;
    static final int TUN_MTU = 12;
    static final int TUN_FIRST_COUNTER = 13;
    static final int TUN_LAST_COUNTER = 27;

    /**
     * jnxIpSecSaEntry columns. Column 1 (jnxIpSecSaProtocol) and 2 (jnxIpSecSaIndex) are
     * not-accessible, so the protocol, always esp(2) here, is not served.
     */
    static final int SA_IN_SPI = 3;
    static final int SA_OUT_SPI = 4;
    static final int SA_IN_AUX_SPI = 5;
    static final int SA_OUT_AUX_SPI = 6;
    static final int SA_TYPE = 7;
    static final int SA_ENCAP_MODE = 8;
    static final int SA_LIFE_SIZE = 9;
    static final int SA_LIFE_TIME = 10;
    static final int SA_ACTIVE_TIME = 11;
    static final int SA_LIFE_SIZE_THRESHOLD = 12;
    static final int SA_LIFE_TIME_THRESHOLD = 13;
    static final int SA_ENCRYPT_ALGO = 14;
    static final int SA_AUTH_ALGO = 15;
    static final int SA_STATE = 16;

    private static final int INTEGER = SMIConstants.SYNTAX_INTEGER32;
    private static final int STRING = SMIConstants.SYNTAX_OCTET_STRING;
    private static final int COUNTER32 = SMIConstants.SYNTAX_COUNTER32;
    private static final int COUNTER64 = SMIConstants.SYNTAX_COUNTER64;
    private static final int UNSIGNED32 = SMIConstants.SYNTAX_UNSIGNED_INTEGER32;

    static final int[] IKE_TUNNEL_SYNTAX = {0, 0,
        INTEGER, INTEGER, STRING, STRING, INTEGER, STRING, INTEGER, STRING, STRING, INTEGER,
        STRING, INTEGER, STRING, INTEGER, INTEGER, INTEGER, INTEGER, INTEGER, INTEGER, INTEGER,
        COUNTER64, COUNTER32, COUNTER64, COUNTER32};

    static final int[] IPSEC_TUNNEL_SYNTAX = {0, 0,
        STRING, STRING, INTEGER, STRING, INTEGER, STRING, STRING, STRING, INTEGER, INTEGER, INTEGER,
        COUNTER64, COUNTER64, COUNTER64, COUNTER64, COUNTER64, COUNTER64, COUNTER64, COUNTER64,
        COUNTER64, COUNTER64, COUNTER64, COUNTER64, COUNTER64, COUNTER64, COUNTER64};

    static final int[] IPSEC_SA_SYNTAX = {0, 0, 0,
        UNSIGNED32, UNSIGNED32, UNSIGNED32, UNSIGNED32, INTEGER, INTEGER, INTEGER, INTEGER, INTEGER,
        INTEGER, INTEGER, INTEGER, INTEGER, INTEGER};

    private JnxIpSecMib() {
    }
}
