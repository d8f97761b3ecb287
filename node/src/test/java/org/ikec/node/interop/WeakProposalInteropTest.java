package org.ikec.node.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * strongSwan 5.9.8 initiates with the weakest of the Windows built-in IKEv2 client's default
 * proposals, {@code 3des-sha1-modp1024} for IKE and {@code 3des-sha1} for ESP, to a node whose
 * connection turns the {@code windows-default} weak set on, and to one whose connection does not.
 */
@Tag("interop")
@RequiresLab
class WeakProposalInteropTest {

    private static final String PSK = "interop-psk-5d0e27a8c4b1f963";
    private static final String NODE_ID = "gw.ikec.test";
    private static final String CLIENT_ID = "client1.ikec.test";
    private static final String NODE_CONNECTION = "rw";
    private static final int MANAGEMENT_PORT = 7500;
    private static final String WINDOWS_IKE = "3des-sha1-modp1024";
    private static final String WINDOWS_ESP = "3des-sha1";

    /** Maximum time the node may take to list a change that strongSwan already lists. */
    private static final Duration CONVERGENCE_TIMEOUT = Duration.ofSeconds(10);

    /** Kept when a test fails, so the charon and node logs can be read. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path workDir;

    @Test
    void windowsProposalEstablishesWithOptIn() {
        String prefix;
        try (NetworkLab lab = NetworkLab.create(workDir)) {
            prefix = lab.namespacePrefix();
            LabTopology topology = LabTopology.direct(lab);
            StrongSwanPeer strongSwan = startStrongSwan(lab, topology);
            assertThat(strongSwan.listAlgorithms()).contains("3DES_CBC", "HMAC_SHA1_96", "PRF_HMAC_SHA1", "MODP_1024");
            ConcentratorNode node = startNode(lab, topology, "allow_weak = windows-default");

            // IKE_SA_INIT and IKE_AUTH with 3DES, HMAC-SHA1-96, PRF_HMAC_SHA1 and MODP_1024
            strongSwan.initiate("net");

            IkeSaStatus established = strongSwan.ikeSa("lab").orElseThrow();
            assertThat(established.state()).isEqualTo("ESTABLISHED");
            assertThat(established.proposal()).isEqualTo("3DES_CBC/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_1024");
            assertThat(established.child("net").proposal()).isEqualTo("3DES_CBC/HMAC_SHA1_96");
            NodeSa onNode = awaitNodeSa(node);
            assertThat(onNode.state()).isEqualTo("ESTABLISHED");
            assertThat(onNode.connection()).isEqualTo(NODE_CONNECTION);
            assertThat(onNode.proposal()).isEqualTo("3des-sha1-prfsha1-modp1024");
            assertThat(onNode.child("net").proposal()).isEqualTo("3des-sha1");
            assertThat(onNode.child("net").spiInHex()).isEqualTo(established.child("net").spiOut());

            // CREATE_CHILD_SA rekeying the IKE SA with a fresh MODP_1024 exchange: HDR, SK {SA, Ni, KEi}
            IkeSaStatus rekeyed = strongSwan.rekeyIke("lab");
            assertThat(rekeyed.proposal()).isEqualTo("3DES_CBC/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_1024");

            // INFORMATIONAL from strongSwan: HDR, SK {D(IKE)}
            strongSwan.terminateIke("lab");
            Waits.until("the node to remove every IKE SA", CONVERGENCE_TIMEOUT,
                    () -> node.listSas().isEmpty() ? Optional.of(true) : Optional.empty(),
                    () -> "node SAs: " + node.listSas() + "\n" + node.outputWithHeader());
        }
        assertThat(NetworkLab.namespacesStartingWith(prefix)).isEmpty();
    }

    @Test
    void windowsProposalIsRefusedWithoutOptIn() {
        String prefix;
        try (NetworkLab lab = NetworkLab.create(workDir)) {
            prefix = lab.namespacePrefix();
            LabTopology topology = LabTopology.direct(lab);
            StrongSwanPeer strongSwan = startStrongSwan(lab, topology);
            ConcentratorNode node = startNode(lab, topology, "");

            // HDR(SPIr=0), SAi1(3des-sha1-prfsha1-modp1024), KEi, Ni  -->
            //                      <--  HDR(SPIr=0), N(NO_PROPOSAL_CHOSEN)
            assertThatThrownBy(() -> strongSwan.initiate("net")).isInstanceOf(AssertionError.class);

            assertThat(strongSwan.log()).contains("received NO_PROPOSAL_CHOSEN notify error");
            assertThat(node.listSas()).isEmpty();
            String refusal = Waits.until("the node to log the refusal", CONVERGENCE_TIMEOUT,
                    () -> node.output().lines().filter(line -> line.contains("refused with NO_PROPOSAL_CHOSEN"))
                            .findFirst(),
                    node::outputWithHeader);
            assertThat(refusal).contains("refused with NO_PROPOSAL_CHOSEN: no IKE proposal of connection rw matches"
                    + " the peer's 3des-sha1-prfsha1-modp1024; the offer matches the weak set windows-default of the"
                    + " Windows built-in IKEv2 client, which is off by default; set allow_weak = windows-default on"
                    + " the connection to accept it");
        }
        assertThat(NetworkLab.namespacesStartingWith(prefix)).isEmpty();
    }

    private static NodeSa awaitNodeSa(ConcentratorNode node) {
        return Waits.until("the node to list one IKE SA with CHILD SA net", CONVERGENCE_TIMEOUT,
                () -> {
                    List<NodeSa> sas = node.listSas();
                    return sas.size() == 1 && sas.get(0).children().size() == 1
                            ? Optional.of(sas.get(0)) : Optional.empty();
                },
                () -> "node SAs: " + node.listSas() + "\n" + node.outputWithHeader());
    }

    /** Starts the node with strong proposals of its own and {@code allowWeak} in the connection. */
    private static ConcentratorNode startNode(NetworkLab lab, LabTopology topology, String allowWeak) {
        NodeConfig config = new NodeConfig(
                List.of(topology.responderAddress()), 500, 4500, MANAGEMENT_PORT,
                NODE_CONNECTION, List.of("aes256gcm16-prfsha256-x25519"), NODE_ID, "%any",
                "net", List.of(topology.responderInnerSubnet()), List.of(topology.initiatorInnerSubnet()),
                List.of("aes256gcm16"),
                PSK, List.of(), allowWeak, "");
        return ConcentratorNode.start(lab, topology.responderNamespace(), config);
    }

    /** Starts strongSwan as an initiator that proposes only 3DES, SHA-1 and MODP-1024. */
    private static StrongSwanPeer startStrongSwan(NetworkLab lab, LabTopology topology) {
        StrongSwanPeer strongSwan = StrongSwanPeer.create(lab, topology.initiatorNamespace(), "strongswan");
        strongSwan.start();
        strongSwan.loadConfig(SwanctlConfig.builder("lab", "net")
                .localAddrs(topology.initiatorAddress())
                .remoteAddrs(topology.responderAddress())
                .proposals(WINDOWS_IKE)
                .espProposals(WINDOWS_ESP)
                .localId(CLIENT_ID)
                .remoteId(NODE_ID)
                .psk(PSK)
                .localTs(topology.initiatorInnerSubnet())
                .remoteTs(topology.responderInnerSubnet())
                .startAction("none")
                .build());
        return strongSwan;
    }
}
