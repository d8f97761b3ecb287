package org.ikec.node.interop;

import java.util.List;
import java.util.Map;

/**
 * One IKE SA as strongSwan lists it with {@code swanctl --list-sas --raw}.
 *
 * @param name       configured connection name
 * @param uniqueId   strongSwan's SA number; a rekeyed IKE SA gets a new one
 * @param state      strongSwan's IKE SA state, such as {@code ESTABLISHED} or {@code CONNECTING}
 * @param localHost  local address
 * @param localPort  local UDP port
 * @param remoteHost remote address as seen by this peer, after any NAT
 * @param remotePort remote UDP port as seen by this peer
 * @param localId    local identity
 * @param remoteId   remote identity
 * @param initiator  whether this peer initiated the SA
 * @param spiI       IKE SPI of the initiator, 16 lowercase hex digits
 * @param spiR       IKE SPI of the responder
 * @param natLocal   whether this peer detected that it is behind a NAT
 * @param natRemote  whether this peer detected that the remote peer is behind a NAT
 * @param proposal   algorithms in strongSwan's notation, for example
 *                   {@code AES_GCM_16-256/PRF_HMAC_SHA2_256/CURVE_25519}
 * @param children   the CHILD SAs of this IKE SA
 */
record IkeSaStatus(
        String name,
        long uniqueId,
        String state,
        String localHost,
        int localPort,
        String remoteHost,
        int remotePort,
        String localId,
        String remoteId,
        boolean initiator,
        String spiI,
        String spiR,
        boolean natLocal,
        boolean natRemote,
        String proposal,
        List<ChildSaStatus> children) {

    IkeSaStatus {
        children = List.copyOf(children);
    }

    /** Converts every {@code list-sa event} in the raw swanctl output. */
    static List<IkeSaStatus> parseListSas(String rawOutput) {
        return ViciRawParser.parseMessages(rawOutput, "list-sa event").stream()
                .flatMap(event -> event.entrySet().stream())
                .map(entry -> fromVici(entry.getKey(), ViciValues.section(entry.getValue())))
                .toList();
    }

    private static IkeSaStatus fromVici(String name, Map<String, Object> sa) {
        List<ChildSaStatus> children = ViciValues.section(sa.getOrDefault("child-sas", Map.of()))
                .values().stream()
                .map(child -> ChildSaStatus.fromVici(ViciValues.section(child)))
                .toList();

        return new IkeSaStatus(
                name,
                Long.parseLong(ViciValues.text(sa, "uniqueid")),
                ViciValues.text(sa, "state"),
                ViciValues.text(sa, "local-host"),
                Integer.parseInt(ViciValues.text(sa, "local-port")),
                ViciValues.text(sa, "remote-host"),
                Integer.parseInt(ViciValues.text(sa, "remote-port")),
                ViciValues.text(sa, "local-id"),
                ViciValues.text(sa, "remote-id"),
                ViciValues.flag(sa, "initiator"),
                ViciValues.text(sa, "initiator-spi"),
                ViciValues.text(sa, "responder-spi"),
                ViciValues.flag(sa, "nat-local"),
                ViciValues.flag(sa, "nat-remote"),
                ViciValues.proposal(sa),
                children);
    }

    /**
     * Returns the only installed CHILD SA with this name, or throws when there is none or more
     * than one. CHILD SAs replaced by a rekey stay listed as {@code REKEYED} or {@code DELETING}
     * for a few seconds and are ignored here.
     */
    ChildSaStatus child(String childName) {
        List<ChildSaStatus> matching = children.stream()
                .filter(child -> child.name().equals(childName) && child.state().equals("INSTALLED"))
                .toList();
        if (matching.size() != 1) {
            throw new IllegalStateException("expected one installed CHILD SA named " + childName
                    + " but found " + children);
        }
        return matching.get(0);
    }
}
