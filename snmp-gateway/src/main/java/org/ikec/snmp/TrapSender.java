package org.ikec.snmp;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

import org.snmp4j.CommunityTarget;
import org.snmp4j.MessageDispatcherImpl;
import org.snmp4j.PDU;
import org.snmp4j.ScopedPDU;
import org.snmp4j.Snmp;
import org.snmp4j.Target;
import org.snmp4j.UserTarget;
import org.snmp4j.mp.MPv2c;
import org.snmp4j.mp.MPv3;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.security.AuthHMAC192SHA256;
import org.snmp4j.security.PrivAES128;
import org.snmp4j.security.SecurityLevel;
import org.snmp4j.security.SecurityProtocols;
import org.snmp4j.security.USM;
import org.snmp4j.security.UsmUser;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.smi.VariableBinding;
import org.snmp4j.transport.DefaultUdpTransportMapping;

/**
 * Sends SNMPv2-Trap-PDUs (RFC 3416 §4.2.6) to the configured receivers from its own UDP socket:
 * SNMPv2c with a community, or SNMPv3 with a USM user at authPriv (HMAC-SHA-256, AES-128). For
 * SNMPv3 the sender is the authoritative engine (RFC 3414 §1.5.1), so a receiver must know
 * {@link #engineId()}. It is derived from the system name, so a restart keeps it.
 */
final class TrapSender implements AutoCloseable {

    private final Snmp snmp;
    private final byte[] engineId;
    private final List<TrapReceiverSettings> receivers;

    private TrapSender(Snmp snmp, byte[] engineId, List<TrapReceiverSettings> receivers) {
        this.snmp = snmp;
        this.engineId = engineId;
        this.receivers = receivers;
    }

    /** Opens a UDP socket on {@code address} (any port) for the receivers of {@code settings}. */
    static TrapSender open(String address, NotificationSettings settings, List<UsmUserSettings> users,
                           String systemName) throws IOException {
        byte[] engineId = engineIdOf(systemName);
        SecurityProtocols protocols = SecurityProtocols.getInstance();
        protocols.addAuthenticationProtocol(new AuthHMAC192SHA256());
        protocols.addPrivacyProtocol(new PrivAES128());
        USM usm = new USM(protocols, new OctetString(engineId), 0);
        for (UsmUserSettings user : users) {
            OctetString name = new OctetString(user.name());
            usm.addUser(name, new UsmUser(name, AuthHMAC192SHA256.ID, new OctetString(user.authPassword()),
                    PrivAES128.ID, new OctetString(user.privPassword())));
        }

        MessageDispatcherImpl dispatcher = new MessageDispatcherImpl();
        dispatcher.addMessageProcessingModel(new MPv2c());
        MPv3 mpv3 = new MPv3(usm);
        mpv3.setLocalEngineID(engineId);
        dispatcher.addMessageProcessingModel(mpv3);
        DefaultUdpTransportMapping transport = new DefaultUdpTransportMapping(
                new UdpAddress(InetAddress.getByName(address), 0));
        Snmp snmp = new Snmp(dispatcher, transport);
        snmp.listen();
        return new TrapSender(snmp, engineId, settings.receivers());
    }

    byte[] engineId() {
        return engineId.clone();
    }

    /**
     * Returns the SNMPv3 engine ID of a gateway named {@code systemName} (RFC 3411 SnmpEngineID):
     * SNMP4J's enterprise number 4976 with the high bit set, format 5 (octets), and the first 16
     * octets of the SHA-256 digest of the name, because the name may exceed the 27 octets allowed.
     */
    // NOTE: the node passes its own address as the system name, so a gateway that takes over on
    // another node sends under another engine ID, and SNMPv3 receivers need a user for each.
    static byte[] engineIdOf(String systemName) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(systemName.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }

        byte[] engineId = new byte[5 + 16];
        engineId[0] = (byte) 0x80;
        engineId[1] = 0x00;
        engineId[2] = 0x13;
        engineId[3] = 0x70;
        engineId[4] = 5;
        System.arraycopy(digest, 0, engineId, 5, 16);
        return engineId;
    }

    /**
     * Sends one notification to every receiver.
     *
     * @throws IOException if the socket failed; the receivers after the failing one get nothing
     */
    void send(List<VariableBinding> bindings) throws IOException {
        for (TrapReceiverSettings receiver : receivers) {
            UdpAddress to = new UdpAddress(InetAddress.getByName(receiver.address()), receiver.port());
            PDU pdu;
            Target<UdpAddress> target;
            if (receiver.version() == TrapReceiverSettings.Version.V2C) {
                pdu = new PDU();
                CommunityTarget<UdpAddress> community = new CommunityTarget<>(to, new OctetString(receiver.community()));
                community.setVersion(SnmpConstants.version2c);
                target = community;
            } else {
                ScopedPDU scoped = new ScopedPDU();
                scoped.setContextEngineID(new OctetString(engineId));
                pdu = scoped;
                UserTarget<UdpAddress> user = new UserTarget<>(to, new OctetString(receiver.user()), engineId,
                        SecurityLevel.AUTH_PRIV);
                user.setVersion(SnmpConstants.version3);
                target = user;
            }
            pdu.setType(PDU.TRAP);
            pdu.addAll(bindings.toArray(new VariableBinding[0]));
            snmp.send(pdu, target);
        }
    }

    @Override
    public void close() throws IOException {
        snmp.close();
    }
}
