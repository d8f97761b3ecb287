package org.ikec.node.interop;

import java.util.Optional;

/**
 * Where the initiator and the responder of an interop test sit and which addresses they use.
 *
 * <p>{@link #direct} joins the two namespaces with one veth pair on 192.0.2.0/26.
 * {@link #behindNat} puts a router namespace between them: the initiator lives on
 * 198.51.100.0/24 and the router rewrites its packets to the router's outward address, with IKE
 * (UDP 500) leaving from port {@link #NAT_IKE_PORT} and NAT-T (UDP 4500) from port
 * {@link #NAT_NATT_PORT}, so the responder receives packets from a translated address and port. Each side also
 * owns an inner address on its loopback interface that the CHILD SA's traffic selectors name.
 *
 * @param initiatorNamespace namespace of the IKE initiator
 * @param responderNamespace namespace of the IKE responder
 * @param routerNamespace    namespace of the NAT router, empty for {@link #direct}
 * @param initiatorAddress   the initiator's own outer address
 * @param responderAddress   the responder's outer address
 * @param natAddress         the router's outward address, empty for {@link #direct}
 * @param initiatorInner     inner address behind the initiator (its local traffic selector)
 * @param responderInner     inner address behind the responder (its local traffic selector)
 */
record LabTopology(
        String initiatorNamespace,
        String responderNamespace,
        Optional<String> routerNamespace,
        String initiatorAddress,
        String responderAddress,
        Optional<String> natAddress,
        String initiatorInner,
        String responderInner) {

    static final String INITIATOR_ADDRESS = "192.0.2.1";
    static final String RESPONDER_ADDRESS = "192.0.2.2";
    static final String NATTED_INITIATOR_ADDRESS = "198.51.100.2";
    static final String ROUTER_INSIDE_ADDRESS = "198.51.100.1";
    static final String ROUTER_OUTSIDE_ADDRESS = "192.0.2.1";
    static final String INITIATOR_INNER = "192.0.2.65";
    static final String RESPONDER_INNER = "192.0.2.129";

    /** Source port the router gives to IKE packets sent to UDP 500. */
    static final int NAT_IKE_PORT = 20500;

    /** Source port the router gives to packets sent to UDP 4500 (IKE and ESP after NAT-T). */
    static final int NAT_NATT_PORT = 24500;

    /** Creates namespaces {@code init} and {@code resp} joined by one veth pair. */
    static LabTopology direct(NetworkLab lab) {
        String initiator = lab.addNamespace("init");
        String responder = lab.addNamespace("resp");

        lab.connect(initiator, INITIATOR_ADDRESS + "/26", responder, RESPONDER_ADDRESS + "/26");
        lab.addAddress(initiator, "lo", INITIATOR_INNER + "/32");
        lab.addAddress(responder, "lo", RESPONDER_INNER + "/32");

        return new LabTopology(initiator, responder, Optional.empty(), INITIATOR_ADDRESS,
                RESPONDER_ADDRESS, Optional.empty(), INITIATOR_INNER, RESPONDER_INNER);
    }

    /** Creates namespaces {@code init}, {@code nat} and {@code resp}, with source NAT in {@code nat}. */
    static LabTopology behindNat(NetworkLab lab) {
        String initiator = lab.addNamespace("init");
        String router = lab.addNamespace("nat");
        String responder = lab.addNamespace("resp");

        lab.connect(initiator, NATTED_INITIATOR_ADDRESS + "/24", router, ROUTER_INSIDE_ADDRESS + "/24");
        NetworkLab.VethPair outside = lab.connect(router, ROUTER_OUTSIDE_ADDRESS + "/26",
                responder, RESPONDER_ADDRESS + "/26");
        lab.addRoute(initiator, "default", ROUTER_INSIDE_ADDRESS);
        lab.addAddress(initiator, "lo", INITIATOR_INNER + "/32");
        lab.addAddress(responder, "lo", RESPONDER_INNER + "/32");

        lab.enableForwarding(router);
        lab.snatUdp(router, outside.interfaceA(), 500, ROUTER_OUTSIDE_ADDRESS, NAT_IKE_PORT);
        lab.snatUdp(router, outside.interfaceA(), 4500, ROUTER_OUTSIDE_ADDRESS, NAT_NATT_PORT);
        lab.masquerade(router, outside.interfaceA());

        return new LabTopology(initiator, responder, Optional.of(router), NATTED_INITIATOR_ADDRESS,
                RESPONDER_ADDRESS, Optional.of(ROUTER_OUTSIDE_ADDRESS), INITIATOR_INNER, RESPONDER_INNER);
    }

    /** Returns the source address of the initiator's packets as they reach the responder. */
    String initiatorAddressSeenByResponder() {
        return natAddress.orElse(initiatorAddress);
    }

    /** Returns the source port of the initiator's UDP 4500 packets as they reach the responder. */
    int natTPortSeenByResponder() {
        return natAddress.isPresent() ? NAT_NATT_PORT : 4500;
    }

    String initiatorInnerSubnet() {
        return initiatorInner + "/32";
    }

    String responderInnerSubnet() {
        return responderInner + "/32";
    }
}
