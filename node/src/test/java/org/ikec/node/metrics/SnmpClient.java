package org.ikec.node.metrics;

import java.io.IOException;

import org.snmp4j.CommunityTarget;
import org.snmp4j.PDU;
import org.snmp4j.Snmp;
import org.snmp4j.event.ResponseEvent;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.smi.VariableBinding;
import org.snmp4j.transport.DefaultUdpTransportMapping;

/** An SNMPv2c client for the node's agent on 127.0.0.1 that sends one PDU at a time and waits for the response. */
final class SnmpClient implements AutoCloseable {

    private static final OID SYS_NAME = new OID("1.3.6.1.2.1.1.5.0");

    private final Snmp snmp;
    private final CommunityTarget<UdpAddress> target;

    SnmpClient(int port) throws IOException {
        snmp = new Snmp(new DefaultUdpTransportMapping(new UdpAddress("127.0.0.1/0")));
        snmp.listen();
        target = new CommunityTarget<>(new UdpAddress("127.0.0.1/" + port), new OctetString("public"));
        target.setVersion(SnmpConstants.version2c);
        target.setTimeout(3000);
        target.setRetries(0);
    }

    /** Sends a request of {@code type} for sysName.0, or a SET of it, and returns the response PDU. */
    PDU send(int type) throws IOException {
        PDU request = new PDU();
        request.setType(type);
        if (type == PDU.SET) {
            request.add(new VariableBinding(SYS_NAME, new OctetString("renamed")));
        } else {
            request.add(new VariableBinding(SYS_NAME));
        }
        if (type == PDU.GETBULK) {
            request.setMaxRepetitions(3);
        }

        ResponseEvent<UdpAddress> event = snmp.send(request, target);
        if (event.getResponse() == null) {
            throw new AssertionError("no SNMP response to " + PDU.getTypeString(type) + " within 3 s");
        }
        return event.getResponse();
    }

    @Override
    public void close() throws IOException {
        snmp.close();
    }
}
