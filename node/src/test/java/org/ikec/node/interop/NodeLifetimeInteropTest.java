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
 * The node rekeys a CHILD SA and then the IKE SA itself when their configured lifetimes run out,
 * with strongSwan 5.9.8 as the peer that answers the CREATE_CHILD_SA requests.
 */
@Tag("interop")
@RequiresLab
class NodeLifetimeInteropTest {

    private static final String PSK = "interop-psk-51c0e8a2d7f94b36";
    private static final String NODE_ID = "gw.ikec.test";
    private static final String CLIENT_ID = "client1.ikec.test";
    private static final String PROPOSAL = "aes256gcm16-prfsha256-x25519";
    private static final Duration REKEY_WAIT = Duration.ofSeconds(25);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path workDir;

    /** Returns strongSwan's established IKE SA; while a rekey completes it also lists the old one. */
    private static Optional<IkeSaStatus> established(StrongSwanPeer strongSwan) {
        return strongSwan.listSas().stream().filter(sa -> "ESTABLISHED".equals(sa.state())).findFirst();
    }

    private static long installedChildren(IkeSaStatus sa) {
        return sa.children().stream().filter(child -> "INSTALLED".equals(child.state())).count();
    }

    @Test
    void nodeRekeysChildSaAndIkeSaOnSchedule() {
        String prefix;
        try (NetworkLab lab = NetworkLab.create(workDir)) {
            prefix = lab.namespacePrefix();
            LabTopology topology = LabTopology.direct(lab);

            NodeConfig config = new NodeConfig(List.of(topology.responderAddress()), 500, 4500, 7500, "rw",
                    List.of(PROPOSAL), NODE_ID, "%any", "net",
                    List.of(topology.responderInnerSubnet()), List.of(topology.initiatorInnerSubnet()),
                    List.of("aes256gcm16"), PSK, List.of(),
                    "rekey_time = 12s, rand_time = 0s, over_time = 60s",
                    "rekey_time = 5s, rand_time = 0s, life_time = 60s");
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
            String firstChildSpi = first.child("net").spiIn();

            // HDR, SK {N(REKEY_SA), SA, Ni, TSi, TSr}  <--  after the CHILD SA's rekey_time of 5 s
            IkeSaStatus childRekeyed = Waits.until("strongSwan to list a CHILD SA the node rekeyed", REKEY_WAIT,
                    () -> established(strongSwan).filter(sa -> installedChildren(sa) == 1
                            && !sa.child("net").spiIn().equals(firstChildSpi)),
                    () -> strongSwan.logTail() + "\n" + node.outputWithHeader());
            assertThat(childRekeyed.child("net").state()).isEqualTo("INSTALLED");

            // HDR, SK {SA(new SPI), Ni, KEi}  <--  after the IKE SA's rekey_time of 12 s
            IkeSaStatus ikeRekeyed = Waits.until("strongSwan to list an IKE SA the node rekeyed", REKEY_WAIT,
                    () -> established(strongSwan).filter(sa -> !sa.spiI().equals(first.spiI())
                            && installedChildren(sa) == 1),
                    () -> strongSwan.logTail() + "\n" + node.outputWithHeader());

            NodeSa onNode = Waits.until("the node to list the rekeyed IKE SA", Duration.ofSeconds(10),
                    () -> node.listSas().stream().filter(sa -> sa.state().equals("ESTABLISHED")
                            && !sa.id().equals(first.spiR())).findFirst(),
                    node::outputWithHeader);
            assertThat(onNode.remoteId()).isEqualTo(CLIENT_ID);
            // The node is the responder, so its id is SPIr; the successor keeps the upper half, which names the entity.
            assertThat(onNode.id().substring(0, 8)).isEqualTo(first.spiR().substring(0, 8));
            assertThat(strongSwan.log()).doesNotContain("giving up after");
            assertThat(node.output()).contains("deleted: rekeyed").contains("IKE SA closed: rekeyed");

            strongSwan.terminateIke("lab");
            Waits.until("the node to remove every IKE SA", Duration.ofSeconds(10),
                    () -> node.listSas().isEmpty() ? Optional.of(true) : Optional.empty(),
                    node::outputWithHeader);
        }
        assertThat(NetworkLab.namespacesStartingWith(prefix)).isEmpty();
    }
}
