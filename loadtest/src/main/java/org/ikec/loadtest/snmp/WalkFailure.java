package org.ikec.loadtest.snmp;

/** The reason a walk of jnxIkeTunnelTable failed. The names are the keys of {@code failures_by_reason}. */
public enum WalkFailure {
    /** The walk took longer than its timeout, so its snmpbulkwalk process was killed. */
    TIMEOUT,
    /** snmpbulkwalk got no response to a request within its own retries ({@code Timeout: No Response}). */
    NO_RESPONSE,
    /** An OID was not greater than the one before it, as snmpbulkwalk or the order check found. */
    OID_NOT_INCREASING,
    /** snmpbulkwalk exited with a status other than 0 for another reason. */
    EXIT_STATUS,
    /** A variable binding was outside jnxIkeTunnelEntry or its index could not be decoded. */
    MALFORMED_ROW,
    /** One IKE SA, named by its initiator and responder SPIs, appeared in two rows. */
    DUPLICATE_ROW,
    /** A row's jnxIkeTunMonRemoteGwAddrType or jnxIkeTunMonRemoteGwAddr disagreed with the row's index. */
    INCONSISTENT_ROW,
    /** snmpbulkwalk could not be started, or the walker stopped on an unexpected error; no walk follows. */
    WALKER_ERROR
}
