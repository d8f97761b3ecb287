package org.ikec.node.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ikec.protocol.crypto.ProposalStrings;

/**
 * strongSwan 5.9.8 initiates to the concentrator node (RFC 7296 responder role) over real
 * UDP in network namespaces.
 *
 * <p>Because strongSwan's kernel-libipsec fakes NAT detection, IKE_AUTH and ESP always move to
 * UDP 4500, so every scenario here also exercises the node's NAT-T (RFC 3948) handling.
 *
 * <p>What these tests expect from {@code ctl list --json}: {@code state} is
 * {@code ESTABLISHED} for a usable IKE SA, {@code remoteAddress} is the peer's address and
 * port as the node sees them (UDP 4500 after NAT-T floating), {@code proposal} is the negotiated
 * proposal in swanctl syntax with every transform spelled out, and the SPIs are hex.
 */
@Tag("interop")
@RequiresLab
class StrongSwanInitiatorInteropTest {

    private static final String PSK = "interop-psk-3b8e61d0c92f47a5";
    private static final String NODE_ID = "gw.ikec.test";
    private static final String CLIENT_ID = "client1.ikec.test";
    private static final String NODE_CONNECTION = "rw";
    private static final int MANAGEMENT_PORT = 7500;

    /** Maximum time the node may take to list a change that strongSwan already lists. */
    private static final Duration CONVERGENCE_TIMEOUT = Duration.ofSeconds(10);

    /** Kept when a test fails, so the charon and node logs can be read. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path workDir;

    static Stream<ProposalCase> proposals() {
        return ProposalCase.ALL.stream();
    }

    @ParameterizedTest
    @MethodSource("proposals")
    void fullLifecycleWithProposal(ProposalCase proposal) {
        String prefix;
        try (NetworkLab lab = NetworkLab.create(workDir)) {
            prefix = lab.namespacePrefix();
            LabTopology topology = LabTopology.direct(lab);
            ConcentratorNode node = startNode(lab, topology, proposal.ikeKeyword(), proposal.espKeyword());
            StrongSwanPeer strongSwan = startStrongSwan(lab, topology, proposal.ikeKeyword(), proposal.espKeyword());

            // IKE_SA_INIT and IKE_AUTH with the CHILD SA "net"
            strongSwan.initiate("net");
            IkeSaStatus established = strongSwan.ikeSa("lab").orElseThrow();
            assertThat(established.proposal()).isEqualTo(proposal.ikeAlgorithms());
            assertThat(established.child("net").proposal()).isEqualTo(proposal.espAlgorithms());
            assertAgreement(awaitAgreement(node, established), established, proposal, topology);

            // CREATE_CHILD_SA rekeying the CHILD SA: HDR, SK {N(REKEY_SA), SA, Ni, [KEi,] TSi, TSr}
            ChildSaStatus rekeyedChild = strongSwan.rekeyChild("net");
            assertThat(rekeyedChild.spiIn()).isNotEqualTo(established.child("net").spiIn());
            IkeSaStatus afterChildRekey = strongSwan.ikeSa("lab").orElseThrow();
            assertAgreement(awaitAgreement(node, afterChildRekey), afterChildRekey, proposal, topology);

            // CREATE_CHILD_SA rekeying the IKE SA: HDR, SK {SA, Ni, KEi}
            IkeSaStatus rekeyedIke = strongSwan.rekeyIke("lab");
            assertThat(rekeyedIke.spiI()).isNotEqualTo(established.spiI());
            assertThat(rekeyedIke.proposal()).isEqualTo(proposal.ikeAlgorithms());
            assertThat(rekeyedIke.child("net").spiIn()).isEqualTo(rekeyedChild.spiIn());
            assertAgreement(awaitAgreement(node, rekeyedIke), rekeyedIke, proposal, topology);

            // INFORMATIONAL liveness check: request HDR, SK {} and response HDR, SK {}
            strongSwan.awaitLivenessCheck(Duration.ofSeconds(15));
            IkeSaStatus afterLiveness = strongSwan.ikeSa("lab").orElseThrow();
            assertThat(afterLiveness.state()).isEqualTo("ESTABLISHED");
            assertThat(afterLiveness.spiI()).isEqualTo(rekeyedIke.spiI());
            assertThat(afterLiveness.spiR()).isEqualTo(rekeyedIke.spiR());
            assertThat(node.listSas()).hasSize(1);

            // INFORMATIONAL from strongSwan: HDR, SK {D(IKE)}
            strongSwan.terminateIke("lab");
            awaitNoNodeSa(node);

            // A new IKE SA, then INFORMATIONAL from the node: HDR, SK {D(IKE)}
            strongSwan.initiate("net");
            IkeSaStatus second = strongSwan.ikeSa("lab").orElseThrow();
            NodeSa secondOnNode = awaitAgreement(node, second);
            assertAgreement(secondOnNode, second, proposal, topology);

            node.terminate(secondOnNode.id());
            Waits.until("strongSwan to remove the IKE SA the node deleted", CONVERGENCE_TIMEOUT,
                    () -> strongSwan.listSas().isEmpty() ? Optional.of(true) : Optional.empty(),
                    strongSwan::logTail);
            assertThat(node.listSas()).isEmpty();
        }
        assertThat(NetworkLab.namespacesStartingWith(prefix)).isEmpty();
    }

    /**
     * strongSwan's one proposal allows ECP_256 and CURVE_25519 and it sends its first KE payload
     * for ECP_256. The node accepts only CURVE_25519, so it must respond to IKE_SA_INIT with
     * N(INVALID_KE_PAYLOAD) naming CURVE_25519, and strongSwan retries with an x25519 KE payload.
     */
    @Test
    void invalidKePayloadForcesRetryWithRequestedGroup() {
        String prefix;
        try (NetworkLab lab = NetworkLab.create(workDir)) {
            prefix = lab.namespacePrefix();
            LabTopology topology = LabTopology.direct(lab);
            ConcentratorNode node = startNode(lab, topology, "aes256gcm16-prfsha256-x25519", "aes256gcm16");
            StrongSwanPeer strongSwan = startStrongSwan(lab, topology,
                    "aes256gcm16-prfsha256-ecp256-x25519", "aes256gcm16");

            strongSwan.initiate("net");

            assertThat(strongSwan.log()).contains("peer didn't accept DH group ECP_256, it requested CURVE_25519");
            IkeSaStatus established = strongSwan.ikeSa("lab").orElseThrow();
            assertThat(established.proposal()).isEqualTo("AES_GCM_16-256/PRF_HMAC_SHA2_256/CURVE_25519");
            NodeSa onNode = awaitAgreement(node, established);
            assertThat(onNode.proposal()).isIn("aes256gcm16-prfsha256-x25519",
                    "AES_GCM_16-256/PRF_HMAC_SHA2_256/CURVE_25519");
        }
        assertThat(NetworkLab.namespacesStartingWith(prefix)).isEmpty();
    }

