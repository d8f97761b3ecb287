package org.ikec.node;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's log groups. Loggers are named by concern rather than by class, so that an operator
 * can turn one concern up or down in logback.xml, or at run time with
 * {@link org.ikec.node.logging.LogLevels}.
 */
public final class LogGroups {

    /** Sockets, datagram framing and drops. */
    public static final Logger NET = LoggerFactory.getLogger("org.ikec.net");
    /** Configuration loading. */
    public static final Logger CFG = LoggerFactory.getLogger("org.ikec.cfg");
    /** Node start-up, shutdown, management requests and the actor system. */
    public static final Logger CLUSTER = LoggerFactory.getLogger("org.ikec.cluster");
    /** IKE SA lifecycle as seen by the node, such as CHILD SAs installed in the data plane. */
    public static final Logger IKE = LoggerFactory.getLogger("org.ikec.ike");
    /** Key material, written only when {@code ikec.logging.log-keys} is on. */
    public static final Logger ENC = LoggerFactory.getLogger("org.ikec.enc");
    /** The SNMP gateway and its agent. */
    public static final Logger SNMP = LoggerFactory.getLogger("org.ikec.snmp");
    /** The RADIUS client: servers marked dead, fail-over, dropped responses. */
    public static final Logger RADIUS = LoggerFactory.getLogger("org.ikec.radius");

    private LogGroups() {
    }
}
