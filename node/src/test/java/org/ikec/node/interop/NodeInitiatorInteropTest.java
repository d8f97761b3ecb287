package org.ikec.node.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.ikec.protocol.crypto.ProposalStrings;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The concentrator node initiates (RFC 7296 initiator role) to strongSwan 5.9.8 as responder.
 * strongSwan's kernel-libipsec fakes NAT detection, so the node must also float to UDP 4500.
 */
@Tag("interop")
@RequiresLab
class NodeInitiatorInteropTest {

    private static final String PSK = "interop-psk-9d1f3a7c55e24b08";
    private static final String NODE_ID = "site.ikec.test";
    private static final String RESPONDER_ID = "resp.ikec.test";
    private static final Duration CONVERGENCE_TIMEOUT = Duration.ofSeconds(10);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path workDir;

    @Test
    void nodeInitiatesToStrongSwanResponder() {
        String prefix;
        try (NetworkLab lab = NetworkLab.create(workDir)) {
            prefix = lab.namespacePrefix();
            LabTopology topology = LabTopology.direct(lab);
            String proposal = "aes256gcm16-prfsha256-x25519";

            StrongSwanPeer responder = StrongSwanPeer.create(lab, topology.responderNamespace(), "responder");
            responder.start();
            responder.loadConfig(SwanctlConfig.builder("lab", "net")
                    .localAddrs(topology.responderAddress())
                    .proposals(proposal)
                    .espProposals("aes256gcm16")
                    .localId(RESPONDER_ID)
                    .remoteId(NODE_ID)
                    .psk(PSK)
                    .localTs(topology.responderInnerSubnet())
                    .remoteTs(topology.initiatorInnerSubnet())
                    .build());

            NodeConfig config = new NodeConfig(List.of(topology.initiatorAddress()), 500, 4500, 7500, "site",
                    List.of(proposal), NODE_ID, RESPONDER_ID, "net",
                    List.of(topology.initiatorInnerSubnet()), List.of(topology.responderInnerSubnet()),
                    List.of("aes256gcm16"), PSK, List.of(topology.responderAddress()));
            ConcentratorNode node = ConcentratorNode.start(lab, topology.initiatorNamespace(), config);

            String printed = node.initiate("site");
            assertThat(printed).matches("initiated site as IKE SA [0-9a-f]{16}");
            String id = printed.substring(printed.length() - 16);

            IkeSaStatus onResponder = Waits.until("strongSwan to list the IKE SA with its CHILD SA",
                    CONVERGENCE_TIMEOUT,
                    () -> responder.ikeSa("lab").filter(sa -> "ESTABLISHED".equals(sa.state()) && sa.children().size() == 1),
                    responder::logTail);
            NodeSa onNode = Waits.until("the node to list the IKE SA with its CHILD SA", CONVERGENCE_TIMEOUT,
                    () -> node.listSas().stream().filter(sa -> sa.children().size() == 1).findFirst(),
                    node::outputWithHeader);

            assertThat(onNode.id()).isEqualTo(id);
            assertThat(onNode.state()).isEqualTo("ESTABLISHED");
            assertThat(onNode.remoteId()).isEqualTo(RESPONDER_ID);
            assertThat(onNode.remoteAddress()).isEqualTo(topology.responderAddress() + ":4500");
            assertThat(onNode.proposal()).isEqualTo(ProposalStrings.format(ProposalStrings.parseIke(proposal).get(0)));
            assertThat(onResponder.remoteId()).isEqualTo(NODE_ID);
            assertThat(onResponder.remotePort()).isEqualTo(4500);

            ChildSaStatus responderChild = onResponder.child("net");
            NodeChildSa nodeChild = onNode.child("net");
            assertThat(nodeChild.spiInHex()).isEqualTo(responderChild.spiOut());
            assertThat(nodeChild.spiOutHex()).isEqualTo(responderChild.spiIn());
            assertThat(nodeChild.localTs()).containsExactly(topology.initiatorInnerSubnet());
            assertThat(nodeChild.remoteTs()).containsExactly(topology.responderInnerSubnet());

            node.terminate(id);
            Waits.until("strongSwan to remove the IKE SA", CONVERGENCE_TIMEOUT,
                    () -> responder.ikeSa("lab").isEmpty() ? Optional.of(true) : Optional.empty(),
                    responder::logTail);
            Waits.until("the node to remove the IKE SA", CONVERGENCE_TIMEOUT,
                    () -> node.listSas().isEmpty() ? Optional.of(true) : Optional.empty(),
                    node::outputWithHeader);
        }
        assertThat(NetworkLab.namespacesStartingWith(prefix)).isEmpty();
    }
}