    /**
     * strongSwan sits behind a router that rewrites its source to 192.0.2.1, with UDP 4500
     * leaving from port 24500, so NAT detection is real here and the node must send its
     * responses to the translated address and port.
     */
    @Test
    void natTraversalThroughSourceNat() {
        String prefix;
        try (NetworkLab lab = NetworkLab.create(workDir)) {
            prefix = lab.namespacePrefix();
            LabTopology topology = LabTopology.behindNat(lab);
            ProposalCase proposal = ProposalCase.ALL.get(0);
            ConcentratorNode node = startNode(lab, topology, proposal.ikeKeyword(), proposal.espKeyword());
            StrongSwanPeer strongSwan = startStrongSwan(lab, topology, proposal.ikeKeyword(), proposal.espKeyword());

            strongSwan.initiate("net");

            IkeSaStatus established = strongSwan.ikeSa("lab").orElseThrow();
            assertThat(established.localHost()).isEqualTo(LabTopology.NATTED_INITIATOR_ADDRESS);
            assertThat(established.localPort()).isEqualTo(4500);
            assertThat(established.remoteHost()).isEqualTo(LabTopology.RESPONDER_ADDRESS);
            assertThat(established.remotePort()).isEqualTo(4500);
            assertThat(established.natLocal()).isTrue();
            assertThat(established.child("net").encap()).isTrue();
            assertThat(strongSwan.log()).contains("local host is behind NAT");

            NodeSa onNode = awaitAgreement(node, established);
            assertAgreement(onNode, established, proposal, topology);
            assertThat(onNode.remoteAddress()).isEqualTo(LabTopology.ROUTER_OUTSIDE_ADDRESS + ":24500");

            strongSwan.terminateIke("lab");
            awaitNoNodeSa(node);
        }
        assertThat(NetworkLab.namespacesStartingWith(prefix)).isEmpty();
    }

