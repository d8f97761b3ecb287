package org.ikec.snmp;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.function.LongConsumer;

import org.snmp4j.CommandResponder;
import org.snmp4j.CommandResponderEvent;
import org.snmp4j.MessageDispatcher;
import org.snmp4j.MessageDispatcherImpl;
import org.snmp4j.PDU;
import org.snmp4j.Snmp;
import org.snmp4j.mp.MPv1;
import org.snmp4j.mp.MPv2c;
import org.snmp4j.mp.MPv3;
import org.snmp4j.mp.MessageProcessingModel;
import org.snmp4j.mp.StatusInformation;
import org.snmp4j.security.AuthHMAC192SHA256;
import org.snmp4j.security.PrivAES128;
import org.snmp4j.security.SecurityLevel;
import org.snmp4j.security.SecurityModel;
import org.snmp4j.security.SecurityProtocols;
import org.snmp4j.security.USM;
import org.snmp4j.security.UsmUser;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.smi.VariableBinding;
import org.snmp4j.transport.DefaultUdpTransportMapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A read-only SNMP command responder (RFC 3413 §3.2) over UDP for SNMPv1, SNMPv2c (community)
 * and SNMPv3 (USM, RFC 3414). A request with an unknown community is dropped and counted
 * (RFC 3584 §5.2.1, snmpInBadCommunityNames). An SNMPv3 request below authPriv gets
 * authorizationError. USM itself rejects unknown users and wrong keys with a Report-PDU.
 */
public final class SnmpAgent implements CommandResponder, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("org.ikec.snmp");

    private final Snmp snmp;
    private final DefaultUdpTransportMapping transport;
    private final byte[] community;
    private final PduResponder responder;
    private final AgentCounters counters;
    private volatile LongConsumer requestTimer = nanos -> { };

    private SnmpAgent(Snmp snmp, DefaultUdpTransportMapping transport, byte[] community, PduResponder responder,
                      AgentCounters counters) {
        this.snmp = snmp;
        this.transport = transport;
        this.community = community;
        this.responder = responder;
        this.counters = counters;
    }

    /** Binds the UDP socket of {@code settings} and starts serving requests from {@code view}. */
    static SnmpAgent start(AgentSettings settings, MibView view) throws IOException {
        DefaultUdpTransportMapping transport = new DefaultUdpTransportMapping(
                new UdpAddress(InetAddress.getByName(settings.address()), settings.port()));

        // SNMP4J keeps one protocol registry per process, keyed by protocol OID, so a second agent adds nothing.
        SecurityProtocols protocols = SecurityProtocols.getInstance();
        protocols.addAuthenticationProtocol(new AuthHMAC192SHA256());
        protocols.addPrivacyProtocol(new PrivAES128());
        OctetString engineId = new OctetString(MPv3.createLocalEngineID());
        USM usm = new USM(protocols, engineId, 0);
        for (UsmUserSettings user : settings.users()) {
            OctetString name = new OctetString(user.name());
            usm.addUser(name, new UsmUser(name, AuthHMAC192SHA256.ID, new OctetString(user.authPassword()),
                    PrivAES128.ID, new OctetString(user.privPassword())));
        }

        MessageDispatcher dispatcher = new MessageDispatcherImpl();
        dispatcher.addMessageProcessingModel(new MPv1());
        dispatcher.addMessageProcessingModel(new MPv2c());
        dispatcher.addMessageProcessingModel(new MPv3(usm));
        Snmp snmp = new Snmp(dispatcher, transport);

        AgentCounters counters = new AgentCounters();
        SnmpAgent agent = new SnmpAgent(snmp, transport, settings.community().getBytes(StandardCharsets.UTF_8),
                new PduResponder(view, counters), counters);
        snmp.addCommandResponder(agent);
        snmp.listen();
        LOG.info("SNMP agent listening on udp {}:{} (v1/v2c community, {} SNMPv3 user(s))",
                settings.address(), agent.port(), settings.users().size());
        return agent;
    }

    /** Returns the UDP port the agent listens on. */
    public int port() {
        return transport.getListenAddress().getPort();
    }

    public AgentCounters counters() {
        return counters;
    }

    /**
     * Sets the consumer of each handled request's time in nanoseconds, from the decoded request to
     * the response handed to the socket, for benchmarks. It runs on the agent's receive thread.
     */
    void timeRequests(LongConsumer timer) {
        requestTimer = timer;
    }

    @Override
    public void processPdu(CommandResponderEvent event) {
        PDU request = event.getPDU();
        if (request == null || request.getType() == PDU.RESPONSE || request.getType() == PDU.REPORT) {
            return;
        }

        long started = System.nanoTime();
        handle(event, request);
        requestTimer.accept(System.nanoTime() - started);
    }

    private void handle(CommandResponderEvent event, PDU request) {
        counters.inPkts.incrementAndGet();
        event.setProcessed(true);

        int model = event.getSecurityModel();
        if (model == SecurityModel.SECURITY_MODEL_SNMPv1 || model == SecurityModel.SECURITY_MODEL_SNMPv2c) {
            if (!MessageDigest.isEqual(community, event.getSecurityName())) {
                counters.inBadCommunityNames.incrementAndGet();
                LOG.debug("SNMP request from {} dropped: unknown community", event.getPeerAddress());
                return;
            }
        } else if (event.getSecurityLevel() < SecurityLevel.AUTH_PRIV) {
            counters.authorizationErrors.incrementAndGet();
            reply(event, authorizationError(request));
            return;
        }

        PDU response = (PDU) request.clone();
        response.setType(PDU.RESPONSE);
        response.setVariableBindings(new ArrayList<VariableBinding>());
        boolean v1 = event.getMessageProcessingModel() == MessageProcessingModel.MPv1;
        PDU answer = responder.respond(request, response, v1, event.getMaxSizeResponsePDU());
        if (answer == null) {
            counters.droppedPdus.incrementAndGet();
            return;
        }
        reply(event, answer);
    }

    private PDU authorizationError(PDU request) {
        PDU response = (PDU) request.clone();
        response.setType(PDU.RESPONSE);
        response.setErrorStatus(PDU.authorizationError);
        response.setErrorIndex(0);
        return response;
    }

    private void reply(CommandResponderEvent event, PDU response) {
        StatusInformation status = new StatusInformation();
        try {
            event.getMessageDispatcher().returnResponsePdu(event.getMessageProcessingModel(),
                    event.getSecurityModel(), event.getSecurityName(), event.getSecurityLevel(), response,
                    event.getMaxSizeResponsePDU(), event.getStateReference(), status);
        } catch (org.snmp4j.MessageException e) {
            counters.droppedPdus.incrementAndGet();
            LOG.warn("SNMP response to {} not sent: {}", event.getPeerAddress(), e.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        int port = port();
        snmp.close();
        LOG.info("SNMP agent on port {} stopped", port);
    }
}
