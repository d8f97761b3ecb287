package org.ikec.node.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * strongSwan 5.9.8 sets up two IKE SAs in a row with a node whose Diffie-Hellman key pair serves
 * several IKE SAs ({@code ikec.ike.dh-reuse}, RFC 7296 §2.12). The peer receives only a
 * responder KE payload, so both handshakes must complete as with a fresh key pair each.
 */
@Tag("interop")
@RequiresLab
class DhReuseInteropTest {

    private static final String PSK = "interop-psk-8e41d2c07b5a9f63";
    private static final String NODE_ID = "gw.ikec.test";
    private static final String CLIENT_ID = "client1.ikec.test";
    private static final String PROPOSAL = "aes256gcm16-prfsha256-x25519";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path workDir;

    @Test
    void twoIkeSasInARowEstablish() {
        String prefix;
        try (NetworkLab lab = NetworkLab.create(workDir)) {
            prefix = lab.namespacePrefix();
            LabTopology topology = LabTopology.direct(lab);
            NodeConfig config = new NodeConfig(List.of(topology.responderAddress()), 500, 4500, 7500, "rw",
                    List.of(PROPOSAL), NODE_ID, "%any", "net",
                    List.of(topology.responderInnerSubnet()), List.of(topology.initiatorInnerSubnet()),
                    List.of("aes256gcm16"), PSK, List.of(), "", "", "ike.dh-reuse { uses = 10, max-age = 60s }");
            ConcentratorNode node = ConcentratorNode.start(lab, topology.responderNamespace(), config);
            StrongSwanPeer strongSwan = StrongSwanPeer.create(lab, topology.initiatorNamespace(), "strongswan");
            strongSwan.start();
            strongSwan.loadConfig(SwanctlConfig.builder("lab", "net")
                    .localAddrs(topology.initiatorAddress())
                    .remoteAddrs(topology.responderAddress())
                    .proposals(PROPOSAL)
                    .espProposals("aes256gcm16")
                    .localId(CLIENT_ID)
                    .remoteId(NODE_ID)
                    .psk(PSK)
                    .localTs(topology.initiatorInnerSubnet())
                    .remoteTs(topology.responderInnerSubnet())
                    .startAction("none")
                    .build());

            strongSwan.initiate("net");
            IkeSaStatus first = strongSwan.ikeSa("lab").orElseThrow();
            strongSwan.terminateIke("lab");
            awaitNoNodeSa(node);
            strongSwan.initiate("net");
            IkeSaStatus second = strongSwan.ikeSa("lab").orElseThrow();

            assertThat(first.state()).isEqualTo("ESTABLISHED");
            assertThat(second.state()).isEqualTo("ESTABLISHED");
            assertThat(second.spiR()).isNotEqualTo(first.spiR());
            assertThat(second.child("net").state()).isEqualTo("INSTALLED");
            assertThat(node.output()).contains("Diffie-Hellman reuse is on (ikec.ike.dh-reuse): one private key"
                    + " serves up to 10 IKE SAs within 60000 ms");
            assertThat(node.listSas()).extracting(NodeSa::id).containsExactly(second.spiR());
        }
        assertThat(NetworkLab.namespacesStartingWith(prefix)).isEmpty();
    }

    private static void awaitNoNodeSa(ConcentratorNode node) {
        Waits.until("the node to remove the first IKE SA", Duration.ofSeconds(10),
                () -> node.listSas().isEmpty() ? Optional.of(true) : Optional.empty(), node::outputWithHeader);
    }
}