    /**
     * Waits until the node lists exactly one IKE SA whose CHILD SA "net" carries strongSwan's
     * SPIs swapped (the node's inbound SPI is strongSwan's outbound one), and returns it.
     */
    private static NodeSa awaitAgreement(ConcentratorNode node, IkeSaStatus strongSwanSa) {
        ChildSaStatus child = strongSwanSa.child("net");
        return Waits.until("the node to show CHILD SA net with SPIs in " + child.spiOut() + " out " + child.spiIn(),
                CONVERGENCE_TIMEOUT,
                () -> {
                    List<NodeSa> sas = node.listSas();
                    if (sas.size() != 1 || sas.get(0).children().size() != 1) {
                        return Optional.empty();
                    }
                    NodeChildSa nodeChild = sas.get(0).children().get(0);
                    boolean sameSpis = nodeChild.spiInHex().equals(child.spiOut())
                            && nodeChild.spiOutHex().equals(child.spiIn());
                    return sameSpis ? Optional.of(sas.get(0)) : Optional.empty();
                },
                () -> "node SAs: " + node.listSas() + "\n" + node.outputWithHeader());
    }

    private static void assertAgreement(NodeSa onNode, IkeSaStatus strongSwanSa, ProposalCase proposal,
            LabTopology topology) {
        assertThat(strongSwanSa.state()).isEqualTo("ESTABLISHED");
        assertThat(strongSwanSa.remoteId()).isEqualTo(NODE_ID);
        assertThat(onNode.state()).isEqualTo("ESTABLISHED");
        assertThat(onNode.connection()).isEqualTo(NODE_CONNECTION);
        assertThat(onNode.remoteId()).isEqualTo(CLIENT_ID);
        assertThat(onNode.remoteAddress()).startsWith(topology.initiatorAddressSeenByResponder() + ":");
        assertThat(onNode.proposal()).isEqualTo(spelledOut(proposal.ikeKeyword()));

        ChildSaStatus strongSwanChild = strongSwanSa.child("net");
        NodeChildSa nodeChild = onNode.child("net");
        assertThat(nodeChild.spiInHex()).isEqualTo(strongSwanChild.spiOut());
        assertThat(nodeChild.spiOutHex()).isEqualTo(strongSwanChild.spiIn());
        assertThat(nodeChild.proposal()).isEqualTo(proposal.espKeyword());
        assertThat(nodeChild.localTs()).containsExactly(topology.responderInnerSubnet());
        assertThat(nodeChild.remoteTs()).containsExactly(topology.initiatorInnerSubnet());
        assertThat(strongSwanChild.localTs()).containsExactly(topology.initiatorInnerSubnet());
        assertThat(strongSwanChild.remoteTs()).containsExactly(topology.responderInnerSubnet());
    }

    /** Returns an IKE proposal as the node prints it: with the PRF named even where it follows the integrity algorithm. */
    private static String spelledOut(String ikeKeyword) {
        return ProposalStrings.format(ProposalStrings.parseIke(ikeKeyword).get(0));
    }

    private static void awaitNoNodeSa(ConcentratorNode node) {
        Waits.until("the node to remove every IKE SA", CONVERGENCE_TIMEOUT,
                () -> node.listSas().isEmpty() ? Optional.of(true) : Optional.empty(),
                () -> "node SAs: " + node.listSas() + "\n" + node.outputWithHeader());
    }

    private static ConcentratorNode startNode(NetworkLab lab, LabTopology topology, String ikeProposal,
            String espProposal) {
        NodeConfig config = new NodeConfig(
                List.of(topology.responderAddress()), 500, 4500, MANAGEMENT_PORT,
                NODE_CONNECTION, List.of(ikeProposal), NODE_ID, "%any",
                "net", List.of(topology.responderInnerSubnet()), List.of(topology.initiatorInnerSubnet()),
                List.of(espProposal),
                PSK, List.of());
        return ConcentratorNode.start(lab, topology.responderNamespace(), config);
    }

    /** Starts strongSwan as initiator with a liveness check every 2 s of silence. */
    private static StrongSwanPeer startStrongSwan(NetworkLab lab, LabTopology topology, String ikeProposal,
            String espProposal) {
        StrongSwanPeer strongSwan = StrongSwanPeer.create(lab, topology.initiatorNamespace(), "strongswan");
        strongSwan.start();
        strongSwan.loadConfig(SwanctlConfig.builder("lab", "net")
                .localAddrs(topology.initiatorAddress())
                .remoteAddrs(topology.responderAddress())
                .proposals(ikeProposal)
                .espProposals(espProposal)
                .localId(CLIENT_ID)
                .remoteId(NODE_ID)
                .psk(PSK)
                .localTs(topology.initiatorInnerSubnet())
                .remoteTs(topology.responderInnerSubnet())
                .dpdDelay(Duration.ofSeconds(2))
                .startAction("none")
                .build());
        return strongSwan;
    }
}
